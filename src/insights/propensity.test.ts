import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/seeded-random.ts';
import { type ResponseExample, scorePropensity, trainPropensity, withResponseHistory } from './propensity.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/**
 * Six past campaigns, two types: vitamin buyers respond to "buy 2 get 1" (buy-n-get-m), frequent
 * buyers to double points (points-multiplier); everyone else rarely. `strength` scales the effect.
 */
function generate(seed: number, people = 1500, strength = 1): ResponseExample[] {
  const r = seededRandom(seed);
  const persons = Array.from({ length: people }, (_, i) => ({
    id: `p${i}`,
    vitamins: r.next(),
    frequency: r.int(0, 12),
    recency: r.int(1, 300),
  }));
  const out: ResponseExample[] = [];
  for (let c = 0; c < 6; c++) {
    const type = c % 2 ? 'points-multiplier' : 'buy-n-get-m';
    for (const p of persons) {
      if (!r.chance(0.5)) continue;
      const affinity = type === 'buy-n-get-m' ? p.vitamins : p.frequency / 12;
      const prob = 0.04 + strength * 0.3 * affinity ** 2;
      out.push({
        personId: p.id,
        campaignId: `c${c}`,
        type,
        at: T0 + c * 30 * DAY,
        responded: r.chance(prob),
        features: { share_vitamins: p.vitamins, frequency: p.frequency, recency_days: p.recency },
      });
    }
  }
  return out;
}

describe('insights: response propensity (pure)', () => {
  it('a person’s response history counts only campaigns launched before', () => {
    const e = (campaignId: string, at: number, responded: boolean): ResponseExample => ({
      personId: 'a',
      campaignId,
      type: 'none',
      at,
      responded,
      features: {},
    });
    const h = withResponseHistory([e('c2', T0 + 2, false), e('c1', T0 + 1, true), e('c3', T0 + 3, true)]);
    expect(h.map((x) => [x.campaignId, x.features.past_campaigns, x.features.past_response_rate])).toEqual([
      ['c2', 1, 1],
      ['c1', 0, 0],
      ['c3', 2, 0.5],
    ]);
  });

  it('finds the planted responders per type, beats the past-response baseline, same seed → same model', () => {
    for (const [seed, strength] of [
      [7, 1],
      [8, 0.6],
    ] as const) {
      const data = generate(seed, 1500, strength);
      const a = trainPropensity(data, { seed: 20 });
      const b = trainPropensity(data, { seed: 20 });
      expect(b).toEqual(a);
      if (a.status !== 'ready') throw new Error(a.reason);
      expect(Object.keys(a.params.byType).sort()).toEqual(['buy-n-get-m', 'points-multiplier']);
      expect(a.metrics.auc!).toBeGreaterThan(0.65);
      expect(a.metrics.auc!).toBeGreaterThan(a.baseline.auc! + 0.05);
      // Each type's model leans on its own planted feature.
      const lean = (t: string, f: string) => {
        const m = a.params.byType[t]!;
        return m.coefficients[a.params.features.indexOf(f)]!;
      };
      expect(lean('buy-n-get-m', 'share_vitamins')).toBeGreaterThan(Math.abs(lean('buy-n-get-m', 'frequency')));
      expect(lean('points-multiplier', 'frequency')).toBeGreaterThan(
        Math.abs(lean('points-multiplier', 'share_vitamins')),
      );
      const vit = scorePropensity(a.params, 'buy-n-get-m', { share_vitamins: 0.95, frequency: 1, recency_days: 30 });
      const low = scorePropensity(a.params, 'buy-n-get-m', { share_vitamins: 0.05, frequency: 1, recency_days: 30 });
      expect(vit.score).toBeGreaterThan(low.score);
      expect(vit.factors[0]!.feature).toBe('share_vitamins');
      // Another seed splits differently (the figures move), but still deterministically.
      expect(trainPropensity(data, { seed: 21 })).not.toEqual(a);
    }
  });

  it('a type never trained on scores with the pooled model; too few examples → insufficient_data', () => {
    const data = generate(9, 1500);
    const m = trainPropensity(data, { seed: 20 });
    if (m.status !== 'ready') throw new Error(m.reason);
    const s = scorePropensity(m.params, 'gift', { share_vitamins: 0.5, frequency: 5, recency_days: 10 });
    expect(s.score).toBeGreaterThan(0);
    expect(s.score).toBeLessThan(1);
    const few = trainPropensity(data.slice(0, 50), { seed: 20 });
    expect(few.status).toBe('insufficient_data');
    if (few.status === 'insufficient_data') expect(few.reason).toMatch(/50 campaign recipients/);
  });
});
