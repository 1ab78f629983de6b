import { sql } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { ChannelType } from './tables.ts';
import type { Engage } from './engage.ts';

/** A person as the sender sees them: who they are now (after merges) and their traits. */
export interface Recipient {
  /** The id the message was queued for. */
  personId: string;
  /** The live person (the one it was merged into, or itself); null when the person is gone. */
  liveId: string | null;
  traits: Record<string, unknown>;
  /** Identities by kind (email, phone, telegram_id, vk_id): the newest first. */
  identities: Map<string, string[]>;
}

/** Which identity kind is the address of a channel type (push and webhook have none). */
export const ADDRESS_KIND: Record<ChannelType, 'email' | 'phone' | 'telegram_id' | 'vk_id' | null> = {
  email: 'email',
  sms: 'phone',
  whatsapp: 'phone',
  telegram: 'telegram_id',
  vk: 'vk_id',
  push: null,
  webhook: null,
};

/**
 * The recipients of a batch in two statements: the persons (following a merge one step, as a
 * merge leaves `merged_into` on the merged-away row) and their address identities.
 */
export async function loadRecipients(db: DbOrTx, ws: string, personIds: string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const ids = [...new Set(personIds)];
  if (!ids.length) return out;
  const persons = await sql<{ id: string; live: string; traits: Record<string, unknown> }>`
    SELECT p.id, coalesce(l.id, p.id) AS live, coalesce(l.traits, p.traits) AS traits
    FROM persons p LEFT JOIN persons l ON l.workspace_id = p.workspace_id AND l.id = p.merged_into
    WHERE p.workspace_id = ${ws} AND p.id = ANY(${ids}::uuid[])
  `.execute(db);
  for (const id of ids) out.set(id, { personId: id, liveId: null, traits: {}, identities: new Map() });
  const byLive = new Map<string, Recipient[]>();
  for (const p of persons.rows) {
    const r = out.get(p.id)!;
    r.liveId = p.live;
    r.traits = p.traits ?? {};
    byLive.set(p.live, [...(byLive.get(p.live) ?? []), r]);
  }
  if (!byLive.size) return out;
  const idents = await sql<{ person_id: string; kind: string; value: string }>`
    SELECT person_id, kind, value FROM identities
    WHERE workspace_id = ${ws} AND person_id = ANY(${[...byLive.keys()]}::uuid[])
      AND kind IN ('email', 'phone', 'telegram_id', 'vk_id')
    ORDER BY created_at DESC, value
  `.execute(db);
  for (const i of idents.rows)
    for (const r of byLive.get(i.person_id) ?? [])
      r.identities.set(i.kind, [...(r.identities.get(i.kind) ?? []), i.value]);
  return out;
}

/** The address of a recipient on a channel type, or null when they have none; '' for webhooks. */
export async function addressOf(engage: Engage, ws: string, type: ChannelType, r: Recipient): Promise<string | null> {
  if (type === 'webhook') return '';
  if (!r.liveId) return null;
  if (type === 'push') {
    const subs = engage.pushSubscriptions as unknown as {
      addressesFor?: (ws: string, personId: string) => Promise<string[]>;
    };
    if (typeof subs.addressesFor !== 'function') return null;
    // The newest subscription (the browser used last).
    return (await subs.addressesFor(ws, r.liveId))[0] ?? null;
  }
  const kind = ADDRESS_KIND[type];
  const value = kind ? r.identities.get(kind)?.[0] : undefined;
  if (!value) return null;
  // WhatsApp's Cloud API takes the number as digits, without the plus.
  return type === 'whatsapp' ? value.replace(/\D/g, '') : value;
}

/** The person's time zone: their `timezone` / `time_zone` trait when it is a zone, else the fallback. */
export function timeZoneOf(r: Recipient | undefined, fallback: string): string {
  for (const key of ['timezone', 'time_zone', 'timeZone']) {
    const tz = r?.traits?.[key];
    if (typeof tz === 'string' && tz)
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return tz;
      } catch {
        /* not a zone: the fallback */
      }
  }
  return fallback;
}
