import { z } from 'zod';
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';

/** Where counting a list stops: past it a list says "more than" (the same cap as GET /people/count). */
export const LIST_COUNT_CAP = 10_000;

/** A list's total: exact up to the cap, "more than `count`" past it. */
export const listCountSchema = z
  .object({ count: z.number().int().min(0), exact: z.boolean().describe('false: there are more than `count`') })
  .meta({
    id: 'ListCount',
    description: 'How many records a list selects, counted up to 10000',
    example: { count: 42, exact: true },
  });
export type ListCount = z.infer<typeof listCountSchema>;

/**
 * `SELECT count(*)` of a `FROM … WHERE …` that stops at `cap` rows: a million-row workspace is
 * not scanned to print one number. `from` is the text after FROM (table, alias and conditions).
 */
export async function cappedCount(db: DbOrTx, from: RawBuilder<unknown>, cap = LIST_COUNT_CAP): Promise<ListCount> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap + 1}) x`.execute(
    db,
  );
  return capped(Number(r.rows[0]?.n ?? 0), cap);
}

/** `n` rows counted with `LIMIT cap + 1` → the answer. */
export const capped = (n: number, cap = LIST_COUNT_CAP): ListCount =>
  n > cap ? { count: cap, exact: false } : { count: n, exact: true };
