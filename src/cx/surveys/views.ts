import { npsCategory } from './metrics.ts';
import type { Lang, SurveyType } from './tables.ts';

export interface ResponseView {
  id: string;
  surveyId: string;
  personId: string;
  score: number | null;
  category: string | null;
  answers: Record<string, unknown>;
  comment: string | null;
  channel: string | null;
  locale: Lang;
  analysis: Record<string, unknown> | null;
  sentiment: string | null;
  followUp: { kind: string; conversationId: string | null; status: string | null } | null;
  answeredAt: Date;
}

export function responseView(
  r: {
    id: string;
    survey_id: string;
    person_id: string;
    score: number | null;
    answers: unknown;
    comment: string | null;
    channel: string | null;
    locale: string;
    analysis: unknown;
    sentiment: string | null;
    follow_up: string | null;
    follow_up_conversation_id: string | null;
    follow_up_status: string | null;
    answered_at: Date;
  },
  type?: SurveyType,
): ResponseView {
  return {
    id: r.id,
    surveyId: r.survey_id,
    personId: r.person_id,
    score: r.score,
    category: r.score != null && type === 'nps' ? npsCategory(r.score) : null,
    answers: (r.answers ?? {}) as Record<string, unknown>,
    comment: r.comment,
    channel: r.channel,
    locale: r.locale === 'en' ? 'en' : 'ru',
    analysis: (r.analysis ?? null) as Record<string, unknown> | null,
    sentiment: r.sentiment,
    followUp: r.follow_up
      ? { kind: r.follow_up, conversationId: r.follow_up_conversation_id, status: r.follow_up_status }
      : null,
    answeredAt: r.answered_at,
  };
}
