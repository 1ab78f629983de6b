import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../core/db/schema.ts';
import { notFound } from '../../core/errors.ts';
import { decodeCursor, keysetPage } from '../../core/http/pagination.ts';
import { isUuid, newId } from '../../core/ids.ts';
import type { CxBaseKernel } from '../kernel.ts';
import type { RawAuthor, RawMention } from './connectors.ts';
import type { CxMentionAuthorsTable, CxMentionsTable, Sentiment } from './tables.ts';
import { dedupeKey, plainText, urlKey } from './text-clean.ts';

type MentionRow = Selectable<CxMentionsTable>;
type AuthorRow = Selectable<CxMentionAuthorsTable>;

export const authorView = (a: AuthorRow) => ({
  id: a.id,
  network: a.network,
  handle: a.handle,
  name: a.name,
  profileUrl: a.profile_url,
  followers: a.followers,
  kol: a.kol,
  personId: a.person_id,
});
export type AuthorView = ReturnType<typeof authorView>;

export const mentionView = (m: MentionRow, author: AuthorRow | null) => ({
  id: m.id,
  source: m.source,
  sourceId: m.source_id,
  externalId: m.external_id,
  url: m.url,
  title: m.title,
  text: m.text,
  author: author ? authorView(author) : null,
  authorName: m.author_name,
  personId: m.person_id,
  publishedAt: m.published_at,
  receivedAt: m.received_at,
  analysis: {
    language: m.language,
    sentiment: { label: m.sentiment, score: Number(m.sentiment_score) },
    topics: m.topics,
    complaint: m.complaint,
  },
});
export type MentionView = ReturnType<typeof mentionView>;

/** Where a batch of mentions comes from: the source record (polled) or the webhook's `source` label. */
export interface Origin {
  sourceId: string | null;
  /** The label shown and filtered on: the source's kind, or the webhook's `source`. */
  source: string;
  /** What external ids are unique within (the source's id, or `webhook:<label>`). */
  sourceKey: string;
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  sentiment?: Sentiment;
  source?: string;
  topic?: string;
  authorId?: string;
  author?: string;
  personId?: string;
  from?: string;
  to?: string;
  kol?: boolean;
  complaint?: boolean;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Mentions as stored: one row per dedupe key, the text's analysis (insights' analyser) kept beside
 * it, the author (network + handle) upserted with their reach and linked to a CDP person through
 * the CDP's identity lookup when an email, Telegram id or VK id matches.
 */
export class MentionStore {
  constructor(private k: CxBaseKernel) {}

  /** Stores the mentions not seen before; returns the ids of the new ones (duplicates are skipped). */
  async ingest(
    ws: string,
    origin: Origin,
    items: readonly RawMention[],
    now = new Date(),
  ): Promise<{ created: string[]; duplicates: number }> {
    const created: string[] = [];
    let duplicates = 0;
    for (const item of items) {
      const r = await this.ingestOne(ws, origin, item, now);
      if (r.created) created.push(r.id);
      else duplicates++;
    }
    return { created, duplicates };
  }

  async ingestOne(
    ws: string,
    origin: Origin,
    item: RawMention,
    now = new Date(),
  ): Promise<{ id: string; created: boolean }> {
    const text = plainText(item.text);
    const key = dedupeKey({
      sourceKey: origin.sourceKey,
      externalId: item.externalId,
      url: item.url,
      author: item.author?.handle ?? null,
      text,
    });
    const uKey = urlKey(item.url);
    const find = () =>
      this.k.db
        .selectFrom('cx_mentions')
        .select('id')
        .where('workspace_id', '=', ws)
        .where((eb) =>
          uKey ? eb.or([eb('dedupe_key', '=', key), eb('url_key', '=', uKey)]) : eb('dedupe_key', '=', key),
        )
        .limit(1)
        .executeTakeFirst();
    const existing = await find();
    if (existing) return { id: existing.id, created: false };
    const analysis = await this.k.text.analyze(ws, text);
    const author = item.author ? await this.upsertAuthor(ws, item.author) : null;
    // A date from the future (a wrong clock, a scheduled post) counts as now: alerts look at the past.
    const published = item.publishedAt && item.publishedAt.getTime() <= now.getTime() ? item.publishedAt : now;
    const id = newId();
    const row = await this.k.db
      .insertInto('cx_mentions')
      .values({
        workspace_id: ws,
        id,
        source_id: origin.sourceId,
        source: origin.source.slice(0, 100),
        external_id: item.externalId?.slice(0, 400) ?? null,
        dedupe_key: key,
        url_key: uKey,
        url: item.url?.slice(0, 2000) ?? null,
        title: item.title?.slice(0, 500) ?? null,
        text,
        author_id: author?.id ?? null,
        author_name: item.author?.name ?? item.author?.handle ?? null,
        person_id: author?.person_id ?? null,
        published_at: published,
        language: analysis.language,
        sentiment: analysis.sentiment.label,
        sentiment_score: Math.max(-1, Math.min(1, analysis.sentiment.score)),
        topics: analysis.topics.slice(0, 50),
        complaint: analysis.complaint,
      })
      // Either key (dedupe, URL) taken meanwhile: the other poll or request stored it.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return { id: row.id, created: true };
    const again = await find();
    if (!again) throw new Error('a mention conflicted and then vanished');
    return { id: again.id, created: false };
  }

  /** One author per network and handle: reach kept up to date (the last known wins), KOL flag recomputed, person linked once. */
  private async upsertAuthor(ws: string, a: RawAuthor): Promise<AuthorRow> {
    const threshold = this.k.config.mentionsKolFollowers;
    const followers = a.followers ?? null;
    const row = await this.k.db
      .insertInto('cx_mention_authors')
      .values({
        workspace_id: ws,
        id: newId(),
        network: a.network.slice(0, 100),
        handle: a.handle.slice(0, 300),
        name: a.name?.slice(0, 200) ?? null,
        profile_url: a.profileUrl?.slice(0, 2000) ?? null,
        followers,
        kol: followers !== null && followers >= threshold,
      })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'network', 'handle']).doUpdateSet({
          name: sql`coalesce(excluded.name, cx_mention_authors.name)`,
          profile_url: sql`coalesce(excluded.profile_url, cx_mention_authors.profile_url)`,
          followers: sql`coalesce(excluded.followers, cx_mention_authors.followers)`,
          kol: sql`coalesce(excluded.followers, cx_mention_authors.followers, 0) >= ${threshold}`,
          updated_at: new Date(),
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.person_id) return row;
    const personId = await this.linkPerson(ws, a);
    if (!personId) return row;
    await this.k.db
      .updateTable('cx_mention_authors')
      .set({ person_id: personId })
      .where('workspace_id', '=', ws)
      .where('id', '=', row.id)
      .execute();
    // The author's earlier mentions join the person too.
    await this.k.db
      .updateTable('cx_mentions')
      .set({ person_id: personId })
      .where('workspace_id', '=', ws)
      .where('author_id', '=', row.id)
      .where('person_id', 'is', null)
      .execute();
    return { ...row, person_id: personId };
  }

  /** The person one of the author's identities names, through the CDP's lookup (never its tables). */
  private async linkPerson(ws: string, a: RawAuthor): Promise<string | null> {
    const tries: [Parameters<CxBaseKernel['cdp']['lookup']>[1], string | null | undefined][] = [
      ['email', a.email],
      ['telegram_id', a.telegramId],
      ['vk_id', a.vkId],
    ];
    for (const [kind, value] of tries) {
      if (!value) continue;
      try {
        const p = await this.k.cdp.lookup(ws, kind, value);
        if (p?.id) return p.id;
      } catch {
        /* not known by this identity: try the next */
      }
    }
    return null;
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<MentionView> {
    const m = await db
      .selectFrom('cx_mentions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!m) throw notFound('Mention');
    const a = m.author_id
      ? await db
          .selectFrom('cx_mention_authors')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', m.author_id)
          .executeTakeFirst()
      : undefined;
    return mentionView(m, a ?? null);
  }

  /** Newest first (published), keyset pages. */
  async list(ws: string, q: ListQuery) {
    let query = this.k.db
      .selectFrom('cx_mentions as m')
      .leftJoin('cx_mention_authors as a', (j) =>
        j.onRef('a.workspace_id', '=', 'm.workspace_id').onRef('a.id', '=', 'm.author_id'),
      )
      .selectAll('m')
      .select([
        'a.network as a_network',
        'a.handle as a_handle',
        'a.name as a_name',
        'a.profile_url as a_profile_url',
        'a.followers as a_followers',
        'a.kol as a_kol',
        'a.person_id as a_person_id',
        'a.created_at as a_created_at',
        'a.updated_at as a_updated_at',
      ])
      .where('m.workspace_id', '=', ws);
    if (q.sentiment) query = query.where('m.sentiment', '=', q.sentiment);
    if (q.source) {
      const s = q.source;
      query = isUuid(s) ? query.where('m.source_id', '=', s) : query.where('m.source', '=', s);
    }
    if (q.topic) query = query.where(sql<boolean>`${q.topic} = ANY(m.topics)`);
    if (q.authorId) query = query.where('m.author_id', '=', q.authorId);
    if (q.author) {
      const l = like(q.author);
      query = query.where((eb) => eb.or([eb('m.author_name', 'ilike', l), eb('a.handle', 'ilike', l)]));
    }
    if (q.personId) query = query.where('m.person_id', '=', q.personId);
    if (q.from) query = query.where('m.published_at', '>=', new Date(q.from));
    if (q.to) query = query.where('m.published_at', '<', new Date(q.to));
    if (q.kol) query = query.where('a.kol', '=', true);
    if (q.complaint !== undefined) query = query.where('m.complaint', '=', q.complaint);
    const c = decodeCursor<{ at: string; id: string }>(q.cursor);
    if (c) {
      const at = new Date(c.at);
      if (Number.isNaN(at.getTime()) || !isUuid(c.id)) decodeCursor('!');
      query = query.where((eb) =>
        eb.or([eb('m.published_at', '<', at), eb.and([eb('m.published_at', '=', at), eb('m.id', '<', c.id)])]),
      );
    }
    const rows = await query
      .orderBy('m.published_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(
      rows,
      q.limit,
      (r) =>
        mentionView(
          r,
          r.author_id && r.a_handle
            ? {
                workspace_id: ws,
                id: r.author_id,
                network: r.a_network!,
                handle: r.a_handle,
                name: r.a_name,
                profile_url: r.a_profile_url,
                followers: r.a_followers,
                kol: r.a_kol!,
                person_id: r.a_person_id,
                created_at: r.a_created_at!,
                updated_at: r.a_updated_at!,
              }
            : null,
        ),
      (last) => ({ at: new Date(last.published_at).toISOString(), id: last.id }),
    );
  }

  async delete(ws: string, id: string): Promise<void> {
    const r = await this.k.db
      .deleteFrom('cx_mentions')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r.numDeletedRows) throw notFound('Mention');
  }
}
