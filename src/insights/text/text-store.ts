import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../core/db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import type { TextLexiconEntriesTable, TextTopicRulesTable } from './text-tables.ts';

/** How many entries and rules a workspace may keep: the compiled lexicon stays small and fast. */
export const MAX_LEXICON_ENTRIES = 5000;
export const MAX_TOPIC_RULES = 200;

export interface LexiconEntry {
  id: string;
  term: string;
  score: number;
  complaint: boolean;
  createdAt: Date;
  updatedAt: Date;
}
export interface TopicRuleRow {
  id: string;
  key: string;
  name: string;
  keywords: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** One term per workspace however it is typed: case, ё/е and spaces do not make another entry. */
export const termKey = (term: string) => term.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

const notFound = () => new AppError('NOT_FOUND');
const tooMany = (path: string, limit: number) =>
  new AppError('VALIDATION_FAILED', `${path}: at most ${limit} per workspace`, [
    { path, message: `at most ${limit} per workspace`, code: 'TOO_MANY', limit },
  ]);
const taken = (path: string, existingId: string) =>
  new AppError('ALREADY_EXISTS', `${path}: already used by another record`, [
    { path, message: 'already used by another record', code: 'ALREADY_USED', existingId },
  ]);

const entryView = (r: Selectable<TextLexiconEntriesTable>): LexiconEntry => ({
  id: r.id,
  term: r.term,
  score: r.score,
  complaint: r.complaint,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const ruleView = (r: Selectable<TextTopicRulesTable>): TopicRuleRow => ({
  id: r.id,
  key: r.key,
  name: r.name,
  keywords: typeof r.keywords === 'string' ? (JSON.parse(r.keywords) as string[]) : r.keywords,
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Workspace lexicon entries and topic rules. Every change calls `changed(ws)` so the analyser's
 * cached compiled lexicon of that workspace is dropped.
 */
export class TextStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly changed: (workspaceId: string) => void,
  ) {}

  async listEntries(ws: string, opts: { limit: number; cursor?: string; q?: string }) {
    const after = decodeCursor<{ k: string }>(opts.cursor);
    let q = this.db.selectFrom('text_lexicon_entries').selectAll().where('workspace_id', '=', ws);
    if (opts.q) q = q.where('term_key', 'like', `%${termKey(opts.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (after) q = q.where('term_key', '>', after.k);
    const rows = await q
      .orderBy('term_key')
      .limit(opts.limit + 1)
      .execute();
    return keysetPage(rows, opts.limit, entryView, (r) => ({ k: r.term_key }));
  }

  /** Every entry of a workspace (the compiled lexicon). */
  async allEntries(ws: string) {
    return this.db
      .selectFrom('text_lexicon_entries')
      .select(['term', 'score', 'complaint'])
      .where('workspace_id', '=', ws)
      .limit(MAX_LEXICON_ENTRIES)
      .execute();
  }

  async createEntry(ws: string, input: { term: string; score: number; complaint?: boolean }): Promise<LexiconEntry> {
    const key = termKey(input.term);
    const row = await this.db.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('text_lexicon_entries')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_LEXICON_ENTRIES) throw tooMany('term', MAX_LEXICON_ENTRIES);
      return trx
        .insertInto('text_lexicon_entries')
        .values({
          workspace_id: ws,
          id: randomUUID(),
          term: input.term.trim().replace(/\s+/g, ' '),
          term_key: key,
          score: input.score,
          complaint: input.complaint ?? false,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'term_key']).doNothing())
        .returningAll()
        .executeTakeFirst();
    });
    if (!row) throw taken('term', await this.entryIdByKey(ws, key));
    this.changed(ws);
    return entryView(row);
  }

  private async entryIdByKey(ws: string, key: string) {
    const r = await this.db
      .selectFrom('text_lexicon_entries')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('term_key', '=', key)
      .executeTakeFirst();
    return r?.id ?? '';
  }

  async getEntry(ws: string, id: string): Promise<LexiconEntry> {
    const r = await this.db
      .selectFrom('text_lexicon_entries')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound();
    return entryView(r);
  }

  async updateEntry(
    ws: string,
    id: string,
    patch: { term?: string; score?: number; complaint?: boolean },
  ): Promise<LexiconEntry> {
    const key = patch.term !== undefined ? termKey(patch.term) : undefined;
    if (key !== undefined) {
      const other = await this.entryIdByKey(ws, key);
      if (other && other !== id) throw taken('term', other);
    }
    const r = await this.db
      .updateTable('text_lexicon_entries')
      .set({
        ...(patch.term !== undefined ? { term: patch.term.trim().replace(/\s+/g, ' '), term_key: key } : {}),
        ...(patch.score !== undefined ? { score: patch.score } : {}),
        ...(patch.complaint !== undefined ? { complaint: patch.complaint } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw notFound();
    this.changed(ws);
    return entryView(r);
  }

  async deleteEntry(ws: string, id: string) {
    const r = await this.db
      .deleteFrom('text_lexicon_entries')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!Number(r.numDeletedRows)) throw notFound();
    this.changed(ws);
  }

  async listRules(ws: string): Promise<TopicRuleRow[]> {
    const rows = await this.db
      .selectFrom('text_topic_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('key')
      .limit(MAX_TOPIC_RULES)
      .execute();
    return rows.map(ruleView);
  }

  async getRule(ws: string, id: string): Promise<TopicRuleRow> {
    const r = await this.db
      .selectFrom('text_topic_rules')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound();
    return ruleView(r);
  }

  async createRule(
    ws: string,
    input: { key: string; name: string; keywords: string[]; enabled?: boolean },
  ): Promise<TopicRuleRow> {
    const row = await this.db.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('text_topic_rules')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_TOPIC_RULES) throw tooMany('key', MAX_TOPIC_RULES);
      return trx
        .insertInto('text_topic_rules')
        .values({
          workspace_id: ws,
          id: randomUUID(),
          key: input.key,
          name: input.name.trim(),
          keywords: JSON.stringify(input.keywords.map((k) => k.trim()).filter(Boolean)),
          enabled: input.enabled ?? true,
        })
        .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
    });
    if (!row) {
      const other = await this.db
        .selectFrom('text_topic_rules')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('key', '=', input.key)
        .executeTakeFirst();
      throw taken('key', other?.id ?? '');
    }
    this.changed(ws);
    return ruleView(row);
  }

  async updateRule(
    ws: string,
    id: string,
    patch: { name?: string; keywords?: string[]; enabled?: boolean },
  ): Promise<TopicRuleRow> {
    const r = await this.db
      .updateTable('text_topic_rules')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.keywords !== undefined
          ? { keywords: JSON.stringify(patch.keywords.map((k) => k.trim()).filter(Boolean)) }
          : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw notFound();
    this.changed(ws);
    return ruleView(r);
  }

  async deleteRule(ws: string, id: string) {
    const r = await this.db
      .deleteFrom('text_topic_rules')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!Number(r.numDeletedRows)) throw notFound();
    this.changed(ws);
  }
}
