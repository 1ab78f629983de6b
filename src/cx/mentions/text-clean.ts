import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';

/** The longest mention text kept (a long post is cut here, with an ellipsis). */
export const MAX_TEXT = 10_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the named entities sanitize-html leaves and numeric ones (`&#1055;`, `&#x41f;`). */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Plain text of what a feed or an API gave (HTML in feed items, `<br>` in VK posts): tags and
 * scripts dropped, block ends kept as line breaks, entities decoded, whitespace collapsed, cut to
 * MAX_TEXT characters.
 */
export function plainText(input: string | null | undefined, max = MAX_TEXT): string {
  if (!input) return '';
  const withBreaks = input.replace(/<\s*(br|\/p|\/div|\/li|\/h[1-6])\b[^>]*>/gi, '\n');
  const stripped = sanitizeHtml(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'head', 'title'],
  });
  // Twice: a feed that escaped its HTML (`&lt;p&gt;`) decodes to tags, stripped by the second round.
  let text = decodeEntities(stripped);
  if (/<[a-z/!][^>]*>/i.test(text))
    text = decodeEntities(sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }));
  text = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|yclid|ref|from)$/i;

/** A URL as one mention is known by across feeds: no fragment or tracking parameters, host lower-cased, no trailing slash. */
export function normalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    u.searchParams.sort();
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.hostname.toLowerCase().replace(/^www\./, '')}${u.port ? `:${u.port}` : ''}${path}${u.search}`;
  } catch {
    return null;
  }
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 40);

/** The key of a mention's normalised URL (null without a usable URL). */
export function urlKey(url: string | null | undefined): string | null {
  const u = normalUrl(url);
  return u ? `u:${sha(u)}` : null;
}

/**
 * The dedupe key of a mention: the source's own id for it when it gives one (`x:<source>:<id>`),
 * else its normalised URL, else a hash of the author and the text, case and spacing folded. The
 * URL's key is also kept on its own (`urlKey`): the same post in two feeds is one mention.
 */
export function dedupeKey(m: {
  sourceKey: string;
  externalId?: string | null;
  url?: string | null;
  author?: string | null;
  text: string;
}): string {
  if (m.externalId) return `x:${m.sourceKey}:${m.externalId}`.slice(0, 500);
  const url = urlKey(m.url);
  if (url) return url;
  const folded = `${(m.author ?? '').toLowerCase().trim()}\n${m.text.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  return `t:${sha(folded)}`;
}
