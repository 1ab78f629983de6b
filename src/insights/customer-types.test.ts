import { describe, it, expect } from 'vitest';
import { CLUSTER_FEATURES, nameClusters, silhouette } from './customer-types.ts';

describe('insights: customer types (k-means, named clusters)', () => {
  it('silhouette on a hand-computed fixture', () => {
    // Two points at 0 and 1 (cluster 0), one at 5 (cluster 1), on a line.
    // p0: a = 1, b = 5 → 0.8; p1: a = 1, b = 4 → 0.75; p2: a singleton → 0. Mean = 1.55 / 3.
    const s = silhouette([[0], [1], [5]], [0, 0, 1]);
    expect(s).toBeCloseTo(1.55 / 3, 10);
    // One cluster only: no separation to speak of.
    expect(silhouette([[0], [1]], [0, 0])).toBe(0);
  });

  it('clusters are named after the archetype their centroid points to, each name once', () => {
    const at = (p: Partial<Record<(typeof CLUSTER_FEATURES)[number], number>>) =>
      CLUSTER_FEATURES.map((f) => p[f] ?? 0);
    const names = nameClusters([
      at({ recencyDays: 1.2, logOrders: -0.8, orders180: -0.9, visits30: -0.4 }),
      at({ recencyDays: -1.1, logOrders: 1.3, logRevenue: 1.2, orders180: 1.1 }),
      at({ tenureDays: -1.2, logOrders: -0.6, recencyDays: -0.8 }),
      // Two clusters alike: the second closest takes the next best name, not the same one.
      at({ recencyDays: -1, logOrders: 1.2, logRevenue: 1.1, orders180: 1 }),
    ]);
    expect(names.slice(0, 3)).toEqual(['hibernating', 'champions', 'new']);
    expect(names[3]).not.toBe('champions');
    expect(new Set(names).size).toBe(4);
  });
});
