import { sql } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import { systemActor } from '../../core/auth/actor.ts';
import type { Tx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { REQUEST_SUBJECT, REQUEST_TEXT, textIn } from './defaults.ts';
import type { ResponseInput, Surveys, SurveyView } from './surveys.ts';
import type { ResponseView } from './views.ts';
import type { Lang, SurveyChannel } from './tables.ts';

export const WAVE_JOB = 'cx.survey-wave';
const BATCH = 200;
const SIG = 22;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The engage channel type each delivery uses (the link has none: a web widget or the chat shows it). */
const ENGAGE_TYPE = { email: 'email', sms: 'sms', telegram: 'telegram' } as const;
export type WaveChannel = keyof typeof ENGAGE_TYPE;

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
 * Getting a survey to people: a wave to a segment on email, SMS or Telegram (a job, one page of
 * members per run, each person either sent a signed link through engage's direct sending —
 * transactional, so a refused service consent or a suppression still stops it — or recorded as
 * skipped with the reason), a single signed link for the web widget or the chat, and the hosted
 * page's reading and answering by that link (the token names the workspace and the recipient).
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

  private async channelOf(ws: string, channel: WaveChannel): Promise<string> {
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

  private async locales(ws: string, ids: string[]): Promise<Map<string, Lang>> {
    if (!ids.length) return new Map();
    const r = await sql<{ id: string; l: string | null }>`
      SELECT id, coalesce(traits->>'locale', traits->>'language') AS l FROM persons
      WHERE workspace_id = ${ws} AND id = ANY(${ids}::uuid[])
    `.execute(this.k.db);
    return new Map(
      r.rows.map((x) => [
        x.id,
        String(x.l ?? 'ru')
          .toLowerCase()
          .startsWith('en')
          ? 'en'
          : 'ru',
      ]),
    );
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
    if (existing?.status === 'sent') return { recipientId: existing.id, url: this.url(ws, existing.id) };
    if ((await this.surveys.recentlySurveyed(this.k.db, ws, [live], surveyId)).has(live)) {
      const days = await this.surveys.recontactDays(ws);
      throw new AppError('RECONTACT_LIMIT', undefined, [
        { path: 'personId', message: `surveyed within the last ${days} days`, code: 'RECONTACT_LIMIT', limit: days },
      ]);
    }
    const id = existing?.id ?? newId();
    const locale = await this.surveys.localeOf(this.k.db, ws, live);
    await this.k.db.transaction().execute(async (trx: Tx) => {
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
    });
    return { recipientId: id, url: this.url(ws, id) };
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
