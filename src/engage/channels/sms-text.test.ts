import { describe, expect, it } from 'vitest';
import {
  decodeGsm7,
  decodeUcs2,
  encodeGsm7,
  encodeUcs2,
  isGsm7,
  smsSegments,
  splitGsm7,
  splitUcs2,
} from './sms-text.ts';

describe('smsSegments', () => {
  it('GSM-7: 160 septets is one part, 161 is two of 153', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', length: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', length: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('extension characters count two septets', () => {
    expect(smsSegments('€')).toMatchObject({ encoding: 'gsm7', length: 2, segments: 1 });
    expect(smsSegments(`${'a'.repeat(158)}{`)).toMatchObject({ length: 160, segments: 1 });
    expect(smsSegments(`${'a'.repeat(159)}[`)).toMatchObject({ length: 161, segments: 2, perSegment: 153 });
    for (const ch of ['^', '{', '}', '\\', '[', ']', '~', '|', '€', '\f']) expect(smsSegments(ch).length).toBe(2);
  });

  it('an escape pair is never cut between parts', () => {
    // 152 plain septets, then an extension char: it does not fit the first part's 153rd septet.
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`;
    const parts = splitGsm7(text);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe('a'.repeat(152));
    expect(parts[1]!.startsWith('€')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('UCS-2: 70 units is one part, 71 is two of 67', () => {
    expect(smsSegments('я'.repeat(70))).toEqual({ encoding: 'ucs2', length: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('я'.repeat(71))).toEqual({ encoding: 'ucs2', length: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('я'.repeat(134)).segments).toBe(2);
    expect(smsSegments('я'.repeat(135)).segments).toBe(3);
  });

  it('one non-GSM character turns the whole text UCS-2', () => {
    expect(smsSegments(`${'a'.repeat(100)}ж`)).toMatchObject({ encoding: 'ucs2', length: 101, segments: 2 });
    expect(isGsm7('Hello @ £ ß É ñ')).toBe(true);
    expect(isGsm7('Привет')).toBe(false);
    expect(isGsm7('ç')).toBe(false); // only capital Ç is in the basic table
  });

  it('an emoji counts two UTF-16 units and is not split', () => {
    expect(smsSegments('😀')).toMatchObject({ encoding: 'ucs2', length: 2, segments: 1 });
    const text = `${'я'.repeat(66)}😀${'я'.repeat(10)}`;
    const parts = splitUcs2(text);
    expect(parts).toEqual(['я'.repeat(66), `😀${'я'.repeat(10)}`]);
  });

  it('the empty text is one GSM-7 part', () => {
    expect(smsSegments('')).toEqual({ encoding: 'gsm7', length: 0, segments: 1, perSegment: 160 });
  });
});

describe('encoding', () => {
  it('GSM-7 round-trips, extension characters as escape pairs', () => {
    const text = 'Hi @home {x} €5 ÄÖ\n';
    const b = encodeGsm7(text);
    expect(b[3]).toBe(0x00); // '@'
    expect(b.length).toBe(text.length + 3);
    expect(decodeGsm7(b)).toBe(text);
  });

  it('UCS-2 is big-endian UTF-16 and round-trips', () => {
    const b = encodeUcs2('Я😀');
    expect([...b.subarray(0, 2)]).toEqual([0x04, 0x2f]);
    expect(decodeUcs2(b)).toBe('Я😀');
  });
});
