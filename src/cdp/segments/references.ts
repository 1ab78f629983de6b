import type { DbOrTx } from '../../core/db/schema.ts';
import { invalid } from '../../core/errors.ts';
import type { ConditionRegistry, Rule, Trigger } from './rules.ts';

/**
 * The segments a rule refers to, directly or through others: id → its rule, or null for a list
 * (its members are stored, not computed).
 */
export type Closure = Map<string, Rule | null>;

/** At most this many segments behind one rule, directly or not. */
export const MAX_REFERENCED = 50;

/** The module change of list `id`'s members added or removed (`Change.modules`). */
export const listModule = (id: string) => `list:${id}`;
/** The trigger a rule that refers to list `id` listens for. */
export const listTrigger = (id: string): Trigger => ({ on: 'module', name: listModule(id) });

/**
 * Loads the closure of `rule`. Refuses (400, naming the path in `rule`) a reference to an unknown
 * segment and one that leads back to `selfId`.
 */
export async function closureOf(
  registry: ConditionRegistry,
  db: DbOrTx,
  ws: string,
  rule: Rule,
  selfId: string | null,
): Promise<Closure> {
  const out: Closure = new Map();
  const direct = refsWithPaths(registry, rule, 'rule');
  for (const [id, path] of direct) {
    if (id === selfId) throw invalid(path, 'a segment cannot refer to itself');
    const chain: string[] = [];
    const visit = async (sid: string): Promise<void> => {
      if (out.has(sid)) return;
      const row = await db
        .selectFrom('segments')
        .select(['id', 'kind', 'rule'])
        .where('workspace_id', '=', ws)
        .where('id', '=', sid)
        .executeTakeFirst();
      if (!row)
        throw invalid(
          path,
          chain.length
            ? `segment ${chain[chain.length - 1]} refers to segment ${sid}, which does not exist`
            : `no segment ${sid} in this workspace`,
          'INVALID_OPTION',
        );
      const nested = row.kind === 'list' ? null : (row.rule as Rule);
      out.set(sid, nested);
      if (!nested) return;
      chain.push(sid);
      for (const next of registry.refs(nested)) {
        if (next === selfId || chain.includes(next))
          throw invalid(path, `refers back to this segment through ${[...chain, next].join(' → ')}`);
        await visit(next);
      }
      chain.pop();
    };
    await visit(id);
  }
  if (out.size > MAX_REFERENCED)
    throw invalid('rule', `refers to more than ${MAX_REFERENCED} segments, directly or not`, 'TOO_MANY');
  return out;
}

/**
 * What can change a segment's membership: its own conditions' triggers, those of the rules it
 * refers to, and for each list it reaches, that list's changes (`listTrigger`).
 */
export function triggersOf(registry: ConditionRegistry, rule: Rule, closure: ReadonlyMap<string, Rule | null>) {
  const out = new Map<string, Trigger>();
  const seen = new Set<string>();
  const add = (t: Trigger) => out.set(JSON.stringify(t), t);
  const walk = (r: Rule) =>
    registry.visit(r, (c, kind) => {
      for (const t of kind.triggers(c)) add(t);
      for (const ref of kind.refs?.(c) ?? []) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        const nested = closure.get(ref);
        if (nested) walk(nested);
        else if (nested === null) add(listTrigger(ref));
      }
    });
  walk(rule);
  return [...out.values()];
}

/** Segment references of a rule with where they are: id → path of its first use. */
function refsWithPaths(
  registry: ConditionRegistry,
  rule: Rule,
  path: string,
  out = new Map<string, string>(),
): Map<string, string> {
  if ('all' in rule && Array.isArray(rule.all))
    for (const [i, r] of rule.all.entries()) refsWithPaths(registry, r, `${path}.all.${i}`, out);
  else if ('any' in rule && Array.isArray(rule.any))
    for (const [i, r] of rule.any.entries()) refsWithPaths(registry, r, `${path}.any.${i}`, out);
  else if ('not' in rule && rule.not && typeof rule.not === 'object')
    refsWithPaths(registry, rule.not as Rule, `${path}.not`, out);
  else
    for (const id of registry.kindOf(rule as Record<string, unknown>).refs?.(rule as Record<string, unknown>) ?? [])
      if (!out.has(id)) out.set(id, `${path}.segment`);
  return out;
}
