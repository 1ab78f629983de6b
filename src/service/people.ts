import type { Tx } from '../core/db/schema.ts';
import { invalid } from '../core/errors.ts';
import { identityKey, normalizeEmail, normalizePhone, type Identity } from '../cdp/index.ts';
import type { ServiceBaseKernel } from './kernel.ts';

/** An identity as a channel gives it → its normal form, or null when it is not usable. */
export function normalIdentity(i: { kind: string; value: unknown }): Identity | null {
  const raw = typeof i.value === 'number' ? String(i.value) : i.value;
  if (typeof raw !== 'string') return null;
  if (i.kind === 'email') {
    const v = normalizeEmail(raw);
    return v ? { kind: 'email', value: v } : null;
  }
  if (i.kind === 'phone') {
    const v = normalizePhone(/^\d{10,15}$/.test(raw.trim()) && !raw.trim().startsWith('8') ? `+${raw.trim()}` : raw);
    return v ? { kind: 'phone', value: v } : null;
  }
  const v = raw.trim();
  if (!v || v.length > 255 || ['null', 'undefined', 'anonymous'].includes(v.toLowerCase())) return null;
  if (['telegram_id', 'vk_id', 'anonymous_id', 'user_id'].includes(i.kind) || i.kind.startsWith('external:'))
    return { kind: i.kind as Identity['kind'], value: v };
  return null;
}

/**
 * The service desk's way to persons: every inbound message belongs to one, found or created
 * through the identity graph under the workspace's identity lock (as ingest does), so two
 * messages of a new client at once make one person.
 */
export class People {
  constructor(private k: ServiceBaseKernel) {}

  /** In `trx`: the person of these identities (the first one known wins; the others attached to them), or a new one. */
  async findOrCreate(
    trx: Tx,
    ws: string,
    raw: { kind: string; value: unknown }[],
    traits: Record<string, unknown> = {},
  ): Promise<{ personId: string; created: boolean }> {
    const ids: Identity[] = [];
    const seen = new Set<string>();
    for (const r of raw) {
      const i = normalIdentity(r);
      if (!i || seen.has(identityKey(i.kind, i.value))) continue;
      seen.add(identityKey(i.kind, i.value));
      ids.push(i);
    }
    if (!ids.length)
      throw invalid('identities', 'no usable identity (email, phone, telegram_id, vk_id, anonymous_id, user_id)');
    const dir = this.k.cdp.directory;
    await dir.lock(trx, ws);
    const found = await dir.resolve(trx, ws, ids);
    const known = ids.map((i) => found.get(identityKey(i.kind, i.value))).find((p): p is string => !!p);
    if (known) {
      const free = ids.filter((i) => !found.has(identityKey(i.kind, i.value)));
      if (free.length) await dir.attach(trx, ws, known, free);
      return { personId: known, created: false };
    }
    const clean = Object.fromEntries(
      Object.entries(traits).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    const email = ids.find((i) => i.kind === 'email')?.value;
    const phone = ids.find((i) => i.kind === 'phone')?.value;
    const [personId] = await dir.create(trx, ws, [
      { traits: { ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...clean }, identities: ids },
    ]);
    return { personId, created: true };
  }

  /** Name and email of a person for the conversation view (a merged-away id shows the survivor). */
  async summary(ws: string, personId: string): Promise<{ id: string; name: string | null; email: string | null }> {
    const p = (await this.k.cdp.getPeople(ws, [personId])).get(personId);
    if (!p) return { id: personId, name: null, email: null };
    const [crm] = await this.k.crm.people.rowsOf(ws, [p.id]);
    const email = p.identities.find((i) => i.kind === 'email')?.value ?? str(p.traits.email);
    return { id: p.id, name: displayName(crm, p.traits), email };
  }

  /** Display names of a page's persons: one CDP and one CRM call for all of them (key: the id asked). */
  async names(ws: string, personIds: readonly string[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(personIds)];
    if (!ids.length) return new Map();
    const people = await this.k.cdp.getPeople(ws, ids);
    const live = [...new Set([...people.values()].map((p) => p.id))];
    const crm = new Map((await this.k.crm.people.rowsOf(ws, live)).map((r) => [r.person_id, r]));
    return new Map(
      ids.map((id) => {
        const p = people.get(id);
        return [id, p ? displayName(crm.get(p.id), p.traits) : null];
      }),
    );
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The CRM's first and last name, else the CDP's `name`, else its first and last name traits. */
function displayName(
  crm: { first_name: string | null; last_name: string | null } | undefined,
  t: Record<string, unknown>,
): string | null {
  return (
    (crm && [crm.first_name, crm.last_name].filter(Boolean).join(' ')) ||
    str(t.name) ||
    [str(t.firstName), str(t.lastName)].filter(Boolean).join(' ') ||
    null
  );
}
