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
  const joins: { key: string; alias: string; query: RawBuilder<unknown>; lateral: boolean }[] = [];
  const add = (key: string, query: RawBuilder<unknown>, lateral: boolean) => {
    const found = joins.find((j) => j.key === key && j.lateral === lateral);
    if (found) return found.alias;
    const alias = `j${joins.length + 1}`;
    joins.push({ key, alias, query, lateral });
    return alias;
  };
  const only = opts.only ? [...opts.only] : null;
  const stack: string[] = [];
  const ctx: CompileContext = {
    workspaceId: opts.workspaceId,
    now: opts.now,
    person: sql`p.id`,
    traits: sql`p.traits`,
    restrict: (col) => (only ? sql<boolean>`${col} = ANY(${only}::uuid[])` : sql<boolean>`true`),
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
  const where = node(rule);
  const joined = joins.map((j) =>
    j.lateral
      ? sql`LEFT JOIN LATERAL (${j.query}) AS ${sql.raw(j.alias)} ON true`
      : sql`LEFT JOIN (${j.query}) AS ${sql.raw(j.alias)} ON ${sql.raw(j.alias)}.person_id = p.id`,
  );
  return sql<{
    person_id: string;
  }>`SELECT p.id AS person_id FROM persons p ${sql.join(joined, sql` `)} WHERE p.workspace_id = ${opts.workspaceId} AND p.merged_into IS NULL AND ${ctx.restrict(sql`p.id`)} AND ${where}`;
}
