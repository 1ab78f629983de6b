import type { Geography, Mechanic } from '../tables.ts';
import { buyNGetM } from './buy-n-get-m.ts';
import { percentOff } from './percent-off.ts';
import { gift } from './gift.ts';
import { basePoints, pointsMultiplier } from './points-multiplier.ts';
import type { ParamsOf } from './params.ts';
import { emptyReward, gives, paidAmount, rubles, type Line, type Reward } from './types.ts';

/** A promotion as the engine needs it. */
export interface Rule {
  id: string;
  name: string;
  mechanic: Mechanic;
  params: Record<string, unknown>;
  startsAt: Date | null;
  endsAt: Date | null;
  geography: Geography;
  segmentId: string | null;
  limitPerPerson: number | null;
  limitTotal: number | null;
  redemptions: number;
}

/** Where and for whom the cart is. */
export interface Context {
  now: Date;
  region?: string | null;
  city?: string | null;
  store?: string | null;
  /** The segments the person is in. */
  segments: ReadonlySet<string>;
  /** Per promotion: how many redemptions of this person applied it. */
  usedByPerson: ReadonlyMap<string, number>;
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
const within = (list: string[], v: string | null | undefined) =>
  !list.length || (!!v && list.some((x) => norm(x) === norm(v)));

/** Why a promotion does not apply to this cart (null: it does). Pure. */
export function notApplicable(p: Rule, ctx: Context): string | null {
  if (p.mechanic === 'birthday_points') return 'granted by the birthday job, not at a till';
  if (p.startsAt && p.startsAt > ctx.now) return 'not started';
  if (p.endsAt && p.endsAt <= ctx.now) return 'ended';
  if (!within(p.geography.regions, ctx.region)) return 'region';
  if (!within(p.geography.cities, ctx.city)) return 'city';
  if (!within(p.geography.stores, ctx.store)) return 'store';
  if (p.segmentId && !ctx.segments.has(p.segmentId)) return 'segment';
  if (p.limitTotal !== null && p.redemptions >= p.limitTotal) return 'total limit reached';
  if (p.limitPerPerson !== null && (ctx.usedByPerson.get(p.id) ?? 0) >= p.limitPerPerson)
    return 'limit per person reached';
  return null;
}

/** Order in which mechanics see the cart: free units first, then percentages, then gifts, then points. */
const ORDER: Record<Mechanic, number> = {
  buy_n_get_m: 0,
  percent_off: 1,
  gift: 2,
  points_multiplier: 3,
  birthday_points: 4,
};

export interface Evaluation {
  subtotal: number;
  promotions: {
    promotionId: string;
    name: string;
    mechanic: Mechanic;
    reward: { discount: number; freeItems: Reward['freeItems']; gifts: Reward['gifts']; points: number };
  }[];
  totalDiscount: number;
  total: number;
  pointsEarned: number;
  /** Kopecks paid after the discounts (points earn on it). */
  paidKopecks: number;
}

/**
 * Runs the promotions that apply over the cart, in mechanic order (buy-N-get-M, percent-off, gift,
 * points multiplier; within one mechanic, in the given order). Only the best points multiplier
 * counts (they do not stack). A promotion that gives nothing for this cart is left out.
 * `pointsPaid` (points spent, one per rouble) lowers the amount the points are earned on.
 */
export function evaluateCart(
  cart: Line[],
  rules: readonly Rule[],
  opts: { pointsPer100: number; pointsPaid?: number },
): Evaluation {
  let lines = cart;
  const subtotalK = cart.reduce((s, l) => s + l.quantity * l.price, 0);
  const applied: { rule: Rule; reward: Reward }[] = [];
  const sorted = [...rules].sort((a, b) => ORDER[a.mechanic] - ORDER[b.mechanic]);
  let best: { rule: Rule; multiplier: number } | null = null;
  for (const rule of sorted) {
    switch (rule.mechanic) {
      case 'buy_n_get_m':
      case 'percent_off':
      case 'gift': {
        const r =
          rule.mechanic === 'buy_n_get_m'
            ? buyNGetM(lines, rule.params as unknown as ParamsOf['buy_n_get_m'])
            : rule.mechanic === 'percent_off'
              ? percentOff(lines, rule.params as unknown as ParamsOf['percent_off'])
              : gift(lines, rule.params as unknown as ParamsOf['gift']);
        lines = r.lines;
        if (gives(r.reward)) applied.push({ rule, reward: r.reward });
        break;
      }
      case 'points_multiplier': {
        const m = (rule.params as unknown as ParamsOf['points_multiplier']).multiplier;
        if (!best || m > best.multiplier) best = { rule, multiplier: m };
        break;
      }
      default:
        break;
    }
  }
  const discountK = applied.reduce((s, a) => s + a.reward.discount, 0);
  const totalK = lines.reduce((s, l) => s + paidAmount(l), 0);
  const paidK = Math.max(0, totalK - Math.round((opts.pointsPaid ?? 0) * 100));
  const base = basePoints(paidK, opts.pointsPer100);
  let earned = base;
  if (best) {
    const extra = pointsMultiplier(paidK, opts.pointsPer100, { multiplier: best.multiplier });
    if (extra > 0) {
      applied.push({ rule: best.rule, reward: { ...emptyReward(), points: extra } });
      earned += extra;
    }
  }
  return {
    subtotal: rubles(subtotalK),
    promotions: applied.map(({ rule, reward }) => ({
      promotionId: rule.id,
      name: rule.name,
      mechanic: rule.mechanic,
      reward: {
        discount: rubles(reward.discount),
        freeItems: reward.freeItems,
        gifts: reward.gifts,
        points: reward.points,
      },
    })),
    totalDiscount: rubles(discountK),
    total: rubles(totalK),
    pointsEarned: earned,
    paidKopecks: paidK,
  };
}
