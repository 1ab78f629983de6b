import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { ChannelType, MessageStatus } from './tables.ts';

export const SEGMENTS_JOB = 'engage.segments-evaluate';

/** One change of one message: its new status (or the same), a history row, a timeline event. */
export interface Change {
  ws: string;
  id: string;
  personId: string;
  channelId: string;
  channelType: ChannelType;
  templateId: string | null;
  broadcastId: string | null;
  status: MessageStatus;
  /** The history row's type: a status, or `deferred` / `retry` / `queued`. */
  type: string;
  reason?: string | null;
  detail: Record<string, unknown>;
  address?: string | null;
  subject?: string | null;
  providerId?: string | null;
  templateVersion?: number | null;
  sendAfter?: Date | null;
  /** Not an attempt after all (quiet hours): the claim's attempt is given back. */
  attemptsBack?: boolean;
  at?: Date;
}

export const parts = (m: {
  workspace_id: string;
  id: string;
  person_id: string;
  channel_id: string;
  channel_type: ChannelType;
  template_id: string | null;
  broadcast_id: string | null;
}) => ({
  ws: m.workspace_id,
  id: m.id,
  personId: m.person_id,
  channelId: m.channel_id,
  channelType: m.channel_type,
  templateId: m.template_id,
  broadcastId: m.broadcast_id,
});

const LABEL: Record<ChannelType, string> = {
  email: 'Email',
  sms: 'SMS',
  push: 'Push',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  vk: 'VK',
  webhook: 'Webhook',
};
const VERB: Record<string, string> = {
  sent: 'Sent',
  delivered: 'Delivered',
  opened: 'Opened',
  clicked: 'Link Clicked',
  bounced: 'Bounced',
  failed: 'Failed',
  complained: 'Complained',
  suppressed: 'Suppressed',
};

/** The timeline event of a history type ('Email Delivered', 'SMS Failed', 'Message Unsubscribed'), or null. */
export function eventName(type: string, channelType: ChannelType): string | null {
  if (type === 'unsubscribed') return 'Message Unsubscribed';
  const verb = VERB[type];
  return verb ? `${LABEL[channelType] ?? channelType} ${verb}` : null;
}

/**
 * Writes a batch of changes in one transaction with a few statements: with `update`, the ledger
 * rows still `sending` take their results (one UPDATE … FROM a JSON record set; a row whose lease
 * ran out meanwhile is left as the expiry marked it); then the history rows, the persons' timeline
 * events (idempotent by `msg:<id>:<type>`) and one segments job per workspace.
 */
export async function recordChanges(
  trx: DbOrTx,
  k: EngageBaseKernel,
  changes: Change[],
  opts: { update?: boolean } = {},
): Promise<Change[]> {
  if (!changes.length) return [];
  const at = new Date();
  let done = changes;
  if (opts.update) {
    const rows = changes.map((c) => ({
      ws: c.ws,
      id: c.id,
      status: c.status,
      reason: c.reason ?? null,
      address: c.address ?? null,
      subject: c.subject ?? null,
      template_version: c.templateVersion ?? null,
      provider_id: c.providerId ?? null,
      send_after: c.sendAfter ?? null,
      attempts_back: !!c.attemptsBack,
      at: (c.at ?? at).toISOString(),
    }));
    const r = await sql<{ id: string }>`
      UPDATE engage_messages m SET
        status = x.status, reason = x.reason,
        address = coalesce(x.address, m.address), subject = coalesce(x.subject, m.subject),
        template_version = coalesce(x.template_version, m.template_version),
        provider_id = coalesce(x.provider_id, m.provider_id),
        send_after = CASE WHEN x.status = 'queued' THEN x.send_after ELSE m.send_after END,
        attempts = CASE WHEN x.attempts_back THEN greatest(m.attempts - 1, 0) ELSE m.attempts END,
        claimed_until = NULL,
        sent_at = CASE WHEN x.status IN ('sent', 'delivered') THEN x.at ELSE m.sent_at END,
        delivered_at = CASE WHEN x.status = 'delivered' THEN x.at ELSE m.delivered_at END,
        bounced_at = CASE WHEN x.status = 'bounced' THEN x.at ELSE m.bounced_at END,
        updated_at = x.at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        ws uuid, id uuid, status text, reason text, address text, subject text, template_version int,
        provider_id text, send_after timestamptz, attempts_back boolean, at timestamptz)
      WHERE m.workspace_id = x.ws AND m.id = x.id AND m.status = 'sending'
      RETURNING m.id
    `.execute(trx);
    const updated = new Set(r.rows.map((x) => x.id));
    done = changes.filter((c) => updated.has(c.id));
  }
  await logChanges(trx, k, done, at);
  return done;
}

/** History rows, timeline events and segment re-evaluation for changes already applied to the ledger. */
export async function logChanges(trx: DbOrTx, k: EngageBaseKernel, changes: Change[], at = new Date()) {
  if (!changes.length) return;
  const history = changes.map((c) => ({
    ws: c.ws,
    id: newId(),
    message_id: c.id,
    type: c.type,
    detail: c.detail,
    at: (c.at ?? at).toISOString(),
  }));
  await sql`
    INSERT INTO engage_message_events (workspace_id, id, message_id, type, detail, occurred_at)
    SELECT x.ws, x.id, x.message_id, x.type, x.detail, x.at
    FROM jsonb_to_recordset(${JSON.stringify(history)}::jsonb) AS x(ws uuid, id uuid, message_id uuid, type text, detail jsonb, at timestamptz)
  `.execute(trx);
  const byWs = new Map<string, Change[]>();
  for (const c of changes) if (eventName(c.type, c.channelType)) byWs.set(c.ws, [...(byWs.get(c.ws) ?? []), c]);
  for (const [ws, list] of byWs) {
    await k.cdp.directory.appendEvents(
      trx,
      ws,
      list.map((c) => ({
        personId: c.personId,
        type: 'message',
        event: eventName(c.type, c.channelType)!,
        properties: {
          messageId: c.id,
          channelId: c.channelId,
          channelType: c.channelType,
          templateId: c.templateId,
          broadcastId: c.broadcastId,
          ...(c.reason ? { reason: c.reason } : {}),
          ...(typeof c.detail.url === 'string' ? { url: c.detail.url } : {}),
        },
        occurredAt: c.at ?? at,
        messageId: `msg:${c.id}:${c.type}`,
      })),
    );
    // Segments over message events ("opened an email in 7 days") follow, after the commit; a
    // workspace with no such segment gets no job (a broadcast would otherwise queue one per batch).
    const events = [...new Set(list.map((c) => eventName(c.type, c.channelType)!))];
    if (!(await k.segments.watchesEvents(ws, events, trx))) continue;
    await k.jobs.enqueue(
      ws,
      SEGMENTS_JOB,
      {
        personIds: [...new Set(list.map((c) => c.personId))],
        events,
      },
      { trx },
    );
  }
}
