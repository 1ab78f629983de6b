import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../core/db/schema.ts';
import { notFound } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { isUuid } from '../../core/ids.ts';

const TABLES = {
  source: ['cx_mention_sources', 'Mention source'],
  rule: ['cx_alert_rules', 'Alert rule'],
} as const;

/**
 * A preValidation hook for writes under `/<records>/:id`: a record this workspace does not have is
 * a 404 before the body is validated, so another workspace's id never gets a 400 telling about it.
 */
export function mustExist(db: Db, what: keyof typeof TABLES) {
  const [table, label] = TABLES[what];
  return async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !isUuid(id)) return;
    const ws = principalOf(req).actor.workspaceId;
    const r = await sql<{
      one: number;
    }>`SELECT 1 AS one FROM ${sql.table(table)} WHERE workspace_id = ${ws} AND id = ${id} LIMIT 1`.execute(db);
    if (!r.rows.length) throw notFound(label);
  };
}
