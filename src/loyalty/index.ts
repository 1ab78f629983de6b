import { defineModule } from '../core/module.ts';
import { Loyalty } from './loyalty.ts';
import { loyaltySettings } from './settings.ts';
import { loyaltyRoutes } from './routes.ts';
import { registerLoyaltyPersonData } from './person-data.ts';
import { seedLoyaltyDemo } from './demo.ts';
import type { LoyaltyBaseKernel, LoyaltyServices } from './kernel.ts';

/** Loyalty: products, promotions, the offers API for tills and web shops, bonus points (issue 16). */
export const loyalty = defineModule<LoyaltyServices, LoyaltyBaseKernel>({
  name: 'loyalty',
  dependsOn: ['cdp', 'crm'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: loyaltySettings,
  create: (k) => ({ loyalty: new Loyalty(k) }),
  routes: loyaltyRoutes,
  permissions: ['loyalty:read', 'loyalty:write'],
  // GDPR export and erase of a person's points, redemptions and birthday grants (person-data.ts).
  privacy: (k) => registerLoyaltyPersonData(k.privacy),
  webhookEntities: [['promotion', 'Promotion']],
  // The pharmacy's catalogue, promotions and members' points, from the CDP demo's orders (demo.ts).
  demo: { seed: seedLoyaltyDemo, after: ['cdp'] },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation-loyalty.ts);
  // /persons/:id/points is under the CDP's /persons/:id.
  isolation: { paramResource: { '/api/v1/promotions/:id': 'promotion' } },
});

export type { LoyaltyKernel, LoyaltyServices, LoyaltyBaseKernel } from './kernel.ts';
export type { Loyalty } from './loyalty.ts';
export type { PromotionView } from './promotions.ts';
