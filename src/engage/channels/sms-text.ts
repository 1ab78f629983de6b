/**
 * SMS text encoding and segment counting (3GPP TS 23.038).
 *
 * A text that fits the GSM 03.38 default alphabet (plus its extension table, whose characters
 * take an escape septet and so count twice) goes as GSM-7: 160 septets in one SMS, 153 per part
 * once it is split (a 6-byte UDH eats 7 septets). Anything else goes as UCS-2: 70 UTF-16 code
 * units, 67 per part. Templates show the counter; the SMPP adapter splits by the same rules.
 */

// The basic GSM 03.38 table, in code order (index = septet value).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

// The extension table: ESC (0x1B) followed by this septet.
const GSM7_EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

const BASIC = new Map<string, number>();
for (let i = 0; i < GSM7_BASIC.length; i++) if (i !== 0x1b) BASIC.set(GSM7_BASIC[i]!, i);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2). */
  length: number;
  segments: number;
  /** The capacity of one part at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

/** Septets a character takes in GSM-7, or 0 when it is not in the alphabet. */
function gsmWidth(ch: string): 0 | 1 | 2 {
  if (BASIC.has(ch)) return 1;
  if (ch in GSM7_EXTENSION) return 2;
  return 0;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsmWidth(ch) === 0) return false;
  return true;
}

export function smsEncoding(text: string): SmsEncoding {
  return isGsm7(text) ? 'gsm7' : 'ucs2';
}

function gsmLength(text: string): number {
  let n = 0;
  for (const ch of text) n += gsmWidth(ch);
  return n;
}

/** How a text goes out: encoding, length in that encoding's units, parts and the capacity of a part. */
export function smsSegments(text: string): SmsSegments {
  if (isGsm7(text)) {
    const length = gsmLength(text);
    const perSegment = length <= 160 ? 160 : 153;
    return { encoding: 'gsm7', length, segments: splitGsm7(text).length, perSegment };
  }
  const length = text.length;
  const perSegment = length <= 70 ? 70 : 67;
  return { encoding: 'ucs2', length, segments: splitUcs2(text).length, perSegment };
}

/**
 * The parts of a GSM-7 text (as strings), each ≤ 153 septets when split; an escape pair is never
 * cut between two parts.
 */
export function splitGsm7(text: string): string[] {
  if (gsmLength(text) <= 160) return [text];
  const parts: string[] = [];
  let cur = '';
  let n = 0;
  for (const ch of text) {
    const w = gsmWidth(ch);
    if (n + w > 153) {
      parts.push(cur);
      cur = '';
      n = 0;
    }
    cur += ch;
    n += w;
  }
  if (cur) parts.push(cur);
  return parts;
}

/**
 * The parts of a UCS-2 text, each ≤ 67 UTF-16 code units when split; a surrogate pair (an emoji)
 * is never cut between two parts.
 */
export function splitUcs2(text: string): string[] {
  if (text.length <= 70) return [text];
  const parts: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (cur.length + ch.length > 67) {
      parts.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** GSM-7 text as unpacked septets, one per byte (what SMPP's data_coding 0 carries). */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const b = BASIC.get(ch);
    if (b !== undefined) out.push(b);
    else {
      const e = GSM7_EXTENSION[ch];
      if (e === undefined) throw new Error('not a GSM-7 character');
      out.push(0x1b, e);
    }
  }
  return Buffer.from(out);
}

/** Unpacked septets back to text (MO messages with data_coding 0). */
export function decodeGsm7(bytes: Buffer): string {
  const ext = new Map(Object.entries(GSM7_EXTENSION).map(([c, v]) => [v, c]));
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]! & 0x7f;
    if (b === 0x1b && i + 1 < bytes.length) {
      const c = ext.get(bytes[i + 1]! & 0x7f);
      i++;
      s += c ?? ' ';
    } else s += GSM7_BASIC[b] ?? '?';
  }
  return s;
}

/** UTF-16 big-endian, as data_coding 8 carries it. */
export function encodeUcs2(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  b.swap16();
  return b;
}

export function decodeUcs2(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  b.swap16();
  return b.toString('utf16le');
}
