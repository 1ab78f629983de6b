import type { LoyaltyBaseKernel } from './kernel.ts';
import { Promotions } from './promotions.ts';

/**
 * Loyalty (issue 16): the product catalogue, promotions and their mechanics, the offers API for
 * tills and web shops (evaluate, redeem), bonus points. Each part is one service; they reach each
 * other through this object.
 */
export class Loyalty {
  readonly promotions: Promotions;

  constructor(k: LoyaltyBaseKernel) {
    this.promotions = new Promotions(k, this);
  }
}
