import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { AppError, detailOfIssue, invalid } from '../../core/errors.ts';
import {
  checkFieldTest,
  compare,
  holds,
  comparatorSchema,
  comparatorShape,
  compileFieldTest,
  dottedPath,
  durationMs,
  durationSchema,
  fieldTestShape,
  isoDateTime,
  jsonNumber,
  type Comparison,
  type FieldTest,
  type FieldType,
} from './fields.ts';

/**
 * A segment's rule: a JSON tree of groups (`all`, `any`, `not`) over conditions. Each condition
 * is an object recognised by one key (`trait`, `event`, `segment`, `consent` …): its kind. The
 * CDP defines the kinds over its own data (below); later modules add theirs through
 * `ConditionRegistry.register` (the CRM: consent, CRM fields, deals — src/crm/segment-conditions.ts).
 */
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;
export type Condition = Record<string, unknown>;

/** What can change a condition's truth for a person: the incremental evaluator listens for these. */
export type Trigger =
  | { on: 'event'; name: string }
  /** identify traits */
  | { on: 'traits' }
  /** computed traits (any tracked event) */
  | { on: 'stats' }
  /** the passing of time (a window): scheduled recomputes */
  | { on: 'time' }
  /** a module's own changes, e.g. `crm`, `consent` */
  | { on: 'module'; name: string };

export interface CompileContext {
  workspaceId: string;
  now: Date;
  /** The outer person's id column. */
  person: RawBuilder<string>;
  /** The outer person's traits (jsonb). */
  traits: RawBuilder<unknown>;
  /** `col = ANY(only)` when evaluating for a few persons, `true` for everyone: put it in every subquery over a person column. */
  restrict(col: RawBuilder<unknown>): RawBuilder<boolean>;
  /**
   * LEFT JOINs a subquery with at most one row per `person_id` (its other columns: what the
   * condition reads) and returns its alias. Joins with the same `key` are made once.
   */
  join(key: string, query: RawBuilder<unknown>): string;
  /**
   * LEFT JOIN LATERALs a subquery of at most one row for the outer person (it refers to `person`,
   * e.g. the latest row by an index on the person ON a LIMIT 1) and returns its alias: a probe per
   * person the other conditions leave, where a `join` would have to read the whole table first.
   */
  lateral(key: string, query: RawBuilder<unknown>): string;
  /** Compiles a nested rule (e.g. a referenced segment's). */
  compile(rule: Rule): RawBuilder<boolean>;
  /** The rules of segments this one refers to (loaded and checked for cycles before compiling); null for a list. */
  segmentRule(id: string): Rule | null;
}

export interface CheckContext {
  /** Nested rules (kinds that hold rules) are checked with this. */
  check(rule: unknown, path: string): Rule;
}

/** One kind of condition. */
export interface ConditionKind<C extends object = object> {
  /** The key that marks it: `{"<key>": …}`. */
  key: string;
  /** The module that registered it (`cdp`, `crm` …). */
  module: string;
  description: string;
  /** A strict object schema (unknown keys refused), checked first. */
  schema: z.ZodType<C, unknown>;
  /** Further checks (operators against field types …); throw `invalid(path…)`. */
  check?(cond: C, path: string, ctx: CheckContext): void;
  /** An SQL boolean that is never null. */
  compile(cond: C, ctx: CompileContext): RawBuilder<boolean>;
  /** What can change it. */
  triggers(cond: C): Trigger[];
  /** Segments it refers to (cycle check). */
  refs?(cond: C): string[];
  /** An example for the documentation. */
  example: C;
}

export const MAX_RULE_BYTES = 64 * 1024;
export const MAX_RULE_DEPTH = 12;
export const MAX_RULE_NODES = 300;
const GROUPS = ['all', 'any', 'not'] as const;

/** The condition kinds known to this process: the CDP's, then those later modules register. */
export class ConditionRegistry {
  private kinds = new Map<string, ConditionKind>();

  register(kind: ConditionKind): void {
    if ((GROUPS as readonly string[]).includes(kind.key) || this.kinds.has(kind.key))
      throw new Error(`segment condition "${kind.key}" registered twice`);
    this.kinds.set(kind.key, kind);
  }

  list(): ConditionKind[] {
    return [...this.kinds.values()];
  }

  kindOf(cond: Condition): ConditionKind {
    for (const k of Object.keys(cond)) {
      const kind = this.kinds.get(k);
      if (kind) return kind;
    }
    throw new Error(`no segment condition kind for ${JSON.stringify(cond)}`);
  }

  /**
   * Checks a rule (`raw`, as sent) and returns it typed. Refuses, with 400 naming the path
   * (`rule.all.1.op`): a malformed or oversized rule, an unknown condition, field or operator, a
   * value of the wrong type.
   */
  parse(raw: unknown, path = 'rule'): Rule {
    const bytes = Buffer.byteLength(JSON.stringify(raw ?? null));
    if (bytes > MAX_RULE_BYTES)
      throw invalid(path, `the rule is ${bytes} bytes; at most ${MAX_RULE_BYTES}`, 'TOO_LARGE');
    let nodes = 0;
    const walk = (r: unknown, p: string, depth: number): Rule => {
      if (++nodes > MAX_RULE_NODES)
        throw invalid(p, `the rule has more than ${MAX_RULE_NODES} groups and conditions`, 'TOO_MANY');
      if (depth > MAX_RULE_DEPTH) throw invalid(p, `groups nest deeper than ${MAX_RULE_DEPTH} levels`, 'TOO_LARGE');
      if (!r || typeof r !== 'object' || Array.isArray(r))
        throw invalid(p, 'must be an object: a group (all, any, not) or a condition', 'INVALID_TYPE');
      const o = r as Record<string, unknown>;
      const keys = Object.keys(o);
      const group = GROUPS.find((g) => g in o);
      if (group) {
        const extra = keys.find((k) => k !== group);
        if (extra) throw invalid(`${p}.${extra}`, `a "${group}" group has no other keys`, 'UNKNOWN_FIELD');
        if (group === 'not') return { not: walk(o.not, `${p}.not`, depth + 1) };
        const list = o[group];
        if (!Array.isArray(list))
          throw invalid(`${p}.${group}`, 'must be a list of groups and conditions', 'INVALID_TYPE');
        if (list.length > 100) throw invalid(`${p}.${group}`, 'at most 100 entries', 'TOO_MANY');
        const items = list.map((x, i) => walk(x, `${p}.${group}.${i}`, depth + 1));
        return (group === 'all' ? { all: items } : { any: items }) as Rule;
      }
      const kind = keys.map((k) => this.kinds.get(k)).find(Boolean);
      if (!kind)
        throw invalid(
          keys.length ? `${p}.${keys[0]}` : p,
          `unknown condition: a group (all, any, not) or a condition keyed by one of ${[...this.kinds.keys()].join(', ')}`,
          'UNKNOWN_FIELD',
        );
      const parsed = kind.schema.safeParse(o);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [])];
        const where = [p, ...at].join('.');
        const missing =
          issue.path.reduce<unknown>(
            (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
            o,
          ) === undefined;
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown field "${issue.keys[0]}" in a ${kind.key} condition`
            : issue.message;
        const detail = detailOfIssue(
          { code: issue.code, params: issue as unknown as Record<string, unknown> },
          missing,
        );
        throw new AppError('VALIDATION_FAILED', `${where}: ${message}`, [{ path: where, message, ...detail }]);
      }
      kind.check?.(parsed.data, p, { check: (x, q) => walk(x, q, depth + 1) });
      return parsed.data as Rule;
    };
    return walk(raw, path, 0);
  }

  /** Calls `f` on every condition of the rule (not inside referenced segments). */
  visit(rule: Rule, f: (cond: Condition, kind: ConditionKind) => void): void {
    if ('all' in rule && Array.isArray(rule.all)) for (const r of rule.all) this.visit(r, f);
    else if ('any' in rule && Array.isArray(rule.any)) for (const r of rule.any) this.visit(r, f);
    else if ('not' in rule && rule.not && typeof rule.not === 'object') this.visit(rule.not as Rule, f);
    else f(rule as Condition, this.kindOf(rule as Condition));
  }

  /** The segment ids a rule refers to directly. */
  refs(rule: Rule): string[] {
    const out = new Set<string>();
    this.visit(rule, (c, k) => {
      for (const id of k.refs?.(c) ?? []) out.add(id);
    });
    return [...out];
  }
}

// ------------------------------------------------------------------------------------- CDP kinds

const timeWindow = {
  within: durationSchema.optional().describe('Only events in this last span: "30d", "12h", "2w"'),
  since: isoDateTime.optional().describe('Only events at or after this time'),
  before: isoDateTime.optional().describe('Only events before this time'),
};

/**
 * `{"trait":"address.city","op":"eq","value":"Москва"}`: a profile trait by dotted path. A name
 * registered as a score (`cdp.scores`, person-scores.ts: churnProbability …) reads person_scores.
 */
const traitKindOf = (scores: ReadonlySet<string>): ConditionKind<{ trait: string } & FieldTest> => ({
  key: 'trait',
  module: 'cdp',
  description: 'A profile trait by dotted path, e.g. {"trait":"city","op":"eq","value":"Москва"}',
  schema: z.strictObject({ trait: dottedPath, ...fieldTestShape }),
  check: (c, p) => checkFieldTest(c, 'json', p),
  compile: (c, ctx) => {
    if (scores.has(c.trait)) {
      const alias = ctx.join(
        'person_scores',
        sql`SELECT person_id, scores FROM person_scores WHERE workspace_id = ${ctx.workspaceId} AND ${ctx.restrict(sql.ref('person_id'))}`,
      );
      return compileFieldTest(sql`(${sql.ref(`${alias}.scores`)} -> ${c.trait}::text)`, 'json', c, ctx.now);
    }
    return compileFieldTest(sql`(${ctx.traits} #> ${c.trait.split('.')}::text[])`, 'json', c, ctx.now);
  },
  triggers: (c) => [{ on: 'traits' }, ...(['withinLast'].includes(c.op) ? [{ on: 'time' } as const] : [])],
  example: { trait: 'city', op: 'eq', value: 'Москва' },
});

/** Computed traits kept per person (person_stats): name → column and type. */
export const COMPUTED_FIELDS: Record<string, { column: string; type: FieldType; zero?: number }> = {
  eventCount: { column: 'event_count', type: 'number', zero: 0 },
  orderCount: { column: 'order_count', type: 'number', zero: 0 },
  revenue: { column: 'revenue', type: 'number', zero: 0 },
  sessions: { column: 'sessions', type: 'number', zero: 0 },
  firstSeenAt: { column: 'first_seen_at', type: 'date' },
  lastSeenAt: { column: 'last_seen_at', type: 'date' },
  firstOrderAt: { column: 'first_order_at', type: 'date' },
  lastOrderAt: { column: 'last_order_at', type: 'date' },
};

/** `{"computed":"orderCount","op":"gte","value":2}`: a computed trait. */
const computedKind: ConditionKind<{ computed: string } & FieldTest> = {
  key: 'computed',
  module: 'cdp',
  description: `A computed trait: ${Object.keys(COMPUTED_FIELDS).join(', ')}`,
  schema: z.strictObject({ computed: z.string().min(1).max(100), ...fieldTestShape }),
  check: (c, p) => {
    const f = COMPUTED_FIELDS[c.computed];
    if (!f)
      throw invalid(
        `${p}.computed`,
        `unknown computed trait "${c.computed}"; one of ${Object.keys(COMPUTED_FIELDS).join(', ')}`,
        'UNKNOWN_FIELD',
      );
    checkFieldTest(c, f.type, p);
  },
  compile: (c, ctx) => {
    const f = COMPUTED_FIELDS[c.computed];
    const alias = ctx.join(
      'person_stats',
      sql`SELECT * FROM person_stats WHERE workspace_id = ${ctx.workspaceId} AND ${ctx.restrict(sql.ref('person_id'))}`,
    );
    const col = sql`${sql.ref(`${alias}.${f.column}`)}`;
    const expr = f.zero !== undefined ? sql`coalesce(${col}, ${f.zero})` : col;
    return compileFieldTest(expr, f.type, c, ctx.now);
  },
  triggers: (c) => [{ on: 'stats' }, ...(c.op === 'withinLast' ? [{ on: 'time' } as const] : [])],
  example: { computed: 'orderCount', op: 'gte', value: 2 },
};

interface EventCondition {
  event: string;
  where?: ({ property: string } & FieldTest)[];
  count?: Comparison;
  sum?: Comparison & { property: string };
  avg?: Comparison & { property: string };
  within?: string;
  since?: string;
  before?: string;
}

const aggregateOf = z
  .strictObject({ property: dottedPath, ...comparatorShape })
  .refine((c) => Object.keys(c).some((k) => k !== 'property'), {
    message: 'needs at least one of eq, neq, gt, gte, lt, lte',
  });

/**
 * A where-condition on an event property by path. A `*` part stands for any element of the array
 * there: `products.*.category` eq "Витамины" holds when some product of the order is a vitamin
 * (EXISTS over jsonb_array_elements; a value that is not an array has no elements).
 */
function propertyTest(
  base: RawBuilder<unknown>,
  parts: string[],
  w: FieldTest,
  now: Date,
  depth = 0,
): RawBuilder<boolean> {
  const star = parts.indexOf('*');
  if (star < 0) return compileFieldTest(sql`(${base} #> ${parts}::text[])`, 'json', w, now);
  const arr = sql`(${base} #> ${parts.slice(0, star)}::text[])`;
  const el = sql.raw(`el${depth}`);
  return sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${arr}) = 'array' THEN ${arr} ELSE '[]'::jsonb END) AS ${el}(value)
    WHERE ${propertyTest(sql`${el}.value`, parts.slice(star + 1), w, now, depth + 1)})`;
}

/**
 * `{"event":"Order Completed","where":[…],"count":{"gte":2},"within":"30d"}`: how often a person
 * did something (or the sum / average of a property), optionally in a window. "Did not do X in
 * the last 30 days" is `"count":{"eq":0},"within":"30d"`.
 */
const eventKind: ConditionKind<EventCondition> = {
  key: 'event',
  module: 'cdp',
  description:
    'Events a person did: count (default: at least one), sum or avg of a property; where-conditions on properties ("products.*.category": any element of an array); a window (within, since, before)',
  schema: z.strictObject({
    event: z.string().min(1).max(200),
    where: z
      .array(z.strictObject({ property: dottedPath, ...fieldTestShape }))
      .max(20)
      .optional(),
    count: comparatorSchema.optional(),
    sum: aggregateOf.optional(),
    avg: aggregateOf.optional(),
    ...timeWindow,
  }),
  check: (c, p) => {
    for (const [i, w] of (c.where ?? []).entries()) {
      checkFieldTest(w, 'json', `${p}.where.${i}`);
      if (w.property.split('.').filter((x) => x === '*').length > 3)
        throw invalid(`${p}.where.${i}.property`, 'at most 3 "*" parts', 'TOO_MANY');
    }
    for (const a of ['sum', 'avg'] as const)
      if (c[a]?.property.split('.').includes('*'))
        throw invalid(`${p}.${a}.property`, 'a sum or average reads one value per event: no "*" part', 'INVALID');
    const aggs = (['count', 'sum', 'avg'] as const).filter((a) => c[a]);
    if (aggs.length > 1) throw invalid(`${p}.${aggs[1]}`, 'one of count, sum or avg', 'UNKNOWN_FIELD');
    if (c.within && c.since) throw invalid(`${p}.since`, 'one of within or since', 'UNKNOWN_FIELD');
  },
  compile: (c, ctx) => {
    const conds: RawBuilder<unknown>[] = [
      sql`e.workspace_id = ${ctx.workspaceId}`,
      sql`e.event = ${c.event}`,
      sql`e.person_id IS NOT NULL`,
      ctx.restrict(sql`e.person_id`),
    ];
    if (c.within) conds.push(sql`e.occurred_at >= ${new Date(ctx.now.getTime() - durationMs(c.within))}::timestamptz`);
    if (c.since) conds.push(sql`e.occurred_at >= ${new Date(c.since)}::timestamptz`);
    if (c.before) conds.push(sql`e.occurred_at < ${new Date(c.before)}::timestamptz`);
    for (const w of c.where ?? []) conds.push(propertyTest(sql`e.properties`, w.property.split('.'), w, ctx.now));
    const agg = c.sum ? 'sum' : c.avg ? 'avg' : 'count';
    const spec = (c.sum ?? c.avg ?? c.count ?? { gte: 1 }) as Comparison & { property?: string };
    const { property, ...bounds } = spec;
    const value =
      agg === 'count'
        ? sql`count(*)`
        : sql`${sql.raw(agg)}(${jsonNumber(sql`(e.properties #> ${property!.split('.')}::text[])`)})`;
    const alias = ctx.join(
      `event:${JSON.stringify(c)}`,
      sql`SELECT e.person_id, ${value} AS v FROM events e WHERE ${sql.join(conds, sql` AND `)} GROUP BY e.person_id`,
    );
    const v = sql.ref(`${alias}.v`);
    // Nobody's zero events: count and sum are 0, an average is not there (never holds). When zero
    // cannot hold, the test is written null-rejecting (IS TRUE, never null): PostgreSQL then turns
    // the LEFT JOIN into an inner one and starts from the people who did it, not from everyone.
    if (agg === 'avg' || !holds(0, bounds)) return sql<boolean>`(${compare(v, bounds)} IS TRUE)`;
    return sql<boolean>`coalesce(${compare(sql`coalesce(${v}, 0)`, bounds)}, false)`;
  },
  triggers: (c) => [
    { on: 'event', name: c.event },
    ...(c.within || (c.where ?? []).some((w) => w.op === 'withinLast') ? [{ on: 'time' } as const] : []),
  ],
  example: {
    event: 'Order Completed',
    where: [{ property: 'total', op: 'gte', value: 1000 }],
    count: { gte: 2 },
    within: '30d',
  },
};

/**
 * `{"segment":"ID"}`: the members of another segment: a rule segment's rule, inlined (it is
 * computed with this one, from the same data); a list's stored members.
 */
const segmentKind: ConditionKind<{ segment: string }> = {
  key: 'segment',
  module: 'cdp',
  description: 'Members of another segment or list (refused if it leads back to this one)',
  schema: z.strictObject({
    segment: z.uuid({ message: 'must be a segment id (UUID)' }).transform((s) => s.toLowerCase()),
  }),
  compile: (c, ctx) => {
    const rule = ctx.segmentRule(c.segment);
    if (rule) return ctx.compile(rule);
    const alias = ctx.join(
      `list:${c.segment}`,
      sql`SELECT person_id, true AS v FROM segment_members WHERE workspace_id = ${ctx.workspaceId} AND segment_id = ${c.segment} AND exited_at IS NULL AND ${ctx.restrict(sql.ref('person_id'))}`,
    );
    return sql<boolean>`coalesce(${sql.ref(`${alias}.v`)}, false)`;
  },
  // The referenced rule's own triggers, or a list's changes, are added by the evaluator (references.ts).
  triggers: () => [],
  refs: (c) => [c.segment],
  example: { segment: '0193a1b2-7c4d-7e5f-8a9b-000000000001' },
};

/**
 * `{"bucket":{"lt":10}}`: a stable pseudo-random number 0–99 per person (and `salt`), for holdouts
 * and tests: the same person always has the same bucket for the same salt.
 */
const bucketKind: ConditionKind<{ bucket: Comparison; salt?: string }> = {
  key: 'bucket',
  module: 'cdp',
  description: 'A stable random bucket 0–99 per person (and salt), e.g. {"bucket":{"lt":10}} for a 10% holdout',
  schema: z.strictObject({ bucket: comparatorSchema, salt: z.string().max(100).optional() }),
  compile: (c, ctx) => sql<boolean>`coalesce(${compare(personBucket(ctx.person, c.salt ?? ''), c.bucket)}, false)`,
  triggers: () => [],
  example: { bucket: { lt: 10 } },
};

/** The bucket (0–99) of a person id with a salt: the first 28 bits of md5(id || salt), mod 100. */
export const personBucket = (person: RawBuilder<unknown>, salt: string) =>
  sql<number>`((('x' || substr(md5(${person}::text || ${salt}), 1, 7))::bit(28)::int) % 100)`;

/** A registry with the CDP's condition kinds. */
export function cdpConditions(scores: ReadonlySet<string> = new Set()): ConditionRegistry {
  const r = new ConditionRegistry();
  for (const k of [traitKindOf(scores), computedKind, eventKind, segmentKind, bucketKind] as ConditionKind[])
    r.register(k);
  return r;
}

/** 409 for a delete of a segment others use. */
export const inUse = (id: string, by: string[]) =>
  new AppError('CONFLICT', `segment ${id} is used by ${by.length} other segment(s): ${by.join(', ')}`, [
    { path: 'id', message: 'used by other segments' },
  ]);
