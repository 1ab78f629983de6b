/**
 * PostgreSQL keeps a timestamp to the microsecond, a JS Date to the millisecond. A keyset cursor
 * built from a Date lands before the rows that share the last row's millisecond, so the next page
 * skipped them: an import's rows share one now(), and all but the first page of each batch went
 * missing from the people list sorted by creation. Both drivers' timestamptz parsers (sql-pool.ts)
 * keep the text PostgreSQL sent on the Date they return, and cursors take it from `exactTime`.
 */
const EXACT = Symbol('timestamptz as PostgreSQL wrote it');

/** Wraps a timestamptz parser so that the Dates it returns remember their exact text. */
export function keepExactTime<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    const v = parse(text);
    if (v instanceof Date) (v as unknown as Record<symbol, string>)[EXACT] = text;
    return v;
  };
}

/** A timestamp for a cursor: the database's exact text when the Date came from it, else ISO 8601. */
export function exactTime(d: Date | string): string {
  if (typeof d === 'string') return d;
  return (d as unknown as Record<symbol, string | undefined>)[EXACT] ?? d.toISOString();
}
