import { sql } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import { newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { DEFAULT_QUESTION, langOf } from './defaults.ts';
import { isLow, npsCategory, SCALES } from './metrics.ts';
import { SurveyDelivery } from './delivery.ts';
import { SurveyResults } from './results.ts';
import { wireFollowUp } from './follow-up.ts';
import { registerSurveyConditions } from './segment-conditions.ts';
import { responseView, type ResponseView } from './views.ts';
import { FOLLOW_UP_JOB, SEGMENTS_JOB, SURVEY_ANSWERED } from './names.ts';
import type { CxSurveysTable, Lang, Question, SurveyChannel, SurveyStatus, SurveyType, Texts } from './tables.ts';

const MAX_COMMENT = 5000;

export interface SurveyInput {
  name: string;
  type: SurveyType;
  /** One text for both languages, or { ru, en }. */
  question?: string | Texts;
  thanks?: Texts;
  questions?: Question[];
  segmentId?: string | null;
  channels?: SurveyChannel[];
  status?: SurveyStatus;
}

export interface SurveyView {
  id: string;
  name: string;
  type: SurveyType;
  status: SurveyStatus;
  question: Texts;
  thanks: Texts;
  questions: Question[];
  scale: { min: number; max: number } | null;
  segmentId: string | null;
  channels: SurveyChannel[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ResponseInput {
  personId: string;
  score?: number | null;
  comment?: string | null;
  /** A custom survey's answers: question key → a number (scale), an option index (choice) or text. */
  answers?: Record<string, unknown>;
  channel?: string | null;
  locale?: Lang;
}

type SurveyRow = {
  [K in keyof CxSurveysTable]: CxSurveysTable[K] extends { __select__: infer S } ? S : CxSurveysTable[K];
};

const texts = (q: string | Texts | undefined): Texts | undefined =>
  q === undefined ? undefined : typeof q === 'string' ? { ru: q, en: q } : q;

export function surveyView(r: {
  id: string;
  name: string;
  type: string;
  status: string;
  texts: unknown;
  questions: unknown;
  segment_id: string | null;
  channels: unknown;
  created_at: Date;
  updated_at: Date;
}): SurveyView {
  const t = (r.texts ?? {}) as Record<string, Texts>;
  const type = r.type as SurveyType;
  return {
    id: r.id,
    name: r.name,
    type,
    status: r.status as SurveyStatus,
    question: t.question ?? DEFAULT_QUESTION[type],
    thanks: t.thanks ?? {},
    questions: (r.questions ?? []) as Question[],
    scale: SCALES[type],
    segmentId: r.segment_id,
    channels: (r.channels ?? []) as SurveyChannel[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * NPS, CSAT, CES and custom surveys (issue 19): the surveys, their answers (with the re-contact
 * limit across all surveys, the timeline event, the traits, the verbatim's analysis) and the
 * workspace's limit. Waves, the hosted page, results and the follow-up live beside it
 * (delivery.ts, results.ts, follow-up.ts).
 */
export class Surveys {
  /** Waves, links and the hosted page. */
  readonly delivery: SurveyDelivery;
  readonly results: SurveyResults;

  constructor(readonly k: CxBaseKernel) {
    this.delivery = new SurveyDelivery(k, this);
    this.results = new SurveyResults(k, this);
    this.delivery.wire();
    wireFollowUp(k, this);
    registerSurveyConditions(k.segments.conditions);
  }

  // ------------------------------------------------------------------ surveys

  private checkQuestions(type: SurveyType, questions: Question[] | undefined) {
    if (!questions?.length) {
      if (type === 'custom') throw invalid('questions', 'a custom survey asks at least one question', 'REQUIRED');
      return;
    }
    if (type !== 'custom') throw invalid('questions', 'only a custom survey has its own questions', 'UNKNOWN_FIELD');
    const keys = new Set<string>();
    questions.forEach((q, i) => {
      if (keys.has(q.key)) throw invalid(`questions.${i}.key`, 'each question needs its own key', 'ALREADY_USED');
      keys.add(q.key);
      if (!q.text.ru && !q.text.en) throw invalid(`questions.${i}.text`, 'a Russian or English text', 'REQUIRED');
      if (q.kind === 'scale' && !(Number.isInteger(q.min) && Number.isInteger(q.max) && q.min! < q.max!))
        throw invalid(`questions.${i}.max`, 'a scale needs whole min < max', 'INVALID');
      if (q.kind === 'choice' && !q.options?.length)
        throw invalid(`questions.${i}.options`, 'a choice needs options', 'REQUIRED');
    });
  }

  private async checkSegment(ws: string, segmentId: string | null | undefined) {
    if (!segmentId) return;
    try {
      await this.k.segments.get(ws, segmentId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        throw invalid('segmentId', 'no such segment in this workspace');
      throw e;
    }
  }

  async create(actor: Actor, input: SurveyInput): Promise<SurveyView> {
    const ws = actor.workspaceId;
    this.checkQuestions(input.type, input.questions);
    await this.checkSegment(ws, input.segmentId);
    const id = newId();
    const now = new Date();
    const t: Record<string, Texts> = {};
    const q = texts(input.question);
    if (q) t.question = q;
    if (input.thanks) t.thanks = input.thanks;
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cx_surveys')
        .values({
          workspace_id: ws,
          id,
          name: input.name,
          type: input.type,
          status: input.status ?? 'draft',
          texts: JSON.stringify(t),
          questions: JSON.stringify(input.questions ?? []),
          segment_id: input.segmentId ?? null,
          channels: JSON.stringify(input.channels ?? []),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await this.k.audit.record(trx, actor, { entityType: 'survey', entityId: id, action: 'create' });
    });
    return this.get(ws, id);
  }

  async row(db: DbOrTx, ws: string, id: string): Promise<SurveyRow> {
    const r = await db
      .selectFrom('cx_surveys')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Survey');
    return r as SurveyRow;
  }

  async get(ws: string, id: string): Promise<SurveyView> {
    return surveyView(await this.row(this.k.db, ws, id));
  }

  async list(ws: string, q: { limit: number; cursor?: string; status?: SurveyStatus }) {
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c && (typeof c.t !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)))
      throw invalid('cursor', 'malformed cursor', 'MALFORMED');
    let query = this.k.db.selectFrom('cx_surveys').selectAll().where('workspace_id', '=', ws);
    if (q.status) query = query.where('status', '=', q.status);
    if (c) query = query.where(sql<boolean>`(created_at, id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(rows, q.limit, surveyView, (r) => ({ t: r.created_at.toISOString(), id: r.id }));
  }

  async update(actor: Actor, id: string, patch: Partial<SurveyInput>): Promise<SurveyView> {
    const ws = actor.workspaceId;
    const cur = surveyView(await this.row(this.k.db, ws, id));
    if (patch.type && patch.type !== cur.type) {
      const answered = await this.k.db
        .selectFrom('cx_survey_responses')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('survey_id', '=', id)
        .executeTakeFirst();
      if (answered) throw invalid('type', 'a survey with answers keeps its type (its scale)');
    }
    const type = patch.type ?? cur.type;
    if (patch.questions !== undefined || patch.type) this.checkQuestions(type, patch.questions ?? cur.questions);
    if (patch.segmentId !== undefined) await this.checkSegment(ws, patch.segmentId);
    const t: Record<string, Texts> = { question: cur.question, thanks: cur.thanks };
    if (patch.question !== undefined) t.question = texts(patch.question)!;
    if (patch.thanks !== undefined) t.thanks = patch.thanks;
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cx_surveys')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.type !== undefined ? { type: patch.type } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.questions !== undefined ? { questions: JSON.stringify(patch.questions) } : {}),
          ...(patch.segmentId !== undefined ? { segment_id: patch.segmentId } : {}),
          ...(patch.channels !== undefined ? { channels: JSON.stringify(patch.channels) } : {}),
          texts: JSON.stringify(t),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, { entityType: 'survey', entityId: id, action: 'update' });
    });
    return this.get(ws, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.row(this.k.db, ws, id);
    await this.k.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('cx_surveys').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.k.audit.record(trx, actor, { entityType: 'survey', entityId: id, action: 'delete' });
    });
  }

  // ------------------------------------------------------------------ the re-contact limit

  async recontactDays(ws: string, db: DbOrTx = this.k.db): Promise<number> {
    const r = await db
      .selectFrom('cx_survey_settings')
      .select('recontact_days')
      .where('workspace_id', '=', ws)
      .executeTakeFirst();
    return r?.recontact_days ?? this.k.config.surveyRecontactDays;
  }

  async setRecontactDays(actor: Actor, days: number): Promise<number> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cx_survey_settings')
        .values({ workspace_id: ws, recontact_days: days, updated_at: new Date() })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ recontact_days: days, updated_at: new Date() }))
        .execute();
      await this.k.audit.record(trx, actor, { entityType: 'survey_settings', entityId: ws, action: 'update' });
    });
    return days;
  }

  /**
   * The persons among `personIds` surveyed within the limit: an answer to any survey, or a request
   * of another survey than `surveyId` (answering the survey one was sent is what the send is for).
   */
  async recentlySurveyed(db: DbOrTx, ws: string, personIds: string[], surveyId: string): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const days = await this.recontactDays(ws, db);
    if (days <= 0) return new Set();
    const since = new Date(Date.now() - days * 86_400_000);
    const r = await sql<{ person_id: string }>`
      SELECT person_id FROM cx_survey_responses
        WHERE workspace_id = ${ws} AND person_id = ANY(${personIds}::uuid[]) AND answered_at >= ${since}
      UNION
      SELECT person_id FROM cx_survey_recipients
        WHERE workspace_id = ${ws} AND person_id = ANY(${personIds}::uuid[]) AND status = 'sent'
          AND sent_at >= ${since} AND survey_id <> ${surveyId}
    `.execute(db);
    return new Set(r.rows.map((x) => x.person_id));
  }

  // ------------------------------------------------------------------ answers

  /** The score and answers checked against the survey's scale and questions (a 4xx naming the field). */
  private checkAnswer(s: SurveyView, input: ResponseInput): { score: number | null; answers: Record<string, unknown> } {
    const scale = SCALES[s.type];
    const answers: Record<string, unknown> = {};
    if (scale) {
      const v = input.score;
      if (v === undefined || v === null)
        throw invalid('score', `a score from ${scale.min} to ${scale.max}`, 'REQUIRED');
      if (!Number.isInteger(v)) throw invalid('score', 'a whole number', 'INVALID_TYPE');
      if (v < scale.min)
        throw new AppError('VALIDATION_FAILED', `score: at least ${scale.min}`, [
          { path: 'score', message: `at least ${scale.min}`, code: 'TOO_SMALL', limit: scale.min },
        ]);
      if (v > scale.max)
        throw new AppError('VALIDATION_FAILED', `score: at most ${scale.max}`, [
          { path: 'score', message: `at most ${scale.max}`, code: 'TOO_LARGE', limit: scale.max },
        ]);
      return { score: v, answers };
    }
    let score: number | null = null;
    const given = input.answers ?? {};
    for (const key of Object.keys(given))
      if (!s.questions.some((q) => q.key === key))
        throw invalid(`answers.${key}`, 'no such question in this survey', 'UNKNOWN_FIELD');
    for (const q of s.questions) {
      const v = given[q.key];
      if (v === undefined || v === null || v === '') continue;
      const path = `answers.${q.key}`;
      if (q.kind === 'scale') {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(path, 'a whole number', 'INVALID_TYPE');
        if (v < q.min! || v > q.max!)
          throw invalid(path, `from ${q.min} to ${q.max}`, v < q.min! ? 'TOO_SMALL' : 'TOO_LARGE');
        score ??= v;
      } else if (q.kind === 'choice') {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= (q.options?.length ?? 0))
          throw invalid(path, 'the index of one of the options', 'INVALID_OPTION');
      } else if (typeof v !== 'string' || v.length > MAX_COMMENT)
        throw invalid(path, `a text of at most ${MAX_COMMENT} characters`, 'TOO_LONG');
      answers[q.key] = v;
    }
    if (input.score != null) throw invalid('score', 'a custom survey is answered through `answers`', 'UNKNOWN_FIELD');
    if (!Object.keys(answers).length && !input.comment?.trim())
      throw invalid('answers', 'answer at least one question', 'REQUIRED');
    return { score, answers };
  }

  /**
   * Records an answer: refused when the survey is closed, the person unknown, the score off the
   * scale, or the person was surveyed within the re-contact limit. Lands on the timeline
   * ('Survey Answered'), sets the traits (`lastNpsScore`, `lastNpsCategory`, `lastCsatScore`,
   * `lastCesScore`, `lastSurveyAt`), stores the verbatim's analysis, and a low answer queues the
   * follow-up ticket.
   */
  async respond(ws: string, surveyId: string, input: ResponseInput, recipientId?: string): Promise<ResponseView> {
    const s = await this.get(ws, surveyId);
    if (s.status === 'closed')
      throw new AppError('SURVEY_CLOSED', undefined, [
        { path: 'surveyId', message: 'the survey is closed', code: 'SURVEY_CLOSED' },
      ]);
    const { score, answers } = this.checkAnswer(s, input);
    const comment = input.comment?.trim().slice(0, MAX_COMMENT) || null;
    const live = await this.k.cdp.directory.liveId(this.k.db, ws, input.personId);
    if (!live) throw invalid('personId', 'no such person in this workspace', 'UNKNOWN_PERSON');
    const analysis = comment ? await this.k.text.analyze(ws, comment) : null;
    const segmentIds = await this.k.segments.membership.segmentsOf(ws, live);
    const locale: Lang = input.locale ?? (await this.localeOf(ws, live));
    const id = newId();
    const now = new Date();
    await this.k.db.transaction().execute(async (trx) => {
      // One answer at a time per person: the limit is checked and the answer written under the lock.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`cx-survey:${ws}:${live}`}))`.execute(trx);
      if ((await this.recentlySurveyed(trx, ws, [live], surveyId)).has(live)) {
        const days = await this.recontactDays(ws, trx);
        throw new AppError('RECONTACT_LIMIT', undefined, [
          {
            path: 'personId',
            message: `surveyed within the last ${days} days`,
            code: 'RECONTACT_LIMIT',
            limit: days,
          },
        ]);
      }
      await trx
        .insertInto('cx_survey_responses')
        .values({
          workspace_id: ws,
          id,
          survey_id: surveyId,
          recipient_id: recipientId ?? null,
          person_id: live,
          channel: input.channel ?? null,
          locale,
          score,
          answers: JSON.stringify(answers),
          comment,
          analysis: JSON.stringify(analysis),
          sentiment: analysis?.sentiment.label ?? null,
          segment_ids: JSON.stringify(segmentIds),
          answered_at: now,
        })
        .execute();
      await this.k.cdp.directory.appendEvents(trx, ws, [
        {
          personId: live,
          type: 'cx',
          event: SURVEY_ANSWERED,
          messageId: `cx-survey:${id}`,
          occurredAt: now,
          properties: {
            surveyId,
            surveyName: s.name,
            surveyType: s.type,
            responseId: id,
            score,
            ...(s.type === 'nps' && score != null ? { category: npsCategory(score) } : {}),
            comment,
            sentiment: analysis?.sentiment.label ?? null,
            channel: input.channel ?? null,
          },
        },
      ]);
      const traits: { path: string; value: unknown }[] = [{ path: 'lastSurveyAt', value: now.toISOString() }];
      if (s.type === 'nps' && score != null)
        traits.push({ path: 'lastNpsScore', value: score }, { path: 'lastNpsCategory', value: npsCategory(score) });
      if (s.type === 'csat' && score != null) traits.push({ path: 'lastCsatScore', value: score });
      if (s.type === 'ces' && score != null) traits.push({ path: 'lastCesScore', value: score });
      await this.k.cdp.directory.setTraitsOf(trx, ws, [live], traits);
      await this.k.jobs.enqueue(ws, SEGMENTS_JOB, { personIds: [live] }, { trx });
      if (isLow(s.type, score)) await this.k.jobs.enqueue(ws, FOLLOW_UP_JOB, { responseId: id }, { trx });
    });
    return this.response(ws, id);
  }

  /** The person's language (traits `locale` or `language`, through the CDP's profiles), default ru. */
  async localeOf(ws: string, personId: string): Promise<Lang> {
    return langOf((await this.k.cdp.getPeople(ws, [personId])).get(personId)?.traits);
  }

  async response(ws: string, id: string, db: DbOrTx = this.k.db): Promise<ResponseView> {
    const r = await db
      .selectFrom('cx_survey_responses')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Response');
    const s = await db
      .selectFrom('cx_surveys')
      .select('type')
      .where('workspace_id', '=', ws)
      .where('id', '=', r.survey_id)
      .executeTakeFirst();
    return responseView(r, s?.type);
  }

  /** After a follow-up ticket changed status (in the desk's transaction): the outcome on the response. */
  async ticketChanged(trx: Tx, ws: string, conversationId: string, status: string): Promise<void> {
    const outcome = status === 'solved' || status === 'closed' || status === 'reopened' ? status : null;
    if (!outcome) return;
    await trx
      .updateTable('cx_survey_responses')
      .set({ follow_up_status: outcome })
      .where('workspace_id', '=', ws)
      .where('follow_up_conversation_id', '=', conversationId)
      .execute();
  }
}
