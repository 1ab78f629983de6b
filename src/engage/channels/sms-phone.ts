/**
 * Phone numbers of the SMS channel: people's `phone` identities are E.164 (`+79123456789`, as
 * cdp/identifiers.ts normalises them, Russian numbers without a country code by default), SMPP
 * carries digits with TON/NPI.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ChannelError } from './types.ts';

/** A number as E.164, or null when it is not a possible phone number. */
export function toE164(value: string): string | null {
  const s = value.trim();
  if (!s || s.length > 64) return null;
  const parsed = parsePhoneNumberFromString(s, { defaultCountry: 'RU', extract: false });
  return parsed?.isPossible() ? parsed.number : null;
}

/** The recipient, as E.164: a permanent failure when the address is not a phone number. */
export function recipientE164(to: string): string {
  const n = toE164(to);
  if (!n) throw new ChannelError('invalid_address', 'the address is not a phone number', true);
  return n;
}

/** destination_addr (international, ISDN: TON 1 / NPI 1): the E.164 digits without '+'. */
export function smppDestination(to: string): string {
  return recipientE164(to).slice(1);
}

/** The sender's TON/NPI: alphanumeric (5/0), short code (3/0) or international (1/1). */
export function smppSource(sourceAddr: string): {
  source_addr_ton: number;
  source_addr_npi: number;
  source_addr: string;
} {
  const s = sourceAddr.trim();
  if (/[^\d+]/.test(s)) return { source_addr_ton: 5, source_addr_npi: 0, source_addr: s };
  const digits = s.replace(/^\+/, '');
  if (digits.length <= 8 && !s.startsWith('+')) return { source_addr_ton: 3, source_addr_npi: 0, source_addr: digits };
  return { source_addr_ton: 1, source_addr_npi: 1, source_addr: digits };
}

/**
 * An MO sender as E.164 so that it matches the person's phone identity; an international number
 * (TON 1) is its digits with '+'. A sender that is no phone number (a short code, a name) is kept.
 */
export function phoneFromSmpp(addr: string, ton: number): string {
  const s = addr.trim();
  const guess = ton === 1 && /^\d+$/.test(s) ? `+${s}` : s;
  return toE164(guess) ?? s;
}
