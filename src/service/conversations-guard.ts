import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../core/db/schema.ts';
import { notFound } from '../core/errors.ts';
import { principalOf } from '../core/http/principal.ts';
import { isUuid } from '../core/ids.ts';

/** The desk's tables a route's `:id` names, and whether they soft-delete. */
const TABLES = {
  inbox: ['service_inboxes', true, 'Inbox'],
  conversation: ['service_conversations', false, 'Conversation'],
  team: ['service_teams', true, 'Team'],
  routingRule: ['service_routing_rules', false, 'Routing rule'],
  automationRule: ['service_automation_rules', false, 'Automation rule'],
  cannedResponse: ['service_canned_responses', false, 'Canned response'],
  macro: ['service_macros', false, 'Macro'],
} as const;

/**
 * A preValidation hook for writes under `/<records>/:id`: a record this workspace does not have is
 * a 404 before the body is validated, so another workspace's id never gets a 400 that tells
 * something about it (as src/crm/route-guards.ts does for people).
 */
export function mustExist(db: Db, what: keyof typeof TABLES) {
  const [table, soft, label] = TABLES[what];
  return async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !isUuid(id)) return; // the params schema answers 400
    const ws = principalOf(req).actor.workspaceId;
    const r = await sql<{ one: number }>`
      SELECT 1 AS one FROM ${sql.table(table)} WHERE workspace_id = ${ws} AND id = ${id}
      ${soft ? sql`AND deleted_at IS NULL` : sql``} LIMIT 1
    `.execute(db);
    if (!r.rows.length) throw notFound(label);
  };
}
