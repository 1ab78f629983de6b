/** Field-level changes between two versions of a record (undefined = absent). */
export function diffRecords(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  redact: readonly string[] = [],
): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of keys) {
    const b = before?.[field];
    const a = after?.[field];
    if (stable(b) === stable(a)) continue;
    const hide = redact.includes(field);
    out.push({
      field,
      before: hide ? (b === undefined ? null : '[redacted]') : normalise(b),
      after: hide ? (a === undefined ? null : '[redacted]') : normalise(a),
    });
  }
  return out;
}

const normalise = (v: unknown): unknown => (v === undefined ? null : v instanceof Date ? v.toISOString() : v);
const stable = (v: unknown): string =>
  JSON.stringify(normalise(v), (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
