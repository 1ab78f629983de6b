import type { ColumnType, Generated } from 'kysely';
import type { Sentiment } from '../mentions/tables.ts';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The analysis of one client message of the service desk (direction 'in'), keyed by the message. */
export interface CxTicketAnalysesTable {
  workspace_id: string;
  message_id: string;
  conversation_id: string;
  person_id: string | null;
  channel: string;
  /** The message's text, cut to EXCERPT_CHARS: the feed shows it, alert scopes match on it. */
  excerpt: string;
  language: Generated<string>;
  sentiment: ColumnType<Sentiment, Sentiment | undefined, Sentiment>;
  sentiment_score: Generated<number>;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  complaint: Generated<boolean>;
  /** When the client wrote it (the message's time). */
  at: Stamp;
  analyzed_at: Generated<Date>;
}

export interface CxFeedbackTables {
  cx_ticket_analyses: CxTicketAnalysesTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends CxFeedbackTables {}
}
