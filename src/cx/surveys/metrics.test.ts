import { describe, expect, it } from 'vitest';
import { ces, countScores, csat, figures, isLow, nps, npsCategory, responseRate } from './metrics.ts';

/** The metrics on hand-computed fixtures (the figures in the comments are worked out by hand). */
describe('cx: survey metrics', () => {
  it('NPS: % promoters (9–10) − % detractors (0–6)', () => {
    // 10 answers: promoters 10,10,9,9 (4); passives 8,7 (2); detractors 6,5,0,3 (4) → 40 % − 40 % = 0.
    expect(nps(countScores([10, 10, 9, 9, 8, 7, 6, 5, 0, 3]))).toEqual({
      responses: 10,
      promoters: 4,
      passives: 2,
      detractors: 4,
      nps: 0,
    });
    // 7 answers: promoters 5, passive 1, detractor 1 → (5 − 1) / 7 = 57.142… → 57.1.
    expect(nps(countScores([9, 10, 10, 9, 9, 7, 2])).nps).toBe(57.1);
    // All detractors → −100; none → null (not 0).
    expect(nps(countScores([0, 6, 3])).nps).toBe(-100);
    expect(nps(countScores([])).nps).toBeNull();
    // The boundaries: 6 is a detractor, 7 and 8 passives, 9 a promoter.
    expect([6, 7, 8, 9].map(npsCategory)).toEqual(['detractor', 'passive', 'passive', 'promoter']);
  });

  it('CSAT: share of 4–5 on 1–5', () => {
    // 4,5,5 satisfied of 1,2,3,4,5,5 → 3 / 6 = 50 %.
    expect(csat(countScores([1, 2, 3, 4, 5, 5]))).toBe(50);
    // 2 of 3 → 66.666… → 66.7.
    expect(csat(countScores([4, 5, 3]))).toBe(66.7);
    expect(csat(countScores([]))).toBeNull();
  });

  it('CES: the average effort', () => {
    // (1 + 2 + 2 + 7) / 4 = 3.
    expect(ces(countScores([1, 2, 2, 7]))).toBe(3);
    // (5 + 6 + 6) / 3 = 5.666… → 5.67.
    expect(ces(countScores([5, 6, 6]))).toBe(5.67);
    expect(ces(countScores([]))).toBeNull();
  });

  it('response rate: answered / delivered', () => {
    expect(responseRate(3, 12)).toBe(25);
    expect(responseRate(1, 3)).toBe(33.3);
    expect(responseRate(0, 0)).toBeNull();
    expect(responseRate(5, 4)).toBe(100);
  });

  it('figures by type; what counts as a low answer', () => {
    expect(figures('nps', countScores([10, 0])).score).toBe(0);
    expect(figures('csat', countScores([5, 1, 4, 4])).score).toBe(75);
    expect(figures('csat', countScores([5, 1])).nps).toBeNull();
    expect(figures('ces', countScores([2, 4])).score).toBe(3);
    expect([isLow('nps', 6), isLow('nps', 7), isLow('csat', 2), isLow('csat', 3), isLow('ces', 1)]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});
