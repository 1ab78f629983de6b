import { sql } from 'kysely';
import { systemActor } from '../../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../../core/db/schema.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import type { ConversationChange, Service } from '../service.ts';

export const CSAT_REQUEST_JOB = 'service.csat-request';
export const SEGMENTS_JOB = 'service.segments-evaluate';
export const CSAT_ANSWERED = 'CSAT Answered';
export const CSAT_LOW_SCORE = 2;
const SIG = 22;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CsatLang = 'ru' | 'en';

const REQUEST_TEXT: Record<CsatLang, (n: string, url: string) => string> = {
  ru: (n, url) => `Ваше обращение ${n} решено. Оцените, пожалуйста, нашу помощь от 1 до 5 — это займёт минуту: ${url}`,
  en: (n, url) => `Your request ${n} is solved. Please rate our help from 1 to 5 — it takes a minute: ${url}`,
};

const hex = (id: string) => {
  if (!UUID_RE.test(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
};
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export interface CsatView {
  id: string;
  conversationId: string;
  number: number;
  score: number | null;
  comment: string | null;
  locale: CsatLang;
  answeredAt: Date | null;
}

/**
 * CSAT after a solve: the survey row is made in the solve's transaction (one per solve cycle), a
 * job sends the request after the commit on the conversation's channel (a system message in it:
 * email threads into the client's mail, chat and messengers get it where they wrote) with a signed
 * link to the hosted page /csat/{token}. The answer is stored with the agent and team who owned the
 * conversation at the solve, appended to the person's timeline ('CSAT Answered', type 'service'),
 * set as the trait `lastCsat`, and a score of 2 or less reopens the conversation (a closed one
 * cannot be: then a CRM task goes to the person's owner, else the agent).
 */
export class ServiceCsat {
  constructor(
    private k: ServiceBaseKernel,
    private service: Service,
  ) {}

  /** Wires the solve hook and the request job. */
  wire(): void {
    this.service.hooks.onChange((ws, id, change, trx) => this.onChange(trx, ws, id, change));
    this.k.jobs.define<{ csatId: string }>({
      name: CSAT_REQUEST_JOB,
      retryLimit: 5,
      retryDelaySeconds: 10,
      retryBackoff: true,
      handler: (data, ctx) => this.sendRequest(ctx.workspaceId, data.csatId),
    });
  }

  token(ws: string, id: string): string {
    const body = Buffer.concat([hex(ws), hex(id)]).toString('base64url');
    return this.k.engage.secrets.sign('csat', body) + body;
  }

  /** The survey a token names, or null when it is malformed or does not verify. */
  parse(token: string): { ws: string; id: string } | null {
    if (token.length !== SIG + 43 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const sig = token.slice(0, SIG);
    const body = token.slice(SIG);
    if (!this.k.engage.secrets.verify('csat', body, sig)) return null;
    const raw = Buffer.from(body, 'base64url');
    if (raw.length !== 32) return null;
    return { ws: uuidOf(raw.subarray(0, 16)), id: uuidOf(raw.subarray(16, 32)) };
  }

  url(ws: string, id: string): string {
    const base = (this.k.config.publicUrl ?? `http://localhost:${this.k.config.port}`).replace(/\/+$/, '');
    return `${base}/csat/${this.token(ws, id)}`;
  }

  async onChange(trx: Tx, ws: string, conversationId: string, change: ConversationChange): Promise<void> {
    if (change.kind !== 'created' && change.kind !== 'updated') return;
    const personChanged =
      change.kind === 'created' || ['status', 'priority', 'topic'].some((f) => f in (change.fields ?? {}));
    const c = await trx
      .selectFrom('service_conversations')
      .select(['person_id', 'assignee_id', 'team_id', 'channel', 'language', 'reopened_count', 'status'])
      .where('workspace_id', '=', ws)
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (!c) return;
    // Ticket facts changed: segments over tickets follow (after the commit, never lost).
    if (personChanged) await this.k.jobs.enqueue(ws, SEGMENTS_JOB, { personIds: [c.person_id] }, { trx });
    if (change.fields?.status !== 'solved') return;
    const locale = await this.localeOf(trx, ws, c.person_id, c.language);
    const row = await trx
      .insertInto('service_csat')
      .values({
        workspace_id: ws,
        id: newId(),
        conversation_id: conversationId,
        cycle: c.reopened_count,
        person_id: c.person_id,
        agent_id: c.assignee_id,
        team_id: c.team_id,
        channel: c.channel,
        locale,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'conversation_id', 'cycle']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) await this.k.jobs.enqueue(ws, CSAT_REQUEST_JOB, { csatId: row.id }, { trx });
  }

  /** The person's language: a `locale`/`language` trait, else the conversation's, else Russian. */
  private async localeOf(db: DbOrTx, ws: string, personId: string, convLang: string | null): Promise<CsatLang> {
    const p = await db
      .selectFrom('persons')
      .select(sql<string | null>`coalesce(traits->>'locale', traits->>'language')`.as('l'))
      .where('workspace_id', '=', ws)
      .where('id', '=', personId)
      .executeTakeFirst();
    const l = String(p?.l ?? convLang ?? 'ru').toLowerCase();
    return l.startsWith('en') ? 'en' : 'ru';
  }

  /** The job: the request as a system message on the conversation's channel (skipped once answered or closed). */
  async sendRequest(ws: string, csatId: string): Promise<unknown> {
    const s = await this.k.db
      .selectFrom('service_csat as s')
      .innerJoin('service_conversations as v', (j) =>
        j.onRef('v.workspace_id', '=', 's.workspace_id').onRef('v.id', '=', 's.conversation_id'),
      )
      .select(['s.id', 's.locale', 's.answered_at', 'v.id as conversation_id', 'v.number', 'v.status'])
      .where('s.workspace_id', '=', ws)
      .where('s.id', '=', csatId)
      .executeTakeFirst();
    if (!s || s.answered_at || s.status === 'closed') return { skipped: true };
    const lang: CsatLang = s.locale === 'en' ? 'en' : 'ru';
    const body = REQUEST_TEXT[lang](`#${s.number}`, this.url(ws, s.id));
    const messageId = await this.service.hooks.transact((trx, emit) =>
      this.service.messages.replyIn(trx, emit, systemActor(ws, 'csat'), s.conversation_id, {
        body,
        authorKind: 'system',
      }),
    );
    return { messageId };
  }

  async view(token: string): Promise<CsatView> {
    const t = this.parse(token);
    if (!t) throw notFound('Survey');
    const r = await this.k.db
      .selectFrom('service_csat as s')
      .innerJoin('service_conversations as v', (j) =>
        j.onRef('v.workspace_id', '=', 's.workspace_id').onRef('v.id', '=', 's.conversation_id'),
      )
      .select(['s.id', 's.conversation_id', 'v.number', 's.score', 's.comment', 's.locale', 's.answered_at'])
      .where('s.workspace_id', '=', t.ws)
      .where('s.id', '=', t.id)
      .executeTakeFirst();
    if (!r) throw notFound('Survey');
    return {
      id: r.id,
      conversationId: r.conversation_id,
      number: Number(r.number),
      score: r.score,
      comment: r.comment,
      locale: r.locale === 'en' ? 'en' : 'ru',
      answeredAt: r.answered_at,
    };
  }

  /**
   * Records an answer (a second answer to the same survey replaces the first: the client changed
   * their mind). The low-score follow-up happens once per survey.
   */
  async answer(token: string, input: { score: number; comment?: string | null }): Promise<CsatView> {
    const t = this.parse(token);
    if (!t) throw notFound('Survey');
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      throw invalid('score', 'must be a whole number from 1 to 5');
    const comment = input.comment?.trim().slice(0, 5000) || null;
    const { ws, id } = t;
    await this.service.hooks.transact(async (trx, emit) => {
      const s = await trx
        .selectFrom('service_csat')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!s) throw notFound('Survey');
      const now = new Date();
      await trx
        .updateTable('service_csat')
        .set({ score: input.score, comment, answered_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      const live = (await this.k.cdp.directory.liveId(trx, ws, s.person_id)) ?? s.person_id;
      await this.k.cdp.directory.appendEvents(trx, ws, [
        {
          personId: live,
          type: 'service',
          event: CSAT_ANSWERED,
          occurredAt: now,
          properties: {
            conversationId: s.conversation_id,
            score: input.score,
            comment,
            agentId: s.agent_id,
            teamId: s.team_id,
            channel: s.channel,
          },
        },
      ]);
      await this.k.cdp.directory.setTraitsOf(trx, ws, [live], [{ path: 'lastCsat', value: input.score }]);
      await this.k.jobs.enqueue(ws, SEGMENTS_JOB, { personIds: [live], traits: true }, { trx });
      if (input.score <= CSAT_LOW_SCORE && !s.follow_up) {
        const followUp = await this.followUp(trx, emit, ws, s, live, input.score, comment);
        await trx
          .updateTable('service_csat')
          .set({ follow_up: followUp })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      }
    });
    return this.view(token);
  }

  /** A low score: reopen the conversation; a closed one gets a CRM task instead. Returns what was done. */
  private async followUp(
    trx: Tx,
    emit: Parameters<Parameters<Service['hooks']['transact']>[0]>[1],
    ws: string,
    s: { conversation_id: string; agent_id: string | null },
    personId: string,
    score: number,
    comment: string | null,
  ): Promise<string> {
    const actor = systemActor(ws, 'csat');
    const conv = await trx
      .selectFrom('service_conversations')
      .select(['status', 'number', 'subject'])
      .where('workspace_id', '=', ws)
      .where('id', '=', s.conversation_id)
      .executeTakeFirstOrThrow();
    if (conv.status === 'solved') {
      await this.service.conversations.applyPatch(trx, emit, actor, s.conversation_id, { status: 'reopened' });
      await this.service.messages.systemNote(
        trx,
        ws,
        s.conversation_id,
        `CSAT ${score}/5${comment ? `: ${comment}` : ''} — reopened`,
      );
      return 'reopened';
    }
    const owner = (await this.k.crm.people.rowsOf(ws, [personId], trx))[0]?.owner_id ?? s.agent_id;
    const task = await this.k.crm.activities.insert(trx, actor, {
      kind: 'task',
      subject: `CSAT ${score}/5: #${conv.number} ${conv.subject}`.slice(0, 500),
      body: comment,
      personId,
      ownerId: owner ?? null,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    return `task:${task.id}`;
  }
}
