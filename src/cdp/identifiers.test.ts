import { describe, it, expect } from 'vitest';
import {
  cleanId,
  isIdentityKind,
  normalizeEmail,
  normalizeIdentity,
  normalizePhone,
  normalizeTelegramId,
} from './identifiers.ts';

describe('identifiers', () => {
  it('phones become E.164; Russian formats work', () => {
    expect(normalizePhone('8 (912) 345-67-89')).toBe('+79123456789');
    expect(normalizePhone('+7 912 345 67 89')).toBe('+79123456789');
    expect(normalizePhone('89123456789')).toBe('+79123456789');
    expect(normalizePhone('9123456789')).toBe('+79123456789');
    expect(normalizePhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone(79123456789)).toBe('+79123456789');
  });

  it('invalid phones are not identifiers', () => {
    for (const v of ['12', 'call me', '', '   ', '+7 000', null, undefined, {}]) expect(normalizePhone(v)).toBeNull();
  });

  it('junk ids and bad emails are dropped', () => {
    for (const v of ['null', 'undefined', '0', 'anonymous', '', '  ', null, 'NULL']) expect(cleanId(v)).toBeNull();
    expect(cleanId(' u-1 ')).toBe('u-1');
    expect(cleanId(42)).toBe('42');
    expect(normalizeEmail(' Anna@Example.COM ')).toBe('anna@example.com');
    expect(normalizeEmail('not-an-email')).toBeNull();
  });

  it('telegram ids (numeric as strings, usernames), vk ids and external kinds', () => {
    expect(normalizeTelegramId(123456789)).toBe('123456789');
    expect(normalizeTelegramId(' 123456789 ')).toBe('123456789');
    expect(normalizeTelegramId('@Anna_Petrova')).toBe('@anna_petrova');
    expect(normalizeTelegramId('https://t.me/anna_petrova')).toBe('@anna_petrova');
    for (const junk of [0, -5, 1.5, '0', '', 'null', '@a', 'not a name']) expect(normalizeTelegramId(junk)).toBeNull();
    expect(normalizeIdentity('vk_id', ' id42 ')).toBe('id42');
    expect(normalizeIdentity('vk_id', 'undefined')).toBeNull();
    expect(normalizeIdentity('external:hubspot_id', ' hs-1 ')).toBe('hs-1');
    expect(isIdentityKind('telegram_id')).toBe(true);
    expect(isIdentityKind('external:crm_id')).toBe(true);
    expect(isIdentityKind('external:')).toBe(false);
    expect(isIdentityKind('bogus')).toBe(false);
  });
});
