import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Identifier kinds and their normal forms. A value that normalises to null is not an identifier:
 * junk ids (`null`, `undefined`, `0`, `anonymous`, empty, …) must never join two people together.
 */
export const IDENTITY_KINDS = ['user_id', 'anonymous_id', 'email', 'phone', 'telegram_id', 'vk_id'] as const;
/**
 * The fixed kinds, plus external ids: `external:<type>` (Segment `context.externalIds`, the type
 * lower-cased, e.g. `external:hubspot_id`).
 */
export type IdentityKind = (typeof IDENTITY_KINDS)[number] | `external:${string}`;

const EXTERNAL_TYPE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Whether `kind` is a known kind or a well-formed `external:<type>`. */
export function isIdentityKind(kind: string): kind is IdentityKind {
  return (
    (IDENTITY_KINDS as readonly string[]).includes(kind) ||
    (kind.startsWith('external:') && EXTERNAL_TYPE.test(kind.slice(9)))
  );
}

/** `external:<type>` for an external id type, or null when the type is unusable. */
export function externalKind(type: unknown): IdentityKind | null {
  if (typeof type !== 'string') return null;
  const t = type.trim().toLowerCase();
  return EXTERNAL_TYPE.test(t) ? `external:${t}` : null;
}

export interface Identity {
  kind: IdentityKind;
  value: string;
}

const JUNK = new Set([
  'null',
  'undefined',
  '0',
  '-1',
  'anonymous',
  'guest',
  'none',
  'nil',
  'nan',
  'true',
  'false',
  '[object object]',
  'not_authenticated',
  'distinct_id',
  'user_id',
  'anonymous_id',
  'id',
  'email',
]);
export const MAX_ID_LENGTH = 255;

/** A user or anonymous id as the spec allows (string; numbers coerced), or null when absent or junk. */
export function cleanId(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!s || JUNK.has(s.toLowerCase())) return null;
  return s;
}

export function normalizeEmail(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (s.length > MAX_ID_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return null;
  return s;
}

/**
 * A phone as E.164 (`+79123456789`). Numbers without a country code are read as numbers of
 * `defaultCountry` (Russian `8 (912) 345-67-89` → `+79123456789`); a string that is not a valid
 * number of any country is not an identifier.
 */
export function normalizePhone(v: unknown, defaultCountry: CountryCode = 'RU'): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!s || s.length > 64) return null;
  const parsed = parsePhoneNumberFromString(s, { defaultCountry, extract: false });
  return parsed && parsed.isValid() ? parsed.number : null;
}

export function normalizeIdentity(kind: IdentityKind, value: unknown): string | null {
  switch (kind) {
    case 'email':
      return normalizeEmail(value);
    case 'phone':
      return normalizePhone(value);
    case 'telegram_id':
      return normalizeTelegramId(value);
    default: {
      const id = cleanId(value);
      return id && id.length <= MAX_ID_LENGTH ? id : null;
    }
  }
}

/**
 * A Telegram id: a numeric user id (number or string; kept as its decimal string) or a username
 * (5–32 characters: `@name`, a t.me link or bare; stored lower-case with '@'). Junk ids are not ids.
 */
export function normalizeTelegramId(v: unknown): string | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? String(v) : null;
  if (typeof v === 'bigint') return v > 0n ? v.toString() : null;
  if (typeof v !== 'string' || cleanId(v) === null) return null;
  let s = v.trim();
  if (/^\d{1,20}$/.test(s)) return /^0+$/.test(s) ? null : s.replace(/^0+/, '');
  s = s.replace(/^(https?:\/\/)?(www\.)?t(elegram)?\.me\//i, '').replace(/^@/, '');
  return /^[a-z][a-z0-9_]{4,31}$/i.test(s) && cleanId(s) !== null ? `@${s.toLowerCase()}` : null;
}

export const identityKey = (kind: string, value: string) => `${kind}\u0001${value}`;
