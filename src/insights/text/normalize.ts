/**
 * Text clean-up and tokens shared by language detection, sentiment and topics. Feeds and
 * messengers send HTML and emoji; the lexicons know lower-case words with ё folded to е.
 */

/** The most characters analysed: the API refuses more, internal callers' texts are cut there. */
export const MAX_TEXT_CHARS = 20_000;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  laquo: '«',
  raquo: '»',
  mdash: '—',
  ndash: '–',
  hellip: '…',
};

/** Tags out (script/style with their content), entities decoded, whitespace collapsed. */
export function stripHtml(input: string): string {
  if (!/[<&]/.test(input)) return input.replace(/\s+/g, ' ').trim();
  return input
    .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(p|div|br|li|tr|h[1-6]|blockquote)\b[^>]*>/gi, '. ')
    .replace(/<[^>]{0,2000}>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/(\s*\.\s*){2,}/g, '. ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .trim();
}

export type TokenKind = 'word' | 'emoji' | 'punct' | 'smiley';

export interface Token {
  /** Lower-case, ё → е; emoji as they are; `:)`-like smileys and `)))` as `:)` / `:(`. */
  text: string;
  kind: TokenKind;
  /** The script of a word: Cyrillic, Latin or another one. */
  script?: 'cyrl' | 'latn' | 'other';
}

const TOKEN_RE =
  /(\p{L}+(?:['’-]\p{L}+)*)|(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*)|([:;=]-?[)(DPp]|\){2,}|\({2,}|[)(](?=\s*$))|([.!?;…]+|,|\s[-–—]\s)/gu;

/** Words, emoji, smileys and clause punctuation in order. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[1]) {
      const w = m[1].toLowerCase().replace(/ё/g, 'е').replace(/’/g, "'");
      const script = /[а-яіїєґўё]/.test(w) ? 'cyrl' : /[a-z]/.test(w) ? 'latn' : 'other';
      out.push({ text: w, kind: 'word', script });
    } else if (m[2]) {
      out.push({ text: m[2].replace(/\uFE0F/g, ''), kind: 'emoji' });
    } else if (m[3]) {
      const s = m[3];
      out.push({ text: s.includes('(') ? ':(' : ':)', kind: 'smiley' });
    } else if (m[4]) {
      out.push({ text: m[4].trim() || ',', kind: 'punct' });
    }
  }
  return out;
}
