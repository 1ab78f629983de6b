import { z } from 'zod';
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { AppError } from '../errors.ts';

/** Opaque keyset cursors: base64url JSON. A tampered cursor is the client's mistake (400). */
export const encodeCursor = (value: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T>(cursor: string | undefined | null): T | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object') return v as T;
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: malformed cursor', [
    { path: 'cursor', message: 'malformed cursor' },
  ]);
}

/** Rows fetched with `LIMIT limit + 1` → the page and, when there is more, the next page's cursor. */
export function keysetPage<R, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
  cursorOf: (last: R) => Record<string, unknown>,
) {
  const page = rows.slice(0, limit);
  return {
    data: page.map(view),
    nextCursor: rows.length > limit ? encodeCursor(cursorOf(page[page.length - 1])) : null,
  };
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500)'),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
};

const pages = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>();
/** `{ data, nextCursor }`; a page of a named component `X` (`.meta({ id: 'X' })`) is the shared component `XPage`. */
export const pageOf = <T extends z.ZodTypeAny>(item: T) => {
  const page = () => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
  const id = z.globalRegistry.get(item)?.id;
  if (!id) return page();
  if (!pages.has(item))
    pages.set(
      item,
      page().meta({
        id: `${id}Page`,
        description: `A page of ${id} records; \`nextCursor\` (null on the last page) fetches the next one`,
      }),
    );
  return pages.get(item) as ReturnType<typeof page>;
};

/**
 * A row's keyset sort key as PostgreSQL computes it (`SELECT expr FROM from`), for keys like
 * lower(name) whose JavaScript counterpart differs on some letters; `from` names the one row.
 */
export async function sortKeyOf(
  db: QueryExecutorProvider,
  expr: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
): Promise<string | null> {
  const r = await sql<{ v: string | null }>`SELECT (${expr})::text AS v FROM ${from}`.execute(db);
  return r.rows[0]?.v ?? null;
}
