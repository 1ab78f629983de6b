import { z } from 'zod';
import { AppError, detailOfIssue, type ErrorDetail } from '../../core/errors.ts';
import type { Mechanic } from '../tables.ts';
import type { BuyNGetMParams } from './buy-n-get-m.ts';
import type { PercentOffParams } from './percent-off.ts';
import type { GiftParams } from './gift.ts';
import type { PointsMultiplierParams } from './points-multiplier.ts';
import type { BirthdayPointsParams } from './birthday-points.ts';

const sku = z.string().trim().min(1).max(100);
const filter = {
  skus: z.array(sku).max(1000).optional(),
  categories: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
};

/** Each mechanic's params (contract-16.md); unknown keys are refused. */
export const PARAMS = {
  buy_n_get_m: z.strictObject({
    n: z.number().int().min(1).max(1000),
    m: z.number().int().min(1).max(1000),
    ...filter,
  }),
  points_multiplier: z.strictObject({ multiplier: z.number().gt(1).max(100) }),
  percent_off: z.strictObject({ percent: z.number().min(1).max(100), ...filter }),
  gift: z.strictObject({ giftSku: sku, minTotal: z.number().min(0).max(1e9).optional(), ...filter }),
  birthday_points: z.strictObject({
    points: z.number().int().min(1).max(1_000_000),
    daysBefore: z.number().int().min(0).max(31).optional(),
    daysAfter: z.number().int().min(0).max(31).optional(),
  }),
} satisfies Record<Mechanic, z.ZodType>;

export type ParamsOf = {
  buy_n_get_m: BuyNGetMParams;
  points_multiplier: PointsMultiplierParams;
  percent_off: PercentOffParams;
  gift: GiftParams;
  birthday_points: BirthdayPointsParams;
};

/**
 * A mechanic's params checked: 422 UNPROCESSABLE naming `params.<field>` (e.g. `n` below 1 or a
 * field the mechanic does not have). Skus and categories are checked against the catalogue by the
 * caller.
 */
export function parseParams<M extends Mechanic>(mechanic: M, raw: unknown): ParamsOf[M] {
  const r = PARAMS[mechanic].safeParse(raw ?? {});
  if (r.success) return r.data as ParamsOf[M];
  const details: ErrorDetail[] = r.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
    const path = ['params', ...issue.path.map(String), ...(keys?.length ? [keys[0]] : [])].join('.');
    const value = issue.path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined),
      raw,
    );
    const { code, limit } = detailOfIssue(
      { code: issue.code, params: issue as unknown as Record<string, unknown> },
      value === undefined,
    );
    return { path, message: issue.message, code, ...(limit !== undefined ? { limit } : {}) };
  });
  throw new AppError('UNPROCESSABLE', `${details[0].path}: ${details[0].message}`, details);
}
