import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const SURVEY_TYPES = ['nps', 'csat', 'ces', 'custom'] as const;
export type SurveyType = (typeof SURVEY_TYPES)[number];
export const SURVEY_STATUSES = ['draft', 'active', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
/** How a survey reaches people: engage's channels by type, or only the hosted link (web widget, chat). */
export const SURVEY_CHANNELS = ['email', 'sms', 'telegram', 'chat', 'link'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export type Lang = 'ru' | 'en';
export type Texts = Partial<Record<Lang, string>>;

/** A custom survey's question: a scale (min..max), a choice (options) or free text. */
export interface Question {
  key: string;
  kind: 'scale' | 'choice' | 'text';
  text: Texts;
  min?: number;
  max?: number;
  options?: Texts[];
}

export interface CxSurveysTable {
  workspace_id: string;
  id: string;
  name: string;
  type: SurveyType;
  status: Generated<SurveyStatus>;
  /** `question`, `intro`, `thanks`: each { ru, en }. */
  texts: Json<Record<string, Texts>>;
  questions: Json<Question[]>;
  segment_id: string | null;
  channels: Json<SurveyChannel[]>;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface CxSurveyRecipientsTable {
  workspace_id: string;
  id: string;
  survey_id: string;
  person_id: string;
  channel: string;
  locale: Lang;
  status: 'sent' | 'skipped';
  skip_reason: string | null;
  message_id: string | null;
  sent_at: Stamp;
}

export interface CxSurveyResponsesTable {
  workspace_id: string;
  id: string;
  survey_id: string;
  recipient_id: string | null;
  person_id: string;
  channel: string | null;
  locale: Lang;
  score: number | null;
  answers: Json<Record<string, unknown>>;
  comment: string | null;
  analysis: Json<Record<string, unknown> | null>;
  sentiment: string | null;
  segment_ids: Json<string[]>;
  follow_up: string | null;
  follow_up_conversation_id: string | null;
  follow_up_status: string | null;
  answered_at: Stamp;
}

export interface CxSurveySettingsTable {
  workspace_id: string;
  recontact_days: number;
  updated_at: Stamp;
}

export interface CxSurveyTables {
  cx_surveys: CxSurveysTable;
  cx_survey_recipients: CxSurveyRecipientsTable;
  cx_survey_responses: CxSurveyResponsesTable;
  cx_survey_settings: CxSurveySettingsTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends CxSurveyTables {}
}
