import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { CampaignStep, CampaignVariant } from './campaign-tables.ts';

/**
 * The stable random parts of a campaign, pure: a person's bucket in [0, 10000) is the first 28
 * bits of md5("<campaignId>:<salt><personId>") mod 10000. The same campaign and person always land
 * in the same bucket — across a relaunch, a restarted job, the estimate (which computes it in SQL
 * with `bucketSql`) and the demo.
 */
export const BUCKETS = 10_000;

export function bucketOf(campaignId: string, personId: string, salt = ''): number {
  const h = createHash('md5').update(`${campaignId}:${salt}${personId}`).digest('hex');
  return Number.parseInt(h.slice(0, 7), 16) % BUCKETS;
}

/** The same bucket in SQL (PostgreSQL and PGlite): `person` is an expression of the person id (uuid). */
export function bucketSql(campaignId: string, person: RawBuilder<unknown>, salt = ''): RawBuilder<number> {
  return sql<number>`(('x' || lpad(substr(md5(${`${campaignId}:${salt}`} || ${person}::text), 1, 7), 8, '0'))::bit(32)::int % ${BUCKETS})`;
}

/** The hold-out: control when the bucket is below controlPercent × 100 (10 % → buckets 0..999). */
export function isControl(campaignId: string, personId: string, controlPercent: number): boolean {
  return bucketOf(campaignId, personId) < Math.round(controlPercent * 100);
}

/** In the A/B test's first part (testPercent of the treatment) or waiting for the winner. */
export function inAbTest(campaignId: string, personId: string, testPercent: number): boolean {
  return bucketOf(campaignId, personId, 'ab-test:') < Math.round(testPercent * 100);
}

/** The variant of a step for a person: cumulative shares over an independent bucket. */
export function variantOf(campaignId: string, personId: string, variants: CampaignVariant[]): CampaignVariant {
  const b = bucketOf(campaignId, personId, 'variant:');
  let upTo = 0;
  for (const v of variants) {
    upTo += Math.round(v.share * 100);
    if (b < upTo) return v;
  }
  return variants[variants.length - 1];
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** "7d", "48h", "30m", "2w" → milliseconds; null when not such a duration. */
export function durationMs(s: string | null | undefined): number | null {
  const m = /^(\d{1,5})([mhdw])$/.exec(s ?? '');
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  return ms > 0 ? ms : null;
}
/** The same duration as a PostgreSQL interval literal ('7 days'). */
export function durationInterval(s: string): string {
  return `${durationMs(s)! / 1000} seconds`;
}

/** The step whose variants are A/B-tested (one at most when an A/B test is set). */
export const abStepIndex = (steps: CampaignStep[]) => steps.findIndex((s) => !!s.variants?.length);
