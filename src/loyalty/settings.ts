import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';

/** The loyalty module's settings (`kartoteka config` lists them after core's). */
export const loyaltySettings = {
  pointsPer100: {
    env: 'KARTOTEKA_POINTS_PER_100',
    schema: int(0, 10_000),
    default: 1,
    description:
      'Base bonus points earned per 100 roubles paid (rounded down); a points_multiplier promotion multiplies them. One point spends as one rouble',
  },
  pointsTtlDays: {
    env: 'KARTOTEKA_POINTS_TTL_DAYS',
    schema: int(0, 36_500),
    default: 365,
    description:
      'Days after which earned bonus points expire (oldest first, by a job every few minutes); 0 = they never expire',
  },
  pointsExpiryScanSeconds: {
    env: 'KARTOTEKA_POINTS_EXPIRY_SCAN_SECONDS',
    schema: int(1, 86_400),
    default: 300,
    description: 'How often a worker looks for bonus points past their expiry and expires them',
  },
} as const satisfies SettingsSpec;

export type LoyaltySettings = SettingsOf<typeof loyaltySettings>;
