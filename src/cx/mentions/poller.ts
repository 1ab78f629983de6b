import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { backgroundQueries } from '../../core/db/database.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { parseFeedItems, parseReviewsJson, parseTelegramBridge, parseVk, type RawMention } from './connectors.ts';
import { fetchSource, SourceError } from './fetch.ts';
import type { MentionStore } from './store.ts';
import { VK_DEFAULT_BASE, type StoredSourceSettings } from './sources.ts';
import type { CxMentionSourcesTable } from './tables.ts';

type Row = Selectable<CxMentionSourcesTable>;

/** How long a worker holds a source it polls (another worker skips it meanwhile); longer than any fetch. */
const LEASE_SECONDS = 300;
/** Sources looked at per round: a backlog is worked through over several rounds. */
const ROUND = 200;
/** The VK API version the requests name (the answer's shape is this version's). */
const VK_VERSION = '5.199';

export interface PollResult {
  fetched: number;
  created: number;
  duplicates: number;
  error?: string;
}

/**
 * Polls the workspaces' mention sources (feeds, the Telegram bridge, VK search, review sites), as
 * the IMAP poller does its mailboxes: a source is due `poll_minutes` after its last poll; a worker
 * leases it while it polls (so two workers never poll one source at once), and records the outcome
 * on it: the time, the count, or the error. Each fetch is bounded (time, bytes, items) and goes
 * through the outbound policy; a source that times out or answers garbage records its error and the
 * round goes on to the next one.
 */
export class MentionPoller {
  private stopped = false;

  constructor(
    private k: CxBaseKernel,
    private store: MentionStore,
    private onNew: (ws: string) => Promise<void>,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /** One round over every source due (the periodic job). */
  async pollAll(): Promise<void> {
    if (this.stopped) return;
    const due = await this.k.db
      .selectFrom('cx_mention_sources')
      .select(['workspace_id', 'id'])
      .where('enabled', '=', true)
      .where('kind', '!=', 'webhook')
      .where((eb) =>
        eb.or([
          eb('polled_at', 'is', null),
          eb('polled_at', '<=', sql<Date>`now() - make_interval(mins => poll_minutes)`),
        ]),
      )
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
      .orderBy(sql`polled_at ASC NULLS FIRST`)
      .limit(ROUND)
      .execute();
    for (const s of due) {
      if (this.stopped) return;
      await this.poll(s.workspace_id, s.id).catch((err: unknown) =>
        this.k.log.warn({ err, sourceId: s.id }, 'mention source poll failed'),
      );
    }
  }

  /** Polls one source now (null when another worker holds it). */
  async poll(ws: string, sourceId: string): Promise<PollResult | null> {
    return backgroundQueries(async () => {
      const source = await this.claim(ws, sourceId);
      if (!source) return null;
      let result: PollResult = { fetched: 0, created: 0, duplicates: 0 };
      try {
        const items = await this.read(source);
        const stored = await this.store.ingest(ws, { sourceId, source: source.kind, sourceKey: sourceId }, items);
        result = { fetched: items.length, created: stored.created.length, duplicates: stored.duplicates };
        await this.release(ws, sourceId, null, result);
      } catch (err) {
        result = { ...result, error: describe(err) };
        await this.release(ws, sourceId, result.error ?? null, result);
      }
      if (result.created > 0) await this.onNew(ws).catch((err) => this.k.log.warn({ err }, 'mention alerts failed'));
      return result;
    });
  }

  /** Reads a source without storing anything ("test" in the sources' settings). */
  async test(source: Row): Promise<{ ok: boolean; items: number; sample: RawMention[]; error: string | null }> {
    try {
      const items = await this.read(source);
      return { ok: true, items: items.length, sample: items.slice(0, 5), error: null };
    } catch (err) {
      return { ok: false, items: 0, sample: [], error: describe(err) };
    }
  }

  private async claim(ws: string, id: string): Promise<Row | null> {
    const row = await this.k.db
      .updateTable('cx_mention_sources')
      .set({ lease_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('kind', '!=', 'webhook')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  private async release(ws: string, id: string, error: string | null, r: PollResult) {
    const now = new Date();
    await this.k.db
      .updateTable('cx_mention_sources')
      .set({
        lease_until: null,
        polled_at: now,
        last_error: error,
        ...(error ? {} : { last_ok_at: now }),
        last_fetched: r.fetched,
        fetched_total: sql`fetched_total + ${r.created}`,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
  }

  /** Fetches and parses a source by its kind. */
  private async read(source: Row): Promise<RawMention[]> {
    const limits = { timeoutMs: this.k.config.mentionsFetchTimeoutMs, maxBytes: this.k.config.mentionsFetchMaxBytes };
    const s = source.settings as StoredSourceSettings;
    const out = this.k.outbound;
    switch (source.kind) {
      case 'rss': {
        const { body } = await fetchSource(out, source.url!, limits, {
          headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' },
        });
        return parseFeedItems(body);
      }
      case 'reviews': {
        const { body, contentType } = await fetchSource(out, source.url!, limits, {
          headers: { accept: 'application/json, application/rss+xml, application/atom+xml;q=0.9, */*;q=0.5' },
        });
        const t = body.trimStart();
        const json =
          s.format === 'json' ||
          (s.format !== 'rss' && (contentType.includes('json') || t.startsWith('{') || t.startsWith('[')));
        let site = 'reviews';
        try {
          site = new URL(source.url!).hostname.toLowerCase();
        } catch {
          /* the stored URL was checked when configured */
        }
        return json ? parseReviewsJson(body, site) : parseFeedItems(body);
      }
      case 'telegram': {
        const u = new URL(source.url!);
        u.searchParams.set('channel', String(s.channel ?? ''));
        u.searchParams.set('limit', '100');
        const { body } = await fetchSource(out, u.toString(), limits, { headers: { accept: 'application/json' } });
        return parseTelegramBridge(body);
      }
      case 'vk': {
        if (!s.accessTokenSealed) throw new SourceError('no VK access token is set');
        const method = s.method ?? 'newsfeed.search';
        const form = new URLSearchParams({
          [method === 'wall.search' ? 'query' : 'q']: String(s.query ?? ''),
          count: '100',
          extended: '1',
          fields: 'followers_count,members_count,screen_name',
          v: s.apiVersion ?? VK_VERSION,
        });
        if (method === 'wall.search') form.set('owner_id', String(s.ownerId ?? ''));
        // The token in the POST body, not the URL (URLs end up in logs).
        form.set('access_token', this.k.engage.secrets.decrypt(s.accessTokenSealed));
        const base = (source.url ?? VK_DEFAULT_BASE).replace(/\/+$/, '');
        const { body } = await fetchSource(out, `${base}/method/${method}`, limits, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
        });
        return parseVk(body);
      }
      default:
        return [];
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof SourceError) return err.message;
  const e = err as Error;
  return `failed: ${e?.message ?? String(err)}`.slice(0, 300);
}
