import { normalizePhone } from '../cdp/index.ts';

/**
 * Search normalisation shared by people, companies and deals (and the CSV import, which builds the
 * same column in bulk). Lower-casing happens here, in JS, so the result is the same on PGlite and on
 * any server collation; `ё` folds to `е` because Russian users type either. Text composed with
 * combining marks (`е` + U+0308, as macOS file names and some exports write `ё` and `й`) is composed
 * first, or neither the fold nor a search typed the usual way would match it.
 */
export function foldText(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** The ways a person types a phone: E.164 digits, and for Russian numbers also 8XXXXXXXXXX and XXXXXXXXXX. */
export function phoneSearchForms(e164: string): string[] {
  const digits = e164.replace(/\D/g, '');
  const out = [digits];
  if (e164.startsWith('+7') && digits.length === 11) out.push(`8${digits.slice(1)}`, digits.slice(1));
  return out;
}

/** The `search` column of a CRM record: every searchable value folded and joined by spaces. */
export function searchText(parts: {
  texts?: (string | null | undefined)[];
  emails?: string[];
  phones?: string[];
}): string {
  const words: string[] = [];
  for (const t of parts.texts ?? []) if (t) words.push(foldText(t));
  for (const e of parts.emails ?? []) words.push(foldText(e));
  for (const p of parts.phones ?? []) words.push(...phoneSearchForms(p));
  return words.filter(Boolean).join(' ');
}

/** What a search box's text means: a phone (as E.164) when it reads as one, and always the folded text. */
export function parseQuery(q: string): { text: string; phone: string | null } {
  const text = foldText(q);
  const looksLikePhone = /^[+\d\s()\-.]{5,}$/.test(q.trim()) && q.replace(/\D/g, '').length >= 5;
  return { text, phone: looksLikePhone ? normalizePhone(q) : null };
}

/** Escapes LIKE's wildcards so a user's `%` or `_` is matched literally. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
