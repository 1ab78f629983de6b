import type { EngageBaseKernel } from './kernel.ts';
import { Facts, toFacts } from './template-render.ts';

/** What a template knows of a person: `person.*` in Liquid. */
export interface PersonFacts {
  /** The live person (a merged-away id resolves to the survivor). */
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** The person's language (`ru`, `en`…) from traits `locale`/`language` or the CRM custom field of that name. */
  locale: string | null;
  traits: Record<string, unknown>;
  /** Computed traits; loaded only for templates that use `person.computed`. */
  computed: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** `ru-RU`, `RU`, `ru_RU` → `ru`; anything not a language tag → null. */
export function normalizeLocale(v: unknown): string | null {
  const s = str(v);
  const m = s ? /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/i.exec(s) : null;
  return m ? m[1]!.toLowerCase() : null;
}

// Computed traits are one service call per person: a few at a time, so a chunk does not take every connection.
const COMPUTED_CONCURRENCY = 4;

/**
 * Profiles of many persons for rendering, through the CDP's and CRM's services: one batched read
 * of persons with identities (`cdp.getPeople`) and one of CRM rows (`crm.people.rowsOf`), whatever
 * the chunk's size. Computed traits have no batched read: only when a template references
 * `person.computed` are they read person by person (`cdp.computedTraits.forPerson`, several
 * queries each; a broadcast that personalises with them is that much slower).
 * Requested ids of no person are absent from the map.
 */
export async function loadPeople(
  k: EngageBaseKernel,
  ws: string,
  ids: readonly string[],
  opts: { computed: boolean },
): Promise<Map<string, PersonFacts>> {
  const out = new Map<string, PersonFacts>();
  if (!ids.length) return out;
  const profiles = await k.cdp.getPeople(ws, ids);
  const live = new Map([...profiles.values()].map((p) => [p.id, p]));
  const liveIds = [...live.keys()];
  const crm = new Map((await k.crm.people.rowsOf(ws, liveIds)).map((r) => [r.person_id, r]));
  const byLive = new Map<string, PersonFacts>();
  for (const [id, p] of live) {
    const row = crm.get(id);
    const t = p.traits ?? {};
    const first = (kind: string) => p.identities.find((i) => i.kind === kind)?.value ?? null;
    const custom = (row?.custom_fields ?? {}) as Record<string, unknown>;
    byLive.set(id, {
      id,
      firstName: str(row?.first_name) ?? str(t.firstName ?? t.first_name),
      lastName: str(row?.last_name) ?? str(t.lastName ?? t.last_name),
      email: row?.emails?.[0] ?? first('email') ?? str(t.email),
      phone: row?.phones?.[0] ?? first('phone') ?? str(t.phone),
      locale:
        normalizeLocale(t.locale) ??
        normalizeLocale(t.language) ??
        normalizeLocale(custom.locale) ??
        normalizeLocale(custom.language),
      traits: t,
      computed: {},
    });
  }
  if (opts.computed) {
    const queue = [...byLive.values()];
    await Promise.all(
      Array.from({ length: Math.min(COMPUTED_CONCURRENCY, queue.length) }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const c = await k.cdp.computedTraits.forPerson(ws, p.id);
          p.computed = { ...c, ...c.custom };
        }
      }),
    );
  }
  for (const [asked, p] of profiles) out.set(asked, byLive.get(p.id)!);
  return out;
}

/** The Liquid scope of one message. */
export function liquidScope(
  person: PersonFacts | null,
  extra: {
    data?: Record<string, unknown>;
    messageId?: string | null;
    links?: { unsubscribeUrl?: string | null; preferencesUrl?: string | null } | null;
    /** What the registered contexts (`templates.registerContext`) give this person, by name. */
    contexts?: Record<string, unknown>;
  },
): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(extra.contexts ?? {}).map(([name, v]) => [name, toFacts(v)])),
    person: new Facts(
      person
        ? {
            id: person.id,
            firstName: person.firstName,
            lastName: person.lastName,
            email: person.email,
            phone: person.phone,
            locale: person.locale,
            traits: new Facts(person.traits),
            computed: new Facts(person.computed),
          }
        : {},
    ),
    data: extra.data ?? {},
    message: new Facts({ id: extra.messageId ?? null }),
    unsubscribe_url: extra.links?.unsubscribeUrl ?? '',
    preferences_url: extra.links?.preferencesUrl ?? '',
  };
}
