import { sql } from 'kysely';
import type { Db } from '../core/db/schema.ts';
import { invalid, notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { exactTime } from '../core/db/exact-time.ts';

export const COMPANY_TIMELINE_TYPES = ['activity', 'deal'] as const;

interface Entry {
  id: string;
  type: string;
  event: string;
  occurred_at: Date;
  person_id: string | null;
  deal_id: string | null;
  properties: Record<string, unknown>;
}

/**
 * A company's timeline: the activities logged on the company or on any of its people, and the
 * stage changes of the deals of the company or its people, newest first. Person timelines are the
 * CDP's event stream; a company has none, so this one is read from the CRM's own tables.
 */
export async function companyTimeline(
  db: Db,
  ws: string,
  companyId: string,
  q: { limit: number; cursor?: string; types?: string[] },
) {
  const company = await db
    .selectFrom('crm_companies')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('id', '=', companyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!company) throw notFound('Company');
  const types = q.types?.length ? q.types : [...COMPANY_TIMELINE_TYPES];
  for (const [i, t] of types.entries())
    if (!(COMPANY_TIMELINE_TYPES as readonly string[]).includes(t))
      throw invalid(`types.${i}`, `must be one of ${COMPANY_TIMELINE_TYPES.join(', ')}`);
  const c = decodeCursor<{ t: string; id: string }>(q.cursor);
  if (
    c &&
    (typeof c.t !== 'string' ||
      typeof c.id !== 'string' ||
      Number.isNaN(Date.parse(c.t)) ||
      !/^[0-9a-f-]{36}$/i.test(c.id))
  )
    throw invalid('cursor', 'malformed cursor');
  const after = c ? sql`AND (x.occurred_at, x.id) < (${c.t}::timestamptz, ${c.id}::uuid)` : sql``;
  const people = sql`SELECT person_id FROM crm_people WHERE workspace_id = ${ws} AND company_id = ${companyId} AND deleted_at IS NULL`;
  const parts = [];
  if (types.includes('activity'))
    parts.push(sql`
      SELECT a.id, 'activity' AS type, CASE WHEN a.kind = 'task' AND a.done_at IS NOT NULL THEN 'task.done' ELSE a.kind END AS event,
             a.occurred_at, a.person_id, a.deal_id,
             jsonb_build_object('activityId', a.id, 'kind', a.kind, 'subject', a.subject, 'body', a.body, 'personId', a.person_id, 'companyId', a.company_id,
                                'dealId', a.deal_id, 'ownerId', a.owner_id, 'direction', a.direction, 'durationSeconds', a.duration_seconds,
                                'outcome', a.outcome, 'dueAt', a.due_at, 'doneAt', a.done_at) AS properties
      FROM crm_activities a
      WHERE a.workspace_id = ${ws} AND a.deleted_at IS NULL AND (a.company_id = ${companyId} OR a.person_id IN (${people}))`);
  if (types.includes('deal'))
    parts.push(sql`
      SELECT sc.id, 'deal' AS type,
             CASE WHEN sc.from_stage_id IS NULL THEN 'deal.created' WHEN ts.kind = 'won' THEN 'deal.won' WHEN ts.kind = 'lost' THEN 'deal.lost' ELSE 'deal.stage_changed' END AS event,
             sc.changed_at AS occurred_at, d.person_id, d.id AS deal_id,
             jsonb_build_object('dealId', d.id, 'title', d.title, 'fromStage', fs.name, 'toStage', ts.name, 'amount', d.amount, 'currency', d.currency) AS properties
      FROM crm_deal_stage_changes sc
      JOIN crm_deals d ON d.workspace_id = sc.workspace_id AND d.id = sc.deal_id
      LEFT JOIN crm_stages fs ON fs.workspace_id = sc.workspace_id AND fs.id = sc.from_stage_id
      LEFT JOIN crm_stages ts ON ts.workspace_id = sc.workspace_id AND ts.id = sc.to_stage_id
      WHERE sc.workspace_id = ${ws} AND d.deleted_at IS NULL AND (d.company_id = ${companyId} OR d.person_id IN (${people}))`);
  const r = await sql<Entry>`
    SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) x
    WHERE true ${after}
    ORDER BY x.occurred_at DESC, x.id DESC
    LIMIT ${q.limit + 1}
  `.execute(db);
  return keysetPage(
    r.rows,
    q.limit,
    (e) => ({
      id: e.id,
      type: e.type,
      event: e.event,
      occurredAt: e.occurred_at,
      personId: e.person_id,
      dealId: e.deal_id,
      properties: e.properties,
    }),
    (last) => ({ t: exactTime(last.occurred_at), id: last.id }),
  );
}
