import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmConsentsTable } from './tables.ts';
import { exactTime } from '../core/db/exact-time.ts';

export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'messenger', 'calls'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface ConsentState {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: 'granted' | 'withdrawn' | 'unknown';
  granted: boolean | null;
  source: string | null;
  changedAt: Date | null;
}

type Row = Selectable<CrmConsentsTable>;
const changeView = (r: Row) => ({
  id: r.id,
  personId: r.person_id,
  channel: r.channel as ConsentChannel,
  purpose: r.purpose as ConsentPurpose,
  granted: r.granted,
  source: r.source,
  evidence: r.evidence,
  actor: r.actor,
  occurredAt: r.occurred_at,
});
export type ConsentChangeView = ReturnType<typeof changeView>;

/**
 * Consent is history (who, when, through what, with what evidence); the current state per channel
 * and purpose is the latest change. Nothing is ever updated in place, so the record holds up when
 * a customer disputes a message.
 */
export class Consents {
  constructor(private deps: CrmDeps) {}

  /** One entry per channel × purpose, `unknown` where nothing was ever recorded. */
  async current(ws: string, personId: string, trx: DbOrTx = this.deps.db): Promise<ConsentState[]> {
    const rows = await sql<Row>`
      SELECT DISTINCT ON (channel, purpose) * FROM crm_consents
      WHERE workspace_id = ${ws} AND person_id = ${personId}
      ORDER BY channel, purpose, occurred_at DESC, id DESC
    `.execute(trx);
    const latest = new Map(rows.rows.map((r) => [`${r.channel}/${r.purpose}`, r]));
    const out: ConsentState[] = [];
    for (const channel of CONSENT_CHANNELS)
      for (const purpose of CONSENT_PURPOSES) {
        const r = latest.get(`${channel}/${purpose}`);
        out.push({
          channel,
          purpose,
          status: r ? (r.granted ? 'granted' : 'withdrawn') : 'unknown',
          granted: r ? r.granted : null,
          source: r?.source ?? null,
          changedAt: r ? new Date(r.occurred_at) : null,
        });
      }
    return out;
  }

  /**
   * Whether a message may go out: marketing needs an explicit grant for the channel; a
   * transactional (service) message goes unless the person withdrew the service purpose.
   */
  async canSend(
    ws: string,
    personId: string,
    channel: ConsentChannel,
    kind: 'marketing' | 'transactional',
  ): Promise<boolean> {
    const live = await this.deps.cdp.directory.liveId(this.deps.db, ws, personId);
    if (!live) return false;
    const purpose: ConsentPurpose = kind === 'marketing' ? 'marketing' : 'service';
    const state = (await this.current(ws, live)).find((c) => c.channel === channel && c.purpose === purpose)!;
    return kind === 'marketing' ? state.status === 'granted' : state.status !== 'withdrawn';
  }

  /**
   * Which of `personIds` (live ids) a message of this kind may reach on a channel, as `canSend`
   * decides for one, in one read (a journey's entry condition), in the caller's transaction.
   */
  async allowing(
    ws: string,
    personIds: readonly string[],
    channel: ConsentChannel,
    kind: 'marketing' | 'transactional',
    trx: DbOrTx = this.deps.db,
  ): Promise<Set<string>> {
    const ids = [...new Set(personIds)];
    if (!ids.length) return new Set();
    const purpose: ConsentPurpose = kind === 'marketing' ? 'marketing' : 'service';
    const rows = await sql<{ person_id: string; granted: boolean }>`
      SELECT DISTINCT ON (person_id) person_id, granted FROM crm_consents
      WHERE workspace_id = ${ws} AND person_id = ANY(${ids}::uuid[]) AND channel = ${channel} AND purpose = ${purpose}
      ORDER BY person_id, occurred_at DESC, id DESC
    `.execute(trx);
    const latest = new Map(rows.rows.map((r) => [r.person_id, r.granted]));
    return new Set(ids.filter((id) => (kind === 'marketing' ? latest.get(id) === true : latest.get(id) !== false)));
  }

  /** Appends a change; it lands on the person's timeline and in the audit log in the same transaction. */
  async record(
    actor: Actor,
    personId: string,
    input: {
      channel: ConsentChannel;
      purpose: ConsentPurpose;
      granted: boolean;
      source: string;
      evidence?: string | null;
      occurredAt?: Date;
    },
  ) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const live = await this.deps.cdp.directory.liveId(trx, ws, personId);
      if (!live) throw notFound('Person');
      const row = await trx
        .insertInto('crm_consents')
        .values({
          workspace_id: ws,
          id: newId(),
          person_id: live,
          channel: input.channel,
          purpose: input.purpose,
          granted: input.granted,
          source: input.source,
          evidence: input.evidence ?? null,
          actor: actor.label,
          occurred_at: input.occurredAt ?? new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = changeView(row);
      await this.deps.cdp.directory.appendEvents(trx, ws, [
        {
          personId: live,
          type: 'consent',
          event: input.granted ? 'consent.granted' : 'consent.withdrawn',
          properties: {
            channel: input.channel,
            purpose: input.purpose,
            source: input.source,
            ...(input.evidence ? { evidence: input.evidence } : {}),
          },
          occurredAt: row.occurred_at,
        },
      ]);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'consent',
        entityId: row.id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /** Every change, newest first. */
  async history(
    ws: string,
    personId: string,
    q: { limit: number; cursor?: string; channel?: string; purpose?: string },
  ) {
    const live = await this.deps.cdp.directory.liveId(this.deps.db, ws, personId);
    if (!live) throw notFound('Person');
    let query = this.deps.db
      .selectFrom('crm_consents')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('person_id', '=', live);
    if (q.channel) query = query.where('channel', '=', q.channel);
    if (q.purpose) query = query.where('purpose', '=', q.purpose);
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c) {
      if (typeof c.t !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.t))) throw badCursor();
      query = query.where(sql<boolean>`(occurred_at, id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = await query
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, changeView, (last) => ({ t: exactTime(last.occurred_at), id: last.id }));
  }
}

const badCursor = () => invalid('cursor', 'malformed cursor');
