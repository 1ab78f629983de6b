import { systemActor } from '../core/auth/actor.ts';
import { identityKey, normalizePhone, type Identity } from '../cdp/index.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { InboundMessage, StatusReport } from './channels/types.ts';
import { channelKind } from './channels/registry.ts';
import { api } from './sender-support.ts';
import { SEGMENTS_JOB } from './ledger.ts';
import { suppress } from './suppressions.ts';

/** What the report path needs of the ledger (messages.ts), without importing it back. */
interface Ledger {
  record(ws: string, id: string, type: string, detail: Record<string, unknown>, at: Date): Promise<unknown>;
  get(ws: string, id: string): Promise<{ personId: string }>;
}

const STOP_WORDS = new Set(['STOP', 'СТОП', 'UNSUBSCRIBE', 'ОТПИСАТЬСЯ', 'STOPALL', 'ОТПИСКА']);

/** Provider callbacks and DSNs: each report finds its message by the provider's id on this channel. */
export async function applyReports(
  k: EngageBaseKernel,
  messages: Ledger,
  ws: string,
  channelId: string,
  reports: StatusReport[],
): Promise<number> {
  if (!reports.length) return 0;
  const rows = await k.db
    .selectFrom('engage_messages')
    .select(['id', 'provider_id', 'address', 'channel_type'])
    .where('workspace_id', '=', ws)
    .where('channel_id', '=', channelId)
    .where(
      'provider_id',
      'in',
      reports.map((r) => r.providerId),
    )
    .execute();
  const byProvider = new Map(rows.map((r) => [r.provider_id!, r]));
  let n = 0;
  for (const rep of reports) {
    const m = byProvider.get(rep.providerId);
    if (!m) continue;
    const detail = {
      ...(rep.reason ? { reason: rep.reason } : {}),
      ...(rep.bounce ? { bounce: rep.bounce } : {}),
      source: 'provider',
    };
    await messages.record(ws, m.id, rep.status, detail, rep.at ?? new Date());
    n++;
    const consent = channelKind(m.channel_type)?.consent;
    if (!consent || !m.address) continue;
    if (rep.status === 'bounced' && rep.bounce === 'hard')
      await suppress(k.db, ws, [
        { channel: consent, address: m.address, reason: 'hard_bounce', detail: rep.reason ?? null },
      ]);
    if (rep.status === 'complained') {
      await suppress(k.db, ws, [
        { channel: consent, address: m.address, reason: 'complaint', detail: rep.reason ?? null },
      ]);
      const msg = await messages.get(ws, m.id);
      await k.crm.consents.record(systemActor(ws, 'complaint'), msg.personId, {
        channel: consent,
        purpose: 'marketing',
        granted: false,
        source: 'complaint',
        evidence: `message ${m.id}`,
      });
    }
  }
  return n;
}

/**
 * Replies on SMS and messengers: STOP (СТОП, UNSUBSCRIBE, ОТПИСАТЬСЯ) withdraws the sender's
 * marketing consent for that channel; any other text goes to the handlers of `engage.inbound`
 * (the service desk files it in a conversation, creating the sender when new) or, when none takes
 * it, lands on their timeline ('Message Received'); senders we cannot match are then skipped.
 */
export async function applyInbound(
  k: EngageBaseKernel,
  engage: Engage,
  ws: string,
  channelId: string,
  inbound: InboundMessage[],
): Promise<number> {
  if (!inbound.length) return 0;
  const channel = await api(engage).channels.get(ws, channelId);
  const kind = channelKind(channel.type);
  const identityOf = (from: string): Identity | null => {
    const raw = from.trim();
    if (channel.type === 'sms' || channel.type === 'whatsapp') {
      const phone = normalizePhone(/^\d+$/.test(raw) ? `+${raw}` : raw);
      return phone ? { kind: 'phone', value: phone } : null;
    }
    if (channel.type === 'telegram') return { kind: 'telegram_id', value: raw };
    if (channel.type === 'vk') return { kind: 'vk_id', value: raw };
    if (channel.type === 'email') return { kind: 'email', value: raw.toLowerCase() };
    return null;
  };
  const ids = inbound.map((m) => identityOf(m.from));
  const found = await k.cdp.directory.resolve(
    k.db,
    ws,
    ids.filter((i): i is Identity => !!i),
  );
  let n = 0;
  for (const [i, m] of inbound.entries()) {
    const id = ids[i];
    const personId = id ? found.get(identityKey(id.kind, id.value)) : undefined;
    const word = m.text
      .trim()
      .toUpperCase()
      .replace(/[^\p{L}]/gu, '');
    const stop = STOP_WORDS.has(word) && !!kind?.consent;
    // Other texts go to the service desk when it takes them (it finds or creates the sender).
    if (
      !stop &&
      id &&
      (await engage.inbound.dispatch(ws, { id: channel.id, type: channel.type }, { ...m, identity: id }))
    ) {
      n++;
      continue;
    }
    if (!personId) continue;
    n++;
    if (stop && kind?.consent) {
      await k.crm.consents.record(systemActor(ws, 'inbound'), personId, {
        channel: kind.consent,
        purpose: 'marketing',
        granted: false,
        source: 'inbound-stop',
        evidence: `${channel.type} ${m.from}: ${m.text.slice(0, 100)}`,
      });
      continue;
    }
    await k.db.transaction().execute(async (trx) => {
      await k.cdp.directory.appendEvents(trx, ws, [
        {
          personId,
          type: 'message',
          event: 'Message Received',
          properties: { channelId, channelType: channel.type, from: m.from, text: m.text },
          occurredAt: m.at ?? new Date(),
        },
      ]);
      await k.jobs.enqueue(ws, SEGMENTS_JOB, { personIds: [personId], events: ['Message Received'] }, { trx });
    });
  }
  return n;
}
