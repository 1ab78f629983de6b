import { newId } from '../../core/ids.ts';
import type { CxKernel } from '../kernel.ts';
import { npsCategory } from './metrics.ts';
import { SURVEY_ANSWERED } from './names.ts';

const NAME = 'Ежемесячный NPS';
const MONTHS = 6;
const PER_MONTH = 25;

/** Verbatims of a grocery's customers by NPS category (story 4): real-sounding, RU and EN. */
const COMMENTS: Record<'promoter' | 'passive' | 'detractor', string[]> = {
  promoter: [
    'Свежие овощи и всегда вежливые кассиры, рекомендую',
    'Доставка приехала вовремя, всё аккуратно упаковано',
    'Great fresh bakery, I shop here every week',
    'Удобное приложение и хорошие скидки по карте',
    null as unknown as string,
  ],
  passive: [
    'В целом нормально, но очереди вечером',
    'Ассортимент неплохой, цены могли бы быть ниже',
    'Okay overall, delivery slots are often full',
    null as unknown as string,
  ],
  detractor: [
    'Привезли просроченный творог, верните деньги',
    'Курьер опоздал на два часа и не позвонил',
    'The app keeps crashing at checkout, not working',
    'В магазине на Ленина грязно и не работает касса самообслуживания',
  ],
};

/** A deterministic score spread: mostly promoters, a steady share of detractors, NPS drifting up over the months. */
const scoreOf = (month: number, i: number) => {
  const r = (i * 37 + month * 11) % 100;
  const promoterShare = 45 + month * 3;
  if (r < promoterShare) return 9 + (r % 2);
  if (r < promoterShare + 25) return 7 + (r % 2);
  return r % 7;
};

/**
 * Story 4: a monthly NPS survey to active customers with six months of answers, each verbatim
 * analysed, on the timeline and in the traits (so `{"survey":{…}}` segments have members).
 * Idempotent: a workspace that has the survey gets nothing more.
 */
export async function seedSurveysDemo(
  k: CxKernel,
  ctx: { workspaceId: string; log: (l: string) => void; now: number },
) {
  const ws = ctx.workspaceId;
  const exists = await k.db
    .selectFrom('cx_surveys')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('name', '=', NAME)
    .executeTakeFirst();
  if (exists) return;
  // The CRM's people, oldest first, through its service (cx reads no other module's tables).
  const people = (await k.crm.people.list(ws, { limit: MONTHS * PER_MONTH, sort: 'createdAt', order: 'asc' })).data;
  if (!people.length) return;
  const surveyId = newId();
  const created = new Date(ctx.now - (MONTHS + 1) * 30 * 86_400_000);
  await k.db
    .insertInto('cx_surveys')
    .values({
      workspace_id: ws,
      id: surveyId,
      name: NAME,
      type: 'nps',
      status: 'active',
      texts: JSON.stringify({
        question: {
          ru: 'Насколько вероятно, что вы порекомендуете наш магазин друзьям?',
          en: 'How likely are you to recommend our store to a friend?',
        },
        thanks: { ru: 'Спасибо! Мы читаем каждый ответ.', en: 'Thank you! We read every answer.' },
      }),
      questions: '[]',
      segment_id: null,
      channels: JSON.stringify(['email', 'sms']),
      created_at: created,
      updated_at: created,
    })
    .execute();
  let n = 0;
  for (const [i, p] of people.entries()) {
    const month = Math.floor(i / PER_MONTH);
    const at = new Date(ctx.now - (MONTHS - month - 0.5) * 30 * 86_400_000 + (i % PER_MONTH) * 3_600_000);
    const score = scoreOf(month, i);
    const cat = npsCategory(score);
    const list = COMMENTS[cat];
    const comment = list[i % list.length] ?? null;
    const analysis = comment ? await k.text.analyze(ws, comment) : null;
    const segmentIds = await k.segments.membership.segmentsOf(ws, p.id);
    const recipientId = newId();
    const id = newId();
    await k.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('cx_survey_recipients')
        .values({
          workspace_id: ws,
          id: recipientId,
          survey_id: surveyId,
          person_id: p.id,
          channel: i % 3 ? 'email' : 'sms',
          locale: 'ru',
          status: 'sent',
          skip_reason: null,
          message_id: null,
          sent_at: new Date(at.getTime() - 86_400_000),
        })
        .execute();
      await trx
        .insertInto('cx_survey_responses')
        .values({
          workspace_id: ws,
          id,
          survey_id: surveyId,
          recipient_id: recipientId,
          person_id: p.id,
          channel: i % 3 ? 'email' : 'sms',
          locale: 'ru',
          score,
          answers: '{}',
          comment,
          analysis: JSON.stringify(analysis),
          sentiment: analysis?.sentiment.label ?? null,
          segment_ids: JSON.stringify(segmentIds),
          answered_at: at,
        })
        .execute();
      await k.cdp.directory.appendEvents(trx, ws, [
        {
          personId: p.id,
          type: 'cx',
          event: SURVEY_ANSWERED,
          messageId: `cx-survey:${id}`,
          occurredAt: at,
          properties: { surveyId, surveyName: NAME, surveyType: 'nps', responseId: id, score, category: cat, comment },
        },
      ]);
      await k.cdp.directory.setTraitsOf(
        trx,
        ws,
        [p.id],
        [
          { path: 'lastNpsScore', value: score },
          { path: 'lastNpsCategory', value: cat },
          { path: 'lastSurveyAt', value: at.toISOString() },
        ],
      );
    });
    n++;
  }
  ctx.log(`surveys: "${NAME}" with ${n} answers over ${MONTHS} months`);
}
