import { z } from 'zod';
import { sql, type Selectable } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DbOrTx } from '../core/db/schema.ts';
import { invalid, notFound } from '../core/errors.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime } from '../core/http/schemas.ts';
import { decodeCursor, keysetPage, pageOf, pageQuery } from '../core/http/pagination.ts';
import { normalizeEmail, normalizePhone } from '../cdp/index.ts';
import type { EngageSuppressionsTable } from './tables.ts';
import type { EngageKernel } from './kernel.ts';

export const SUPPRESSION_CHANNELS = ['email', 'sms', 'push', 'messenger'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];
type Reason = EngageSuppressionsTable['reason'];

/** The form an address is kept in on the list: lower-cased email, E.164 phone, the id as given. */
export function normalizeAddress(channel: string, address: string): string {
  const a = address.trim();
  if (channel === 'email') return normalizeEmail(a) ?? a.toLowerCase();
  if (channel === 'sms') return normalizePhone(a) ?? a;
  return a;
}

/** Adds addresses to the list; one already there keeps its first reason. */
export async function suppress(
  db: DbOrTx,
  ws: string,
  rows: { channel: string; address: string; reason: Reason; detail?: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  const values = rows.map((r) => ({
    channel: r.channel,
    address: normalizeAddress(r.channel, r.address),
    reason: r.reason,
    detail: r.detail ?? null,
  }));
  await sql`
    INSERT INTO engage_suppressions (workspace_id, channel, address, reason, detail)
    SELECT ${ws}, x.channel, x.address, x.reason, x.detail
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS x(channel text, address text, reason text, detail text)
    ON CONFLICT (workspace_id, channel, address) DO NOTHING
  `.execute(db);
}

/** Which of these (channel, normalised address) pairs are on the list: keys `channel address`. */
export async function suppressedOf(db: DbOrTx, ws: string, pairs: { channel: string; address: string }[]) {
  const out = new Set<string>();
  if (!pairs.length) return out;
  const r = await sql<{ channel: string; address: string }>`
    SELECT s.channel, s.address FROM engage_suppressions s
    JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x(channel text, address text)
      ON s.channel = x.channel AND s.address = x.address
    WHERE s.workspace_id = ${ws}
  `.execute(db);
  for (const row of r.rows) out.add(`${row.channel} ${row.address}`);
  return out;
}

const view = (r: Selectable<EngageSuppressionsTable>) => ({
  channel: r.channel as SuppressionChannel,
  address: r.address,
  reason: r.reason,
  detail: r.detail,
  createdAt: r.created_at,
});

const suppressionSchema = z
  .object({
    channel: z.enum(SUPPRESSION_CHANNELS),
    address: z.string(),
    reason: z.enum(['hard_bounce', 'complaint', 'manual', 'unsubscribed']),
    detail: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'Suppression', description: 'An address never sent to again on a channel' });

/** GET/POST/DELETE /suppressions: the list the sender checks before every message. */
export async function suppressionRoutes(app: FastifyInstance, k: EngageKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: suppressions'];
  const key = z.object({ channel: z.enum(SUPPRESSION_CHANNELS), address: z.string().trim().min(1).max(512) });

  r.get(
    '/suppressions',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'Suppressed addresses, newest first',
        querystring: z.object({
          ...pageQuery,
          channel: z.enum(SUPPRESSION_CHANNELS).optional(),
          address: z.string().max(512).optional().describe('Exact address (normalised like the list)'),
        }),
        response: { 200: pageOf(suppressionSchema) },
      },
    },
    async (req) => {
      const ws = principalOf(req).actor.workspaceId;
      const { limit, cursor, channel, address } = req.query;
      const after = decodeCursor<{ t: string; c: string; a: string }>(cursor);
      let q = k.db.selectFrom('engage_suppressions').selectAll().where('workspace_id', '=', ws);
      if (channel) q = q.where('channel', '=', channel);
      if (address) q = q.where('address', '=', channel ? normalizeAddress(channel, address) : address.trim());
      if (after)
        q = q.where(
          sql<boolean>`(created_at, channel, address) < (${new Date(after.t)}::timestamptz, ${after.c}, ${after.a})`,
        );
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('channel', 'desc')
        .orderBy('address', 'desc')
        .limit(limit + 1)
        .execute();
      return keysetPage(rows, limit, view, (l) => ({
        t: new Date(l.created_at).toISOString(),
        c: l.channel,
        a: l.address,
      }));
    },
  );

  r.post(
    '/suppressions',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Suppress an address on a channel (reason manual)',
        body: key.extend({ detail: z.string().max(1000).nullable().optional() }),
        response: { 201: suppressionSchema },
      },
    },
    async (req, reply) => {
      const ws = principalOf(req).actor.workspaceId;
      const { channel, address, detail } = req.body;
      if (channel === 'email' && !normalizeEmail(address))
        throw invalid('address', 'not an email address', 'INVALID_EMAIL');
      await suppress(k.db, ws, [{ channel, address, reason: 'manual', detail: detail ?? null }]);
      const row = await k.db
        .selectFrom('engage_suppressions')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('channel', '=', channel)
        .where('address', '=', normalizeAddress(channel, address))
        .executeTakeFirstOrThrow();
      return reply.status(201).send(view(row));
    },
  );

  r.delete(
    '/suppressions',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Take an address off the suppression list',
        querystring: key,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const ws = principalOf(req).actor.workspaceId;
      const { channel, address } = req.query;
      const r2 = await k.db
        .deleteFrom('engage_suppressions')
        .where('workspace_id', '=', ws)
        .where('channel', '=', channel)
        .where('address', '=', normalizeAddress(channel, address))
        .executeTakeFirst();
      if (!Number(r2.numDeletedRows)) throw notFound('Suppression');
      return reply.status(204).send(null);
    },
  );
}
