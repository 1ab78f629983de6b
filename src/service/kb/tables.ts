import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

export const KB_LOCALES = ['ru', 'en'] as const;
export type KbLocale = (typeof KB_LOCALES)[number];
export const KB_STATUSES = ['draft', 'published'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

export interface ServiceKbArticlesTable {
  workspace_id: string;
  id: string;
  title: string;
  /** Plain text or Markdown (the web renders it without HTML). */
  body: string;
  locale: KbLocale;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<KbStatus, KbStatus | undefined, KbStatus>;
  updated_by: string | null;
  updated_by_label: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Generated from title and body in the locale's text-search configuration. */
  search: ColumnType<string, never, never>;
}

/** One turn of the bot: what the client wrote, what the bot made of it, what it answered. */
export interface BotTurn {
  at: string;
  /** The client's message answered (a retried job finds it and does nothing). */
  messageId?: string;
  text: string;
  intent: string | null;
  answer: string;
  articleId?: string | null;
}

export interface ServiceBotSessionsTable {
  workspace_id: string;
  conversation_id: string;
  misses: Generated<number>;
  turns: Json<BotTurn[]>;
  handed_over_at: Date | null;
  updated_at: Generated<Date>;
}

export interface ServiceKbTables {
  service_kb_articles: ServiceKbArticlesTable;
  service_bot_sessions: ServiceBotSessionsTable;
}

declare module '../../core/db/schema.ts' {
  interface DB extends ServiceKbTables {}
}
