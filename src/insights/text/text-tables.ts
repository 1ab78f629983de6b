import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

/** A workspace's word or phrase over the built-in sentiment lexicons (text analysis, issue 19). */
export interface TextLexiconEntriesTable {
  workspace_id: string;
  id: string;
  term: string;
  term_key: string;
  score: number;
  complaint: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A workspace's topic rule: keywords (stemmed, `word*` prefixes, phrases); a built-in key replaces that topic. */
export interface TextTopicRulesTable {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  keywords: Json<string[]>;
  enabled: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../core/db/schema.ts' {
  interface DB {
    text_lexicon_entries: TextLexiconEntriesTable;
    text_topic_rules: TextTopicRulesTable;
  }
}
