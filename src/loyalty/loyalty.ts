import type { DbOrTx } from '../core/db/schema.ts';
import type { AppendedEvent } from '../cdp/index.ts';
import type { LoyaltyBaseKernel } from './kernel.ts';
import { Products } from './products.ts';
import { Promotions } from './promotions.ts';
import { Points } from './points.ts';
import { Offers } from './offers.ts';
import { Birthdays } from './birthdays.ts';

/** Segments re-evaluated after loyalty events (Offer Redeemed, Points …), queued in the change's transaction. */
export const SEGMENTS_JOB = 'loyalty.segments-evaluate';

/**
 * Loyalty (issue 16): the product catalogue, promotions and their mechanics, the offers API for
 * tills and web shops (evaluate, redeem), bonus points and the birthday grants. Each part is one
 * service; they reach each other through this object.
 */
export class Loyalty {
  readonly products: Products;
  readonly promotions: Promotions;
  readonly points: Points;
  readonly offers: Offers;
  readonly birthdays: Birthdays;

  constructor(protected k: LoyaltyBaseKernel) {
    this.products = new Products(k);
    this.promotions = new Promotions(k, this);
    this.points = new Points(k, this);
    this.offers = new Offers(k, this);
    this.birthdays = new Birthdays(k, this);
    k.jobs.define<{ personIds: string[]; events: string[] }>({
      name: SEGMENTS_JOB,
      retryLimit: 3,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => k.segments.evaluate(ctx.workspaceId, data.personIds, { events: data.events }),
    });
  }

  /**
   * Appends loyalty events to persons' timelines through the CDP, in the caller's transaction, and
   * queues the segments that read them (only when a segment of the workspace does).
   */
  async timeline(trx: DbOrTx, ws: string, events: AppendedEvent[]): Promise<void> {
    if (!events.length) return;
    await this.k.cdp.directory.appendEvents(trx, ws, events);
    const names = [...new Set(events.map((e) => e.event))];
    if (!(await this.k.segments.watchesEvents(ws, names, trx))) return;
    await this.k.jobs.enqueue(
      ws,
      SEGMENTS_JOB,
      { personIds: [...new Set(events.map((e) => e.personId))], events: names },
      { trx },
    );
  }
}
