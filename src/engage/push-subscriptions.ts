import { z } from 'zod';
import type { Selectable } from 'kysely';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { dateTime } from '../core/http/schemas.ts';
import { normalizeHost } from '../core/net/allow-list.ts';
import { nonPublicReason, normalizeIp } from '../core/net/ip.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { EngagePushSubscriptionsTable } from './tables.ts';

const b64key = (bytes: number, exact: boolean) =>
  z
    .string()
    .max(200)
    .refine(
      (s) => {
        if (!/^[A-Za-z0-9_\-+/]+={0,2}$/.test(s)) return false;
        const n = Buffer.from(s, 'base64url').length;
        return exact ? n === bytes : n >= bytes;
      },
      { message: `must be ${exact ? '' : 'at least '}${bytes} bytes in URL-safe base64` },
    )
    // Browsers give URL-safe base64 without padding; some libraries pad or use the standard alphabet.
    .transform((s) => Buffer.from(s, 'base64url').toString('base64url'));

/** A browser's PushSubscription as `subscription.toJSON()` gives it (`expirationTime` is ignored). */
export const pushSubscriptionInput = z
  .object({
    endpoint: z
      .url({ message: 'must be a URL' })
      .max(2000)
      .describe("The push service URL of the browser's subscription"),
    keys: z.object({
      p256dh: b64key(65, true).describe("The browser's P-256 public key"),
      auth: b64key(16, false).describe('The auth secret'),
    }),
  })
  .describe('A Web Push subscription (PushSubscription.toJSON())');
export type PushSubscriptionInput = z.input<typeof pushSubscriptionInput>;

export const pushSubscriptionView = z
  .object({
    id: z.string(),
    personId: z.string(),
    endpoint: z.string(),
    keys: z.object({ p256dh: z.string(), auth: z.string() }),
    createdAt: dateTime,
  })
  .meta({ id: 'PushSubscription', description: "A browser's Web Push subscription, of one person" });
export type PushSubscriptionView = Omit<z.infer<typeof pushSubscriptionView>, 'createdAt'> & { createdAt: Date };

const view = (r: Selectable<EngagePushSubscriptionsTable>): PushSubscriptionView => ({
  id: r.id,
  personId: r.person_id,
  endpoint: r.endpoint,
  keys: { p256dh: r.p256dh, auth: r.auth },
  createdAt: r.created_at,
});

/** What the push channel's `to` is: the subscription's JSON. */
export const pushAddress = (s: { endpoint: string; keys: { p256dh: string; auth: string } }): string =>
  JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: s.keys.auth } });

const MAX_PER_PERSON = 100;

/**
 * Browsers' Web Push subscriptions (engage_push_subscriptions), one row per endpoint in a workspace:
 * a browser that subscribes again (new keys, or another person logged in on it) replaces its row.
 * They follow the person through merges.
 */
export class PushSubscriptions {
  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    // GDPR: a person's browsers are erased and exported with the person.
    k.privacy.registerModule('engage-push', {
      erase: async (trx, ws, personIds) => {
        if (!personIds.length) return { pushSubscriptions: 0 };
        const gone = await trx
          .deleteFrom('engage_push_subscriptions')
          .where('workspace_id', '=', ws)
          .where('person_id', 'in', personIds)
          .executeTakeFirst();
        return { pushSubscriptions: Number(gone.numDeletedRows) };
      },
      export: async (db, ws, personIds) => ({
        pushSubscriptions: !personIds.length
          ? []
          : await db
              .selectFrom('engage_push_subscriptions')
              .select(['id', 'endpoint', 'created_at as createdAt'])
              .where('workspace_id', '=', ws)
              .where('person_id', 'in', personIds)
              .orderBy('created_at')
              .execute(),
      }),
    });
    // The survivor of a merge gets the merged-away person's browsers.
    k.cdp.directory.onMerge(async (trx, ws, m) => {
      await trx
        .updateTable('engage_push_subscriptions')
        .set({ person_id: m.into })
        .where('workspace_id', '=', ws)
        .where('person_id', '=', m.from)
        .execute();
    });
  }

  /**
   * Adds (or replaces, by endpoint) a subscription of a person. The endpoint must be https and
   * pass the outbound policy: it is a URL we will post to. `field` prefixes error paths
   * (`subscription` on the browser route).
   */
  async subscribe(
    ws: string,
    personId: string,
    input: PushSubscriptionInput,
    field = '',
  ): Promise<PushSubscriptionView> {
    const sub = await this.check(input, field);
    const person = await this.k.cdp.getPerson(ws, personId);
    const count = await this.k.db
      .selectFrom('engage_push_subscriptions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', ws)
      .where('person_id', '=', person.id)
      .where('endpoint', '!=', sub.endpoint)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PER_PERSON)
      throw new AppError('CONFLICT', `A person has at most ${MAX_PER_PERSON} push subscriptions`);
    const row = await this.k.db
      .insertInto('engage_push_subscriptions')
      .values({
        workspace_id: ws,
        id: newId(),
        person_id: person.id,
        endpoint: sub.endpoint,
        p256dh: sub.keys.p256dh,
        auth: sub.keys.auth,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'endpoint']).doUpdateSet((eb) => ({
          person_id: eb.ref('excluded.person_id'),
          p256dh: eb.ref('excluded.p256dh'),
          auth: eb.ref('excluded.auth'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(row);
  }

  /**
   * Validates a subscription and its endpoint (400/422 naming `<field>.<path>`) without storing
   * it: the browser route checks before it may create a person for it.
   */
  async check(input: PushSubscriptionInput, field = ''): Promise<z.output<typeof pushSubscriptionInput>> {
    const at = (p: string) => (field ? `${field}.${p}` : p);
    const parsed = pushSubscriptionInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(at(issue.path.join('.') || 'endpoint'), issue.message);
    }
    await this.checkEndpoint(parsed.data.endpoint, at('endpoint'));
    return parsed.data;
  }

  /** A person's subscriptions, newest first (404 for an unknown person; a merged-away id reads as its survivor). */
  async list(ws: string, personId: string): Promise<PushSubscriptionView[]> {
    const person = await this.k.cdp.getPerson(ws, personId);
    return this.forPerson(ws, person.id);
  }

  /** A person's subscriptions, newest first (what the sender sends to); [] for anyone without. */
  async forPerson(ws: string, personId: string): Promise<PushSubscriptionView[]> {
    const rows = await this.k.db
      .selectFrom('engage_push_subscriptions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_PER_PERSON)
      .execute();
    return rows.map(view);
  }

  /** The `to` of each of a person's subscriptions (the push channel's addresses). */
  async addressesFor(ws: string, personId: string): Promise<string[]> {
    return (await this.forPerson(ws, personId)).map(pushAddress);
  }

  async get(ws: string, id: string): Promise<PushSubscriptionView> {
    const row = await this.k.db
      .selectFrom('engage_push_subscriptions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Push subscription');
    return view(row);
  }

  /** Removes one subscription (404 when there is none). */
  async remove(ws: string, id: string): Promise<void> {
    const res = await this.k.db
      .deleteFrom('engage_push_subscriptions')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!res.numDeletedRows) throw notFound('Push subscription');
  }

  /**
   * Forgets the subscription a push address (`to`: the subscription JSON, or a bare endpoint)
   * points at: the push service answered 404/410 (channels/push.ts). Returns whether one was removed.
   */
  async removeAddress(ws: string, to: string): Promise<boolean> {
    let endpoint = to;
    try {
      const parsed = JSON.parse(to) as { endpoint?: unknown };
      if (parsed && typeof parsed.endpoint === 'string') endpoint = parsed.endpoint;
    } catch {
      /* a bare endpoint */
    }
    const res = await this.k.db
      .deleteFrom('engage_push_subscriptions')
      .where('workspace_id', '=', ws)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /**
   * https only, through the outbound policy; plain http only to a host the operator opened
   * (KARTOTEKA_OUTBOUND_ALLOW: an on-premises push relay, the tests' local push service).
   */
  private async checkEndpoint(endpoint: string, path: string): Promise<void> {
    const u = await this.k.outbound.checkUrl(endpoint, path);
    if (u.protocol === 'https:') return;
    const host = normalizeHost(u.hostname);
    const ip = normalizeIp(host);
    const opened =
      this.k.outbound.hostAllowed(host) || (!!ip && nonPublicReason(ip) !== null && this.k.outbound.addressAllowed(ip));
    if (!opened) throw invalid(path, 'must be an https URL');
  }
}
