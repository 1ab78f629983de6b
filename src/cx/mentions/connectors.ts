import { parseFeed } from '@rowanmanning/feed-parser';
import { SourceError } from './fetch.ts';
import { plainText } from './text-clean.ts';

/** Items taken from one fetch of a source: a bigger answer is read in part (the newest first, as feeds list them). */
export const MAX_ITEMS = 200;

/** The author of a mention as the source names them; `network` + `handle` identify them across mentions. */
export interface RawAuthor {
  network: string;
  handle: string;
  name?: string | null;
  profileUrl?: string | null;
  followers?: number | null;
  /** Identities the CDP may know the person by (linked through its lookup). */
  email?: string | null;
  telegramId?: string | null;
  vkId?: string | null;
}

/** One mention as a connector read it, before dedupe, linking and analysis. */
export interface RawMention {
  externalId?: string | null;
  url?: string | null;
  title?: string | null;
  text: string;
  publishedAt?: Date | null;
  author?: RawAuthor | null;
}

const str = (v: unknown, max = 500): string | null =>
  typeof v === 'string' && v.trim()
    ? v.trim().slice(0, max)
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : null;
const num = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.min(Math.floor(n), 2_000_000_000) : null;
};
/** An ISO date, or unix seconds (VK, Telegram); null for anything else. */
export const dateOf = (v: unknown): Date | null => {
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' && v.trim() ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};
const httpUrl = (v: unknown): string | null => {
  const s = str(v, 2000);
  return s && /^https?:\/\//i.test(s) ? s : null;
};

function parseJson(body: string, what: string): unknown {
  const t = body.trim();
  if (!t.startsWith('{') && !t.startsWith('['))
    throw new SourceError(`not ${what} JSON (the answer starts with ${JSON.stringify(t.slice(0, 20))})`);
  try {
    return JSON.parse(t);
  } catch {
    throw new SourceError(`not ${what} JSON (it does not parse)`);
  }
}

/** An RSS 2.0, RSS 1.0 or Atom document (also a review site's feed): HTML in items stripped. */
export function parseFeedItems(body: string): RawMention[] {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(body);
  } catch {
    const head = body.trimStart().slice(0, 200).toLowerCase();
    throw new SourceError(
      head.startsWith('<!doctype html') || head.startsWith('<html')
        ? 'an HTML page, not a feed'
        : 'not an RSS or Atom feed',
    );
  }
  let host = 'feed';
  try {
    if (feed.url) host = new URL(feed.url).hostname.toLowerCase();
  } catch {
    /* a feed without a usable link: its authors are under `feed` */
  }
  const out: RawMention[] = [];
  for (const item of feed.items.slice(0, MAX_ITEMS)) {
    const text = plainText(item.content || item.description || item.title);
    if (!text) continue;
    const a = item.authors[0];
    const email = a?.email?.trim().toLowerCase() || null;
    const name = a?.name?.trim() || null;
    out.push({
      externalId: item.id ? item.id.slice(0, 400) : null,
      url: httpUrl(item.url),
      title: item.title ? plainText(item.title, 500) : null,
      text,
      publishedAt: item.published ?? item.updated,
      author:
        email || name
          ? {
              network: email ? 'email' : 'web',
              handle: email ?? `${host}/${name!.toLowerCase()}`.slice(0, 300),
              name,
              profileUrl: httpUrl(a?.url),
              email,
            }
          : null,
    });
  }
  return out;
}

/**
 * A Telegram bridge's answer for one public channel (docs: src/cx/mentions/README.md):
 * `{ channel: { id, username, title, subscribers }, messages: [{ id, date, text | html, url, views,
 * author?: { id, username, name, followers } }] }`. A post without an author is the channel's own
 * (its subscribers are its reach).
 */
export function parseTelegramBridge(body: string): RawMention[] {
  const doc = parseJson(body, 'Telegram bridge') as { channel?: Record<string, unknown>; messages?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.messages))
    throw new SourceError('not a Telegram bridge answer (no `messages` list)');
  const ch = doc.channel && typeof doc.channel === 'object' ? doc.channel : {};
  const chUser = str(ch.username, 100)?.replace(/^@/, '').toLowerCase() ?? null;
  const chId = str(ch.id, 40);
  const out: RawMention[] = [];
  for (const m of doc.messages.slice(0, MAX_ITEMS) as Record<string, unknown>[]) {
    if (!m || typeof m !== 'object') continue;
    const text = plainText(str(m.text, 100_000) ?? str(m.html, 100_000));
    const id = str(m.id, 40);
    if (!text || !id) continue;
    const a = m.author && typeof m.author === 'object' ? (m.author as Record<string, unknown>) : null;
    const aUser = str(a?.username, 100)?.replace(/^@/, '').toLowerCase() ?? null;
    const aId = str(a?.id, 40);
    const author: RawAuthor | null =
      a && (aUser || aId)
        ? {
            network: 'telegram',
            handle: aUser ?? `id${aId}`,
            name: str(a.name, 200),
            profileUrl: aUser ? `https://t.me/${aUser}` : null,
            followers: num(a.followers),
            telegramId: aId,
          }
        : chUser || chId
          ? {
              network: 'telegram',
              handle: chUser ?? `id${chId}`,
              name: str(ch.title, 200),
              profileUrl: chUser ? `https://t.me/${chUser}` : null,
              followers: num(ch.subscribers),
            }
          : null;
    out.push({
      externalId: `${chUser ?? chId ?? 'channel'}/${id}`,
      url: httpUrl(m.url) ?? (chUser ? `https://t.me/${chUser}/${id}` : null),
      text,
      publishedAt: dateOf(m.date),
      author,
    });
  }
  return out;
}

/**
 * VK's `newsfeed.search` / `wall.search` answer with `extended=1`: `{ response: { items: [{ id,
 * owner_id, from_id, date, text }], profiles: [{ id, first_name, last_name, screen_name,
 * followers_count }], groups: [{ id, name, screen_name, members_count }] } }`, or `{ error:
 * { error_code, error_msg } }`. A negative `from_id` is a community.
 */
export function parseVk(body: string): RawMention[] {
  const doc = parseJson(body, 'VK API') as { response?: Record<string, unknown>; error?: Record<string, unknown> };
  if (doc && typeof doc === 'object' && doc.error && typeof doc.error === 'object')
    throw new SourceError(
      `VK API error ${str(doc.error.error_code, 10) ?? '?'}: ${str(doc.error.error_msg, 200) ?? 'no message'}`,
    );
  const r = doc?.response;
  if (!r || typeof r !== 'object' || !Array.isArray(r.items))
    throw new SourceError('not a VK API answer (no `response.items`)');
  const profiles = new Map<number, Record<string, unknown>>();
  const groups = new Map<number, Record<string, unknown>>();
  for (const p of (Array.isArray(r.profiles) ? r.profiles : []) as Record<string, unknown>[])
    if (p && typeof p.id === 'number') profiles.set(p.id, p);
  for (const g of (Array.isArray(r.groups) ? r.groups : []) as Record<string, unknown>[])
    if (g && typeof g.id === 'number') groups.set(g.id, g);
  const out: RawMention[] = [];
  for (const it of r.items.slice(0, MAX_ITEMS) as Record<string, unknown>[]) {
    if (!it || typeof it !== 'object' || typeof it.id !== 'number' || typeof it.owner_id !== 'number') continue;
    const text = plainText(str(it.text, 100_000));
    if (!text) continue;
    const from = typeof it.from_id === 'number' ? it.from_id : it.owner_id;
    let author: RawAuthor | null = null;
    if (from > 0) {
      const p = profiles.get(from);
      const name = p ? [str(p.first_name, 100), str(p.last_name, 100)].filter(Boolean).join(' ') : null;
      author = {
        network: 'vk',
        handle: `id${from}`,
        name: name || null,
        profileUrl: `https://vk.com/${str(p?.screen_name, 100) ?? `id${from}`}`,
        followers: num(p?.followers_count),
        vkId: String(from),
      };
    } else if (from < 0) {
      const g = groups.get(-from);
      author = {
        network: 'vk',
        handle: `club${-from}`,
        name: str(g?.name, 200),
        profileUrl: `https://vk.com/${str(g?.screen_name, 100) ?? `club${-from}`}`,
        followers: num(g?.members_count),
      };
    }
    out.push({
      externalId: `${it.owner_id}_${it.id}`,
      url: `https://vk.com/wall${it.owner_id}_${it.id}`,
      text,
      publishedAt: dateOf(it.date),
      author,
    });
  }
  return out;
}

/**
 * A review site's JSON (docs: README.md): `{ reviews: [{ id, url, title, text, rating, publishedAt,
 * author: { id, name, email, followers } | "name" }] }` or the bare list. A rating is kept in the
 * title ("★ 2/5") so the feed shows it; the text is what is analysed.
 */
export function parseReviewsJson(body: string, site: string): RawMention[] {
  const doc = parseJson(body, 'reviews') as unknown;
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object'
      ? (doc as { reviews?: unknown }).reviews
      : null;
  if (!Array.isArray(list)) throw new SourceError('not a reviews answer (no `reviews` list)');
  const out: RawMention[] = [];
  for (const r of list.slice(0, MAX_ITEMS) as Record<string, unknown>[]) {
    if (!r || typeof r !== 'object') continue;
    const text = plainText(str(r.text, 100_000) ?? str(r.body, 100_000));
    if (!text) continue;
    const a = r.author;
    const ao = a && typeof a === 'object' ? (a as Record<string, unknown>) : null;
    const name = ao ? str(ao.name, 200) : str(a, 200);
    const email = ao ? str(ao.email, 300)?.toLowerCase() : null;
    const aid = ao ? str(ao.id, 100) : null;
    const rating = num(r.rating);
    const title = str(r.title, 500);
    out.push({
      externalId: str(r.id, 400),
      url: httpUrl(r.url),
      title: rating !== null ? `★ ${rating}/5${title ? ` · ${title}` : ''}` : title,
      text,
      publishedAt: dateOf(r.publishedAt ?? r.date),
      author:
        email || aid || name
          ? {
              network: email ? 'email' : site,
              handle: email ?? (aid ? `id${aid}` : name!.toLowerCase()),
              name,
              profileUrl: ao ? httpUrl(ao.url) : null,
              followers: ao ? num(ao.followers) : null,
              email: email ?? null,
            }
          : null,
    });
  }
  return out;
}
