import { sql, type RawBuilder } from 'kysely';
import type { CompileContext, ConditionRegistry, Rule } from './rules.ts';

export interface CompileOptions {
  workspaceId: string;
  /** The moment windows are measured from ("the last 30 days" before it). */
  now: Date;
  /** Evaluate for these persons only (incremental updates); every live person when absent. */
  only?: readonly string[];
  /**
   * Rules of the segments this one refers to, directly or not (checked for cycles beforehand);
   * null for a list, whose stored members are read instead.
   */
  segments?: ReadonlyMap<string, Rule | null>;
}

/**
 * One compiler for every rule, the same SQL on PGlite and PostgreSQL: a scan of the workspace's
 * live persons, LEFT JOINed to one grouped subquery per condition that reads other rows (events
 * per person, computed traits, a CRM table …), filtered by the rule as one boolean expression. Each
 * subquery is set-based (one scan, one GROUP BY), so a full recompute costs about one pass over
 * the rows the rule reads; restricted to a few persons (`only`), every subquery probes by person.
 *
 * Returns `SELECT person_id FROM …` (one row per member).
 */
export function compileMembers(
  registry: ConditionRegistry,
  rule: Rule,
  opts: CompileOptions,
): RawBuilder<{ person_id: string }> {
  const only = opts.only ? [...opts.only] : null;
  const live = sql`p.workspace_id = ${opts.workspaceId} AND p.merged_into IS NULL`;
  let restrict = (_col: RawBuilder<unknown>): RawBuilder<boolean> => sql<boolean>`true`;
  if (only) restrict = (col) => sql<boolean>`${col} = ANY(${only}::uuid[])`;
  else {
    // Everyone, under `all`: the conditions on the person's own row (traits, a bucket: no join)
    // restrict every joined subquery to the persons that pass them, so that "city = X and 2 orders
    // in 30 days" groups the orders of the persons of X, not everyone's to throw most away. The
    // members are the same: a person who fails one of those conditions is no member whatever the
    // subqueries give.
    const own = ownRowConditions(registry, rule, opts);
    if (own) {
      const candidates = sql`SELECT p.id FROM persons p WHERE ${live} AND ${sql.join(own, sql` AND `)}`;
      restrict = (col) => sql<boolean>`${col} IN (${candidates})`;
    }
  }
  const c = compiler(registry, opts, restrict);
  const where = c.node(rule);
  const joined = c.joins.map((j) =>
    j.lateral
      ? sql`LEFT JOIN LATERAL (${j.query}) AS ${sql.raw(j.alias)} ON true`
      : sql`LEFT JOIN (${j.query}) AS ${sql.raw(j.alias)} ON ${sql.raw(j.alias)}.person_id = p.id`,
  );
  return sql<{
    person_id: string;
  }>`SELECT p.id AS person_id FROM persons p ${sql.join(joined, sql` `)} WHERE ${live} AND ${only ? restrict(sql`p.id`) : sql`true`} AND ${where}`;
}

/**
 * The conditions of a rule `{"all": […]}` that read only the person's row (they join nothing),
 * compiled; null when there are none, or nothing but them (then there is no subquery to restrict).
 */
function ownRowConditions(registry: ConditionRegistry, rule: Rule, opts: CompileOptions): RawBuilder<boolean>[] | null {
  if (!('all' in rule) || !Array.isArray(rule.all) || rule.all.length < 2) return null;
  const own: RawBuilder<boolean>[] = [];
  for (const child of rule.all as Rule[]) {
    const c = compiler(registry, opts, () => sql<boolean>`true`);
    const expr = c.node(child);
    if (c.joined() === 0) own.push(expr);
  }
  return own.length && own.length < rule.all.length ? own : null;
}

/** The compilation of rules into one boolean expression over `persons p` and the joins it needs. */
function compiler(
  registry: ConditionRegistry,
  opts: CompileOptions,
  restrict: (col: RawBuilder<unknown>) => RawBuilder<boolean>,
) {
  const joins: { key: string; alias: string; query: RawBuilder<unknown>; lateral: boolean }[] = [];
  let calls = 0;
  const add = (key: string, query: RawBuilder<unknown>, lateral: boolean) => {
    calls++;
    const found = joins.find((j) => j.key === key && j.lateral === lateral);
    if (found) return found.alias;
    const alias = `j${joins.length + 1}`;
    joins.push({ key, alias, query, lateral });
    return alias;
  };
  const stack: string[] = [];
  const ctx: CompileContext = {
    workspaceId: opts.workspaceId,
    now: opts.now,
    person: sql`p.id`,
    traits: sql`p.traits`,
    restrict,
    join: (key, query) => add(key, query, false),
    lateral: (key, query) => add(key, query, true),
    compile: (r) => node(r),
    segmentRule(id) {
      const r = opts.segments?.get(id);
      if (r === undefined) throw new Error(`segment ${id} was not loaded before compiling`);
      return r;
    },
  };
  const node = (r: Rule): RawBuilder<boolean> => {
    if ('all' in r && Array.isArray(r.all))
      return r.all.length ? sql<boolean>`(${sql.join(r.all.map(node), sql` AND `)})` : sql<boolean>`true`;
    if ('any' in r && Array.isArray(r.any))
      return r.any.length ? sql<boolean>`(${sql.join(r.any.map(node), sql` OR `)})` : sql<boolean>`false`;
    if ('not' in r && r.not && typeof r.not === 'object') return sql<boolean>`(NOT ${node(r.not as Rule)})`;
    const kind = registry.kindOf(r as Record<string, unknown>);
    if (kind.key === 'segment') {
      const id = (r as { segment: string }).segment;
      // Cycles are refused when a rule is saved (segments.ts); this guards against a stored one.
      if (stack.includes(id)) throw new Error(`segment ${id} refers to itself`);
      stack.push(id);
      try {
        return kind.compile(r, ctx);
      } finally {
        stack.pop();
      }
    }
    return kind.compile(r, ctx);
  };
  /** How many joins the conditions compiled so far asked for (repeats of one join included). */
  return { node, joins, joined: () => calls };
}
