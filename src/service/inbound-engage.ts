import { createHash } from 'node:crypto';
import type { Service } from './service.ts';
import type { InboxChannel } from './tables.ts';

const CHANNELS: Record<string, InboxChannel> = {
  telegram: 'telegram',
  vk: 'vk',
  whatsapp: 'whatsapp',
  sms: 'sms',
  email: 'email',
};

/** The provider's id of an inbound message, from its raw payload (Telegram, VK, WhatsApp, SMS gateways). */
export function providerIdOf(type: string, raw: unknown, fallback: { from: string; text: string; at?: Date }): string {
  const at = (...path: string[]) => dig(raw, path);
  const id =
    (type === 'telegram' && (at('update_id') ?? at('message', 'message_id'))) ||
    (type === 'vk' && (at('event_id') ?? at('object', 'message', 'id') ?? at('object', 'id'))) ||
    at('id') ||
    at('message_id') ||
    at('messageId');
  if (id !== undefined && id !== null && id !== '') return `${type}:${String(id)}`;
  const h = createHash('sha256')
    .update(`${fallback.from}\n${fallback.at?.toISOString() ?? ''}\n${fallback.text}`)
    .digest('hex')
    .slice(0, 32);
  return `${type}:h:${h}`;
}

/**
 * engage.inbound's handler: a text that came in on an engage channel whose inbox exists goes
 * into that inbox as a conversation message (the sender found or created); false when no inbox
 * takes this channel (engage then keeps it on the timeline as before).
 */
export async function engageInbound(
  service: Service,
  ws: string,
  channel: { id: string; type: string },
  m: { from: string; text: string; at?: Date; raw?: unknown; identity: { kind: string; value: string } },
): Promise<boolean> {
  const inbox = await service.inboxes.byChannel(service.db, ws, channel.id);
  if (!inbox) return false;
  const from = (k: string) => dig(m.raw, ['message', 'from', k]) ?? dig(m.raw, ['edited_message', 'from', k]);
  const name =
    [from('first_name'), from('last_name')].filter((x) => typeof x === 'string' && x).join(' ') ||
    (typeof from('username') === 'string' ? (from('username') as string) : undefined);
  await service.inbound.receive(ws, {
    inboxId: inbox.id,
    channel:
      inbox.channel === 'api' || inbox.channel === 'chat' ? (CHANNELS[channel.type] ?? inbox.channel) : inbox.channel,
    identities: [m.identity],
    traits: name ? { name } : {},
    externalId: providerIdOf(channel.type, m.raw, m),
    text: m.text,
    ...(m.at ? { at: m.at } : {}),
  });
  return true;
}

/** A value inside a provider's JSON payload, or undefined. */
function dig(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur ?? undefined;
}
