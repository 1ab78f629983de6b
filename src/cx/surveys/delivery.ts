import type { Actor } from '../../core/auth/actor.ts';
import { systemActor } from '../../core/auth/actor.ts';
import type { Tx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { langOf, REQUEST_SUBJECT, REQUEST_TEXT, textIn } from './defaults.ts';
import type { ResponseInput, Surveys, SurveyView } from './surveys.ts';
import type { ResponseView } from './views.ts';
import type { Lang, SurveyChannel } from './tables.ts';

export const WAVE_JOB = 'cx.survey-wave';
const BATCH = 200;
const SIG = 22;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The engage channel type each delivery uses (the chat goes through the desk; a link has none). */
const ENGAGE_TYPE = { email: 'email', sms: 'sms', telegram: 'telegram' } as const;
export const WAVE_CHANNELS = ['email', 'sms', 'telegram', 'chat'] as const;
export type WaveChannel = (typeof WAVE_CHANNELS)[number];
/**
 * The consent channel a chat message falls under (crm consents: email, sms, push, messenger, calls):
 * a survey is a service message, so only a withdrawn `messenger`/`service` consent stops it.
 */
const CHAT_CONSENT = 'messenger' as const;

const hex = (id: string) => {
  if (!UUID_RE.test(id)) throw new Error(`not a UUID: ${id}`);
  return Buffer.from(id.replace(/-/g, ''), 'hex');
};
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export interface HostedView {
  survey: SurveyView;
  recipientId: string;
  personId: string;
  locale: Lang;
  answer: ResponseView | null;
}

/**
 * Getting a survey to people: a wave to a segment on email, SMS, Telegram or the web chat (a job,
 * one page of members per run, each person either sent a signed link or recorded as skipped with
 * the reason), a single signed link (for the web widget, anywhere, or posted into the chat), and
 * the hosted page's reading and answering by that link (the token names the workspace and the
 * recipient).
 *
 * Email, SMS and Telegram go through engage's direct sending as service (transactional) messages:
 * a withdrawn service consent or a suppression stops them, marketing holds never do. The chat has
 * no engage channel: the question and the link are posted into the person's chat conversation (the
 * latest one not closed) as a system message the widget shows live (`service.conversations.
 * postFromSystem`); people without one are skipped (`no_chat_conversation`), and so are those who
 * withdrew the service purpose of messenger consent (`no_consent`). The suppression list holds
 * addresses (emails, phones, messenger ids); a chat session has none, so it does not apply.
 */
export class SurveyDelivery {
  constructor(
    private k: CxBaseKernel,
    private surveys: Surveys,
  ) {}

  wire(): void {
    this.k.jobs.define<{ surveyId: string; channel: WaveChannel; segmentId: string; cursor?: string }>({
      name: WAVE_JOB,
      retryLimit: 5,
      retryDelaySeconds: 10,
      retryBackoff: true,
      handler: (data, ctx) => this.wave(ctx.workspaceId, data),
    });
  }

  token(ws: string, recipientId: string): string {
    const body = Buffer.concat([hex(ws), hex(recipientId)]).toString('base64url');
    return this.k.engage.secrets.sign('cx-survey', body) + body;
  }

  parse(token: string): { ws: string; recipientId: string } | null {
    if (token.length !== SIG + 43 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
    const sig = token.slice(0, SIG);
    const body = token.slice(SIG);
    if (!this.k.engage.secrets.verify('cx-survey', body, sig)) return null;
    const raw = Buffer.from(body, 'base64url');
    if (raw.length !== 32) return null;
    return { ws: uuidOf(raw.subarray(0, 16)), recipientId: uuidOf(raw.subarray(16, 32)) };
  }

  url(ws: string, recipientId: string): string {
    const base = (this.k.config.publicUrl ?? `http://localhost:${this.k.config.port}`).replace(/\/+$/, '');
    return `${base}/survey/${this.token(ws, recipientId)}`;
  }

  private async channelOf(ws: string, channel: WaveChannel): Promise<string | null> {
    if (channel === 'chat') return null;
    const page = await this.k.engage.channels.list(ws, { limit: 1, type: ENGAGE_TYPE[channel] });
    const id = page.data[0]?.id;
    if (!id) throw invalid('channel', `no ${channel} channel is set up in this workspace`, 'INVALID_OPTION');
    return id;
  }

  /** Starts a wave: the survey becomes active, a job sends it page by page. */
  async send(actor: Actor, surveyId: string, input: { channel: WaveChannel; segmentId?: string | null }) {
    const ws = actor.workspaceId;
    const s = await this.surveys.get(ws, surveyId);
    if (s.status === 'closed')
      throw new AppError('SURVEY_CLOSED', undefined, [
        { path: 'surveyId', message: 'the survey is closed', code: 'SURVEY_CLOSED' },
      ]);
    const segmentId = input.segmentId ?? s.segmentId;
    if (!segmentId) throw invalid('segmentId', 'a wave goes to a segment: give one here or on the survey', 'REQUIRED');
    try {
      await this.k.segments.get(ws, segmentId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        throw invalid('segmentId', 'no such segment in this workspace');
      throw e;
    }
    const channelId = await this.channelOf(ws, input.channel);
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cx_surveys')
        .set({ status: 'active', updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', surveyId)
        .execute();
      await this.k.audit.record(trx, actor, { entityType: 'survey', entityId: surveyId, action: 'update' });
      await this.k.jobs.enqueue(ws, WAVE_JOB, { surveyId, channel: input.channel, segmentId }, { trx });
    });
    return { queued: true as const, channelId, segmentId };
  }

  /** One page of the segment: sent or skipped (re-contact limit) per person, then the next page queued. */
  async wave(ws: string, d: { surveyId: string; channel: WaveChannel; segmentId: string; cursor?: string }) {
    const s = await this.surveys.get(ws, d.surveyId).catch(() => null);
    if (!s || s.status === 'closed') return { stopped: true };
    const channelId = await this.channelOf(ws, d.channel).catch(() => null);
    const page = await this.k.segments.membership.page(ws, d.segmentId, { limit: BATCH, cursor: d.cursor });
    const ids = page.data.map((m) => m.personId);
    const recent = await this.surveys.recentlySurveyed(this.k.db, ws, ids, d.surveyId);
    const locales = await this.locales(ws, ids);
    if (d.channel === 'chat') return this.chatWave(ws, s, d, ids, recent, locales, page.nextCursor);
    let sent = 0;
    let skipped = 0;
    await this.k.db.transaction().execute(async (trx) => {
      for (const personId of ids) {
        const reason = !channelId ? 'no_channel' : recent.has(personId) ? 'recontact_limit' : null;
        const recipientId = newId();
        const locale = locales.get(personId) ?? 'ru';
        const row = await trx
          .insertInto('cx_survey_recipients')
          .values({
            workspace_id: ws,
            id: recipientId,
            survey_id: d.surveyId,
            person_id: personId,
            channel: d.channel,
            locale,
            status: reason ? 'skipped' : 'sent',
            skip_reason: reason,
            message_id: null,
            sent_at: new Date(),
          })
          // Someone this survey already reached (an earlier wave, a link) is not asked again.
          .onConflict((oc) => oc.columns(['workspace_id', 'survey_id', 'person_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        if (reason) {
          skipped++;
          continue;
        }
        const msg = await this.k.engage.messages.sendDirect(
          systemActor(ws, 'survey'),
          {
            personId,
            channelId: channelId!,
            subject: REQUEST_SUBJECT[locale],
            text: REQUEST_TEXT[locale](textIn(s.question, locale), this.url(ws, recipientId)),
            idempotencyKey: `cx-survey:${recipientId}`,
            kind: 'service',
          },
          trx,
        );
        await trx
          .updateTable('cx_survey_recipients')
          .set({ message_id: msg.id })
          .where('workspace_id', '=', ws)
          .where('id', '=', recipientId)
          .execute();
        sent++;
      }
      if (page.nextCursor) await this.k.jobs.enqueue(ws, WAVE_JOB, { ...d, cursor: page.nextCursor }, { trx });
    });
    return { sent, skipped, more: !!page.nextCursor };
  }

  /** Each person's language (traits `locale` or `language`, read through the CDP's profiles), default ru. */
  private async locales(ws: string, ids: string[]): Promise<Map<string, Lang>> {
    if (!ids.length) return new Map();
    const people = await this.k.cdp.getPeople(ws, ids);
    return new Map(ids.map((id) => [id, langOf(people.get(id)?.traits)]));
  }

  /**
   * A page of a chat wave: each person with a chat conversation gets the question and their link
   * posted into it, in one desk transaction with their recipient row (a retried page skips whom it
   * reached); the others are recorded as skipped with the reason.
   */
  private async chatWave(
    ws: string,
    s: SurveyView,
    d: { surveyId: string; channel: WaveChannel; segmentId: string; cursor?: string },
    ids: string[],
    recent: Set<string>,
    locales: Map<string, Lang>,
    nextCursor: string | null,
  ) {
    const chats = await this.k.service.conversations.chatConversationsOf(ws, ids);
    const allowed = await this.k.crm.consents.allowing(ws, ids, CHAT_CONSENT, 'transactional');
    let sent = 0;
    let skipped = 0;
    for (const personId of ids) {
      const conversationId = chats.get(personId);
      const reason = recent.has(personId)
        ? 'recontact_limit'
        : !conversationId
          ? 'no_chat_conversation'
          : !allowed.has(personId)
            ? 'no_consent'
            : null;
      const locale = locales.get(personId) ?? 'ru';
      const recipientId = newId();
      const row = (trx: Tx, status: 'sent' | 'skipped') =>
        trx
          .insertInto('cx_survey_recipients')
          .values({
            workspace_id: ws,
            id: recipientId,
            survey_id: d.surveyId,
            person_id: personId,
            channel: 'chat',
            locale,
            status,
            skip_reason: status === 'skipped' ? reason : null,
            message_id: null,
            sent_at: new Date(),
          })
          .onConflict((oc) => oc.columns(['workspace_id', 'survey_id', 'person_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
      if (reason || !conversationId) {
        if (await this.k.db.transaction().execute((trx) => row(trx, 'skipped'))) skipped++;
        continue;
      }
      const text = REQUEST_TEXT[locale](textIn(s.question, locale), this.url(ws, recipientId));
      const messageId = await this.k.service.conversations.postFromSystem(
        systemActor(ws, 'survey'),
        conversationId,
        text,
        async (trx) => !!(await row(trx, 'sent')),
      );
      if (messageId) sent++;
    }
    if (nextCursor) await this.k.jobs.enqueue(ws, WAVE_JOB, { ...d, cursor: nextCursor });
    return { sent, skipped, more: !!nextCursor };
  }

  /**
   * A signed link for one person (the web widget, the chat, a link pasted anywhere): refused
   * within the re-contact limit; the same person asked again gets the same link.
   */
  async link(actor: Actor, surveyId: string, input: { personId: string; channel?: SurveyChannel }) {
    const ws = actor.workspaceId;
    const s = await this.surveys.get(ws, surveyId);
    if (s.status === 'closed')
      throw new AppError('SURVEY_CLOSED', undefined, [
        { path: 'surveyId', message: 'the survey is closed', code: 'SURVEY_CLOSED' },
      ]);
    const live = await this.k.cdp.directory.liveId(this.k.db, ws, input.personId);
    if (!live) throw invalid('personId', 'no such person in this workspace', 'UNKNOWN_PERSON');
    const existing = await this.k.db
      .selectFrom('cx_survey_recipients')
      .select(['id', 'status'])
      .where('workspace_id', '=', ws)
      .where('survey_id', '=', surveyId)
      .where('person_id', '=', live)
      .executeTakeFirst();
    const chat =
      input.channel === 'chat' ? (await this.k.service.conversations.chatConversationsOf(ws, [live])).get(live) : null;
    if (input.channel === 'chat' && !chat)
      throw invalid('personId', 'this person has no chat conversation open to a message', 'INVALID_OPTION');
    if (existing?.status === 'sent') return { recipientId: existing.id, url: this.url(ws, existing.id) };
    if ((await this.surveys.recentlySurveyed(this.k.db, ws, [live], surveyId)).has(live)) {
      const days = await this.surveys.recontactDays(ws);
      throw new AppError('RECONTACT_LIMIT', undefined, [
        { path: 'personId', message: `surveyed within the last ${days} days`, code: 'RECONTACT_LIMIT', limit: days },
      ]);
    }
    const id = existing?.id ?? newId();
    const locale = await this.surveys.localeOf(ws, live);
    const record = async (trx: Tx) => {
      await trx
        .insertInto('cx_survey_recipients')
        .values({
          workspace_id: ws,
          id,
          survey_id: surveyId,
          person_id: live,
          channel: input.channel ?? 'link',
          locale,
          status: 'sent',
          skip_reason: null,
          message_id: null,
          sent_at: new Date(),
        })
        .onConflict((oc) =>
          oc
            .columns(['workspace_id', 'survey_id', 'person_id'])
            .doUpdateSet({ status: 'sent', skip_reason: null, sent_at: new Date() }),
        )
        .execute();
      if (s.status === 'draft')
        await trx
          .updateTable('cx_surveys')
          .set({ status: 'active', updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', surveyId)
          .execute();
      return true;
    };
    const url = this.url(ws, id);
    if (chat) {
      if (!(await this.k.crm.consents.allowing(ws, [live], CHAT_CONSENT, 'transactional')).has(live))
        throw invalid('personId', 'this person withdrew service messages in messengers', 'INVALID_OPTION');
      // The question and the link in the person's chat, with the recipient row in one transaction.
      await this.k.service.conversations.postFromSystem(
        systemActor(ws, 'survey'),
        chat,
        REQUEST_TEXT[locale](textIn(s.question, locale), url),
        record,
      );
    } else await this.k.db.transaction().execute(record);
    return { recipientId: id, url };
  }

  /** What the hosted page shows for a token (404 for a bad or foreign one). */
  async view(token: string): Promise<HostedView> {
    const t = this.parse(token);
    if (!t) throw notFound('Survey');
    const r = await this.k.db
      .selectFrom('cx_survey_recipients')
      .selectAll()
      .where('workspace_id', '=', t.ws)
      .where('id', '=', t.recipientId)
      .executeTakeFirst();
    if (!r) throw notFound('Survey');
    const survey = await this.surveys.get(t.ws, r.survey_id);
    const a = await this.k.db
      .selectFrom('cx_survey_responses')
      .select('id')
      .where('workspace_id', '=', t.ws)
      .where('recipient_id', '=', r.id)
      .executeTakeFirst();
    return {
      survey,
      recipientId: r.id,
      personId: r.person_id,
      locale: r.locale === 'en' ? 'en' : 'ru',
      answer: a ? await this.surveys.response(t.ws, a.id) : null,
    };
  }

  /** The hosted page's answer: once per link (a second one is refused with the first shown). */
  async answer(token: string, input: Omit<ResponseInput, 'personId'>): Promise<HostedView> {
    const v = await this.view(token);
    if (v.answer)
      throw new AppError('CONFLICT', 'This survey is already answered', [
        { path: 'token', message: 'already answered', code: 'ALREADY_USED' },
      ]);
    const t = this.parse(token)!;
    const channel = (
      await this.k.db
        .selectFrom('cx_survey_recipients')
        .select('channel')
        .where('workspace_id', '=', t.ws)
        .where('id', '=', v.recipientId)
        .executeTakeFirstOrThrow()
    ).channel;
    await this.surveys.respond(
      t.ws,
      v.survey.id,
      { ...input, personId: v.personId, channel, locale: v.locale },
      v.recipientId,
    );
    return this.view(token);
  }
}
