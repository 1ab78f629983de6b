import { describe, it, expect } from 'vitest';
import { buyNGetM } from './buy-n-get-m.ts';
import { percentOff } from './percent-off.ts';
import { gift } from './gift.ts';
import { basePoints, pointsMultiplier } from './points-multiplier.ts';
import { birthdaysDue } from './birthday-points.ts';
import { evaluateCart, notApplicable, type Context, type Rule } from './evaluate.ts';
import { parseParams } from './params.ts';
import type { Line } from './types.ts';

/** Lines from [sku, category, quantity, price in roubles]. */
const cart = (...rows: [string, string | null, number, number][]): Line[] =>
  rows.map(([sku, category, quantity, price], index) => ({
    index,
    sku,
    category,
    quantity,
    price: Math.round(price * 100),
    free: 0,
    discount: 0,
    percentApplied: false,
  }));

const rule = (over: Partial<Rule> & Pick<Rule, 'mechanic' | 'params'>): Rule => ({
  id: over.id ?? `p-${over.mechanic}`,
  name: over.name ?? over.mechanic,
  startsAt: null,
  endsAt: null,
  geography: { regions: [], cities: [], stores: [] },
  segmentId: null,
  limitPerPerson: null,
  limitTotal: null,
  redemptions: 0,
  ...over,
});

describe('loyalty mechanics (pure, hand-computed carts)', () => {
  it('buy N get M: the cheapest eligible units are free, one per full group of n+m', () => {
    // Vitamins: 2 × 690 (D3), 1 × 320 (C), 2 × 480 (Mg) = 5 eligible units; a cream is not eligible.
    const lines = cart(
      ['VIT-D3', 'Витамины', 2, 690],
      ['VIT-C', 'Витамины', 1, 320],
      ['VIT-MG', 'Витамины', 2, 480],
      ['CREAM', 'Косметика', 1, 100],
    );
    const r = buyNGetM(lines, { n: 2, m: 1, categories: ['Витамины'] });
    // 5 units / 3 → 1 group → 1 free unit: the cheapest vitamin (320), not the cheaper cream.
    expect(r.reward.discount).toBe(32000);
    expect(r.reward.freeItems).toEqual([{ sku: 'VIT-C', quantity: 1 }]);
    expect(r.lines[1].free).toBe(1);
    // 6 units (one more D3) → 2 free: 320 and 480.
    const six = buyNGetM(
      cart(['VIT-D3', 'Витамины', 3, 690], ['VIT-C', 'Витамины', 1, 320], ['VIT-MG', 'Витамины', 2, 480]),
      {
        n: 2,
        m: 1,
        categories: ['Витамины'],
      },
    );
    expect(six.reward.discount).toBe(32000 + 48000);
    expect(six.reward.freeItems).toEqual([
      { sku: 'VIT-C', quantity: 1 },
      { sku: 'VIT-MG', quantity: 1 },
    ]);
    // Fewer than n+m: nothing; by sku filter only that sku counts.
    expect(buyNGetM(cart(['A', null, 2, 10]), { n: 2, m: 1 }).reward.discount).toBe(0);
    expect(buyNGetM(cart(['A', null, 3, 10], ['B', null, 3, 5]), { n: 1, m: 1, skus: ['A'] }).reward).toMatchObject({
      discount: 1000,
      freeItems: [{ sku: 'A', quantity: 1 }],
    });
  });

  it('percent off: eligible paid amount, rounded per line, never twice on a line', () => {
    const lines = cart(['A', 'X', 3, 33.33], ['B', 'Y', 1, 100]);
    const r = percentOff(lines, { percent: 15, categories: ['X'] });
    // 3 × 33.33 = 99.99 → 15 % = 14.9985 → 15.00
    expect(r.reward.discount).toBe(1500);
    expect(r.lines[0].discount).toBe(1500);
    expect(percentOff(r.lines, { percent: 50 }).reward.discount).toBe(5000); // only B is left
    // Free units are not discounted again: 2 units of 100 with one free → 10 % of 100.
    const withFree = buyNGetM(cart(['A', null, 2, 100]), { n: 1, m: 1 }).lines;
    expect(percentOff(withFree, { percent: 10 }).reward.discount).toBe(1000);
  });

  it('gift: one gift line when an eligible paid line reaches minTotal', () => {
    const lines = cart(['SPF', 'Косметика', 1, 1650], ['PARA', 'Обезболивающие', 1, 60]);
    expect(gift(lines, { giftSku: 'LIPS', minTotal: 1500, categories: ['Косметика'] }).reward.gifts).toEqual([
      { sku: 'LIPS', quantity: 1 },
    ]);
    expect(gift(lines, { giftSku: 'LIPS', minTotal: 1700, categories: ['Косметика'] }).reward.gifts).toEqual([]);
    expect(gift(lines, { giftSku: 'LIPS', skus: ['NONE'] }).reward.gifts).toEqual([]);
  });

  it('points: base per 100 roubles rounded down; a multiplier adds the rest', () => {
    expect(basePoints(123456, 1)).toBe(12);
    expect(pointsMultiplier(123456, 1, { multiplier: 5 })).toBe(61 - 12);
    expect(basePoints(9999, 1)).toBe(0);
    expect(pointsMultiplier(100000, 2, { multiplier: 1.5 })).toBe(30 - 20);
  });

  it('birthday window: the MM-DD due today and the birthday year', () => {
    const due = birthdaysDue(new Date('2026-12-30T10:00:00Z'), { points: 500, daysBefore: 3, daysAfter: 1 });
    expect([...due]).toEqual([
      ['12-29', 2026],
      ['12-30', 2026],
      ['12-31', 2026],
      ['01-01', 2027],
      ['01-02', 2027],
    ]);
    expect(birthdaysDue(new Date('2027-02-28T00:00:00Z'), { points: 1 }).get('02-29')).toBe(2027);
    expect(birthdaysDue(new Date('2028-02-28T00:00:00Z'), { points: 1 }).has('02-29')).toBe(false);
  });

  it('a whole cart: mechanics in order, the best multiplier only, totals in roubles', () => {
    // 3 vitamins at 500 (n=2,m=1 → one free), 1 cream 1000 at 10 % off, gift on cosmetics ≥ 500, 5× and 2× points.
    const lines = cart(['VIT', 'Витамины', 3, 500], ['CREAM', 'Косметика', 1, 1000]);
    const rules = [
      rule({ id: 'x2', mechanic: 'points_multiplier', params: { multiplier: 2 } }),
      rule({ id: 'gift', mechanic: 'gift', params: { giftSku: 'LIPS', minTotal: 500, categories: ['Косметика'] } }),
      rule({ id: 'pct', mechanic: 'percent_off', params: { percent: 10, categories: ['Косметика'] } }),
      rule({ id: 'b21', mechanic: 'buy_n_get_m', params: { n: 2, m: 1, categories: ['Витамины'] } }),
      rule({ id: 'x5', mechanic: 'points_multiplier', params: { multiplier: 5 } }),
    ];
    const e = evaluateCart(lines, rules, { pointsPer100: 1 });
    expect(e.subtotal).toBe(2500);
    expect(e.totalDiscount).toBe(600); // 500 free + 100 off
    expect(e.total).toBe(1900);
    expect(e.promotions.map((p) => p.promotionId)).toEqual(['b21', 'pct', 'gift', 'x5']);
    expect(e.promotions[3].reward.points).toBe(95 - 19);
    expect(e.pointsEarned).toBe(95);
    // Spending 900 points: earned on the 1000 paid.
    expect(evaluateCart(lines, rules, { pointsPer100: 1, pointsPaid: 900 }).pointsEarned).toBe(50);
  });

  it('applicability: dates, places, segment, limits', () => {
    const ctx: Context = {
      now: new Date('2026-12-06T12:00:00Z'),
      region: 'Поволжье',
      city: 'Казань',
      store: 'AP-050',
      segments: new Set(['seg-1']),
      usedByPerson: new Map([['lim', 2]]),
    };
    const base = { mechanic: 'percent_off' as const, params: { percent: 10 } };
    expect(notApplicable(rule(base), ctx)).toBeNull();
    expect(notApplicable(rule({ ...base, startsAt: new Date('2026-12-07T00:00:00Z') }), ctx)).toBe('not started');
    expect(notApplicable(rule({ ...base, endsAt: new Date('2026-12-06T12:00:00Z') }), ctx)).toBe('ended');
    expect(
      notApplicable(rule({ ...base, geography: { regions: ['поволжье'], cities: [], stores: [] } }), ctx),
    ).toBeNull();
    expect(notApplicable(rule({ ...base, geography: { regions: ['Москва'], cities: [], stores: [] } }), ctx)).toBe(
      'region',
    );
    expect(notApplicable(rule({ ...base, geography: { regions: [], cities: [], stores: ['AP-001'] } }), ctx)).toBe(
      'store',
    );
    expect(notApplicable(rule({ ...base, segmentId: 'seg-2' }), ctx)).toBe('segment');
    expect(notApplicable(rule({ ...base, limitTotal: 5, redemptions: 5 }), ctx)).toBe('total limit reached');
    expect(notApplicable(rule({ ...base, id: 'lim', limitPerPerson: 2 }), ctx)).toBe('limit per person reached');
    expect(notApplicable(rule({ ...base, id: 'lim', limitPerPerson: 3 }), ctx)).toBeNull();
  });

  it('params: each mechanic refuses what it cannot have, naming the field (422)', () => {
    const fail = (m: Parameters<typeof parseParams>[0], p: unknown) => {
      try {
        parseParams(m, p);
        return null;
      } catch (e: any) {
        return { status: e.status, path: e.details[0].path };
      }
    };
    expect(fail('buy_n_get_m', { n: 0, m: 1 })).toEqual({ status: 422, path: 'params.n' });
    expect(fail('buy_n_get_m', { n: 2, m: 0 })).toEqual({ status: 422, path: 'params.m' });
    expect(fail('percent_off', { percent: 101 })).toEqual({ status: 422, path: 'params.percent' });
    expect(fail('points_multiplier', { multiplier: 1 })).toEqual({ status: 422, path: 'params.multiplier' });
    expect(fail('gift', {})).toEqual({ status: 422, path: 'params.giftSku' });
    expect(fail('birthday_points', { points: 100, extra: 1 })).toEqual({ status: 422, path: 'params.extra' });
    expect(fail('buy_n_get_m', { n: 2, m: 1, skus: ['A'] })).toBeNull();
  });
});
