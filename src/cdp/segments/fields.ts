import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { invalid } from '../../core/errors.ts';

/**
 * Field conditions: `{<field>, op, value}` over a trait, an event property, a computed trait or a
 * CRM field. One table of operators, one check of the value each takes, one compiler to SQL.
 */
export const FIELD_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'startsWith',
  'exists',
  'notExists',
  'before',
  'after',
  'withinLast',
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

/**
 * What a field holds: `json` (a trait or property: any of the operators), or a typed column.
 * `strings` is a text array (tags, emails).
 */
export type FieldType = 'json' | 'number' | 'string' | 'boolean' | 'date' | 'strings';

/** The operators each typed field takes (json takes them all). */
export const OPS_BY_TYPE: Record<FieldType, readonly FieldOp[]> = {
  json: FIELD_OPS,
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'notExists'],
  string: ['eq', 'neq', 'in', 'contains', 'startsWith', 'exists', 'notExists'],
  boolean: ['eq', 'neq', 'exists', 'notExists'],
  date: ['before', 'after', 'withinLast', 'exists', 'notExists'],
  strings: ['contains', 'exists', 'notExists'],
};

export type Scalar = string | number | boolean;
export interface FieldTest {
  op: FieldOp;
  value?: unknown;
}

/** The `op`/`value` part of a field condition's schema (checked further by checkFieldTest). */
export const fieldTestShape = {
  op: z.enum(FIELD_OPS, { error: `must be one of ${FIELD_OPS.join(', ')}` }),
  value: z.unknown().optional(),
};

/** A dotted path into a JSON object: `city`, `address.city` (at most 10 parts, each 1–100 characters). */
export const dottedPath = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => p.split('.').length <= 10 && p.split('.').every((s) => s.length > 0 && s.length <= 100), {
    message: 'must be a dotted path such as "address.city"',
  });

const DURATION = /^([1-9]\d{0,5})(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
export const durationSchema = z
  .string()
  .regex(DURATION, { message: 'must be a duration such as "30d", "12h", "2w" or "90m"' });

/** `"30d"` → milliseconds. */
export function durationMs(d: string): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`bad duration ${d}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
export const isoDateTime = z.string().refine((s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'must be an ISO 8601 date or date-time, e.g. "2026-01-31" or "2026-01-31T10:00:00Z"',
});

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Whether a value fits a typed field (json fields take any scalar). */
function fits(type: FieldType, v: unknown): boolean {
  switch (type) {
    case 'json':
      return isScalar(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
    case 'strings':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return isoDateTime.safeParse(v).success;
  }
}

/** Refuses an operator the field does not take or a value of the wrong type; `path` names the condition. */
export function checkFieldTest(t: FieldTest, type: FieldType, path: string): void {
  const allowed = OPS_BY_TYPE[type];
  if (!allowed.includes(t.op))
    throw invalid(
      `${path}.op`,
      `"${t.op}" does not apply to a ${type} field; use one of ${allowed.join(', ')}`,
      'INVALID_OPTION',
    );
  const has = t.value !== undefined;
  const vpath = `${path}.value`;
  const want = (ok: boolean, what: string) => {
    if (!ok)
      throw invalid(
        vpath,
        `"${t.op}" takes ${what}, not ${has ? typeName(t.value) : 'nothing'}`,
        has ? 'INVALID_TYPE' : 'REQUIRED',
      );
  };
  switch (t.op) {
    case 'exists':
    case 'notExists':
      if (has) throw invalid(vpath, `"${t.op}" takes no value`, 'UNKNOWN_FIELD');
      return;
    case 'eq':
    case 'neq':
      want(has && fits(type, t.value), type === 'json' ? 'a string, number or boolean' : `a ${type}`);
      return;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      want(typeof t.value === 'number' && Number.isFinite(t.value), 'a number');
      return;
    case 'in': {
      want(Array.isArray(t.value) && t.value.length > 0 && t.value.length <= 1000, 'a list of 1 to 1000 values');
      (t.value as unknown[]).forEach((v, i) => {
        if (!fits(type, v))
          throw invalid(
            `${vpath}.${i}`,
            `must be ${type === 'json' ? 'a string, number or boolean' : `a ${type}`}, not ${typeName(v)}`,
            'INVALID_TYPE',
          );
      });
      return;
    }
    case 'contains':
      want(
        type === 'json' ? isScalar(t.value) : typeof t.value === 'string',
        type === 'json' ? 'a string, number or boolean' : 'a string',
      );
      return;
    case 'startsWith':
      want(typeof t.value === 'string', 'a string');
      return;
    case 'before':
    case 'after':
      want(isoDateTime.safeParse(t.value).success, 'an ISO 8601 date-time string');
      return;
    case 'withinLast':
      want(typeof t.value === 'string' && DURATION.test(t.value), 'a duration such as "30d"');
      return;
  }
}

/** Numeric value of a jsonb expression: numbers and numeric strings; null otherwise. */
export const jsonNumber = (x: RawBuilder<unknown>) =>
  sql<number>`(CASE jsonb_typeof(${x}) WHEN 'number' THEN (${x} #>> '{}')::numeric WHEN 'string' THEN (CASE WHEN (${x} #>> '{}') ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' THEN (${x} #>> '{}')::numeric END) END)`;
/** Time value of a jsonb expression: ISO strings (kt_try_timestamptz, see the segments migration); null otherwise. */
export const jsonTime = (x: RawBuilder<unknown>) =>
  sql<Date>`(CASE WHEN jsonb_typeof(${x}) = 'string' THEN kt_try_timestamptz(${x} #>> '{}') END)`;

const CMP = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
export type Comparator = keyof typeof CMP;
export const COMPARATORS = Object.keys(CMP) as Comparator[];

/** `{gte: 2, lt: 10}`: numbers, at least one. */
export const comparatorShape = {
  eq: z.number().optional(),
  neq: z.number().optional(),
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
};
export const comparatorSchema = z
  .strictObject(comparatorShape)
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: `needs at least one of ${COMPARATORS.join(', ')}`,
  });
export type Comparison = Partial<Record<Comparator, number>>;

/** `expr` compared with every bound of `c` (ANDed). */
export function compare(expr: RawBuilder<unknown>, c: Comparison): RawBuilder<boolean> {
  const parts = (Object.entries(c) as [Comparator, number | undefined][])
    .filter(([, v]) => v !== undefined)
    .map(([op, v]) => sql`${expr} ${sql.raw(CMP[op])} ${v}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

/** Does `c` hold for `n` (e.g. whether "count" holds for nobody's zero events)? */
export function holds(n: number, c: Comparison): boolean {
  const f: Record<Comparator, (a: number, b: number) => boolean> = {
    eq: (a, b) => a === b,
    neq: (a, b) => a !== b,
    gt: (a, b) => a > b,
    gte: (a, b) => a >= b,
    lt: (a, b) => a < b,
    lte: (a, b) => a <= b,
  };
  return (Object.entries(c) as [Comparator, number | undefined][]).every(([op, v]) => v === undefined || f[op](n, v));
}

/**
 * The SQL of one field test: always true or false, never null (a missing field is simply not
 * equal, not greater …), so that `not` groups invert it exactly.
 */
export function compileFieldTest(
  expr: RawBuilder<unknown>,
  type: FieldType,
  t: FieldTest,
  now: Date,
): RawBuilder<boolean> {
  const v = t.value;
  let pred: RawBuilder<unknown>;
  if (type === 'json') {
    const present = sql`(${expr} IS NOT NULL AND jsonb_typeof(${expr}) <> 'null')`;
    const scalar = sql`jsonb_typeof(${expr}) IN ('string', 'number', 'boolean')`;
    switch (t.op) {
      case 'eq':
        pred = sql`${expr} = ${JSON.stringify(v)}::jsonb`;
        break;
      case 'neq':
        pred = sql`${expr} IS DISTINCT FROM ${JSON.stringify(v)}::jsonb`;
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        pred = compare(jsonNumber(expr), { [t.op]: v as number });
        break;
      case 'in':
        pred = sql`(${scalar} AND ${JSON.stringify(v)}::jsonb @> jsonb_build_array(${expr}))`;
        break;
      case 'contains':
        pred =
          typeof v === 'string'
            ? sql`(CASE jsonb_typeof(${expr}) WHEN 'string' THEN strpos(${expr} #>> '{}', ${v}) > 0 WHEN 'array' THEN ${expr} @> ${JSON.stringify([v])}::jsonb END)`
            : sql`(jsonb_typeof(${expr}) = 'array' AND ${expr} @> ${JSON.stringify([v])}::jsonb)`;
        break;
      case 'startsWith':
        pred = sql`(jsonb_typeof(${expr}) = 'string' AND starts_with(${expr} #>> '{}', ${v as string}))`;
        break;
      case 'exists':
        pred = present;
        break;
      case 'notExists':
        pred = sql`NOT ${present}`;
        break;
      default:
        pred = timeTest(jsonTime(expr), t, now);
    }
  } else {
    switch (t.op) {
      case 'eq':
      case 'neq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        pred = sql`${expr} ${sql.raw(CMP[t.op])} ${v as Scalar}`;
        break;
      case 'in':
        pred =
          type === 'number'
            ? sql`${expr} = ANY(${v as number[]}::numeric[])`
            : sql`${expr}::text = ANY(${(v as Scalar[]).map(String)}::text[])`;
        break;
      case 'contains':
        pred = type === 'strings' ? sql`${v as string} = ANY(${expr})` : sql`strpos(${expr}, ${v as string}) > 0`;
        break;
      case 'startsWith':
        pred = sql`starts_with(${expr}, ${v as string})`;
        break;
      case 'exists':
        pred =
          type === 'strings'
            ? sql`coalesce(cardinality(${expr}), 0) > 0`
            : type === 'string'
              ? sql`coalesce(${expr}, '') <> ''`
              : sql`${expr} IS NOT NULL`;
        break;
      case 'notExists':
        pred =
          type === 'strings'
            ? sql`coalesce(cardinality(${expr}), 0) = 0`
            : type === 'string'
              ? sql`coalesce(${expr}, '') = ''`
              : sql`${expr} IS NULL`;
        break;
      default:
        pred = timeTest(expr, t, now);
    }
  }
  return sql<boolean>`coalesce(${pred}, false)`;
}

function timeTest(ts: RawBuilder<unknown>, t: FieldTest, now: Date): RawBuilder<unknown> {
  if (t.op === 'before') return sql`${ts} < ${new Date(t.value as string)}::timestamptz`;
  if (t.op === 'after') return sql`${ts} > ${new Date(t.value as string)}::timestamptz`;
  // withinLast: from now minus the duration up to now.
  return sql`(${ts} >= ${new Date(now.getTime() - durationMs(t.value as string))}::timestamptz AND ${ts} <= ${now}::timestamptz)`;
}
