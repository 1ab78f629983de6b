import { describe, expect, it } from 'vitest';
import {
  evaluateRecommendations,
  evaluationCases,
  type Order,
  recommend,
  recommendPopular,
  synthBaskets,
  trainAndEvaluate,
  trainRecommendations,
} from './recommendations.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

const generate = (seed: number, people = 600, signal = 0.8) => synthBaskets({ seed, people, signal, start: T0 });

describe('insights: recommendations (pure)', () => {
  it('co-purchase neighbours: cosine of the orders, top-N kept, support threshold, ties by id', () => {
    const o = (personId: string, items: string[], at = T0): Order => ({ personId, at, items });
    const m = trainRecommendations(
      [o('a', ['X', 'Y']), o('b', ['X', 'Y']), o('c', ['X', 'Z']), o('d', ['X']), o('e', ['W', 'Z'])],
      { topN: 5, minSupport: 1 },
    );
    // X in 4 orders, Y in 2, together twice: 2 / sqrt(8).
    expect(m.neighbours.X![0]).toEqual(['Y', Number((2 / Math.sqrt(8)).toFixed(6))]);
    expect(m.neighbours.X!.map((n) => n[0])).toEqual(['Y', 'Z']);
    expect(m.popularity[0]).toEqual(['X', 4]);
    expect(trainRecommendations([o('a', ['X', 'Y'])], { minSupport: 2 }).neighbours).toEqual({});
    const lift = trainRecommendations([o('a', ['X', 'Y']), o('b', ['X', 'Y']), o('c', ['Z'])], {
      similarity: 'lift',
      minSupport: 1,
    });
    expect(lift.neighbours.X![0]).toEqual(['Y', 1.5]);
  });

  it('recommends neighbours of what she bought, never what she bought in the last 30 days, then popular ones', () => {
    const train: Order[] = [];
    for (let i = 0; i < 20; i++) train.push({ personId: `p${i}`, at: T0, items: ['TEA', 'HONEY'] });
    for (let i = 0; i < 30; i++) train.push({ personId: `q${i}`, at: T0, items: ['SOAP'] });
    for (let i = 0; i < 5; i++) train.push({ personId: `s${i}`, at: T0, items: ['TEA', 'LEMON'] });
    const m = trainRecommendations(train);
    const now = T0 + 100 * DAY;
    const mine = [{ personId: 'x', at: now - 3 * DAY, items: ['TEA'] }];
    const recs = recommend(m, mine, { now, limit: 4 });
    expect(recs.map((r) => r.productId)).toEqual(['HONEY', 'LEMON', 'SOAP']);
    expect(recs[0]!.score).toBeGreaterThan(recs[1]!.score);
    // The popular fallback ranks below every co-purchase score.
    expect(recs[2]!.score).toBeLessThan(1e-3);
    // No history: popularity only; a purchase 60 days ago may come back.
    expect(recommend(m, [], { now, limit: 2 }).map((r) => r.productId)).toEqual(['SOAP', 'TEA']);
    const old = [{ personId: 'x', at: now - 60 * DAY, items: ['HONEY'] }];
    expect(recommend(m, old, { now, limit: 2 }).map((r) => r.productId)).toEqual(['TEA', 'SOAP']);
    expect(recommendPopular(m, mine, { now, limit: 2 }).map((r) => r.productId)).toEqual(['SOAP', 'HONEY']);
  });

  it('evaluation cases: history before the cut-off, truth after it without what was just bought', () => {
    const cut = T0 + 100 * DAY;
    const cases = evaluationCases(
      [
        { personId: 'a', at: cut - 10 * DAY, items: ['X'] },
        { personId: 'a', at: cut + 10 * DAY, items: ['X', 'Y'] },
        { personId: 'b', at: cut + 10 * DAY, items: ['Y'] },
      ],
      cut,
    );
    expect(cases).toHaveLength(1);
    expect([...cases[0]!.future]).toEqual(['Y']);
  });

  it('beats popularity on planted co-purchase structure, deterministically, on two seeds', () => {
    for (const [seed, signal] of [
      [1, 0.8],
      [2, 0.6],
    ] as const) {
      const orders = generate(seed, 800, signal);
      const holdout = (p: string) => Number(p.slice(1)) % 10 === 0;
      const cut = T0 + 75 * DAY;
      const a = trainAndEvaluate(orders, holdout, cut);
      const b = trainAndEvaluate(orders, holdout, cut);
      expect(b).toEqual(a);
      expect(a.evaluation.model.people).toBeGreaterThan(30);
      expect(a.evaluation.precisionLift!).toBeGreaterThan(1.5);
      expect(a.evaluation.model.recall).toBeGreaterThan(a.evaluation.popularity.recall);
    }
    // Evaluating is pure: the same cases give the same figures.
    const orders = generate(3);
    const m = trainRecommendations(orders.filter((o) => !o.personId.endsWith('0')));
    const cases = evaluationCases(
      orders.filter((o) => o.personId.endsWith('0')),
      T0 + 75 * DAY,
    );
    expect(evaluateRecommendations(m, cases, T0 + 75 * DAY)).toEqual(evaluateRecommendations(m, cases, T0 + 75 * DAY));
  });
});
