import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { AppError } from '../core/errors.ts';

/** How many bytes of a file the encoding and delimiter are guessed from. */
export const SAMPLE_BYTES = 64 * 1024;

export type CsvEncoding = 'utf-8' | 'windows-1251';
export type CsvDelimiter = ',' | ';' | '\t';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The encoding of a CSV from its first bytes. UTF-8 (with or without BOM) is read as is; a file that
 * is not UTF-8 but reads as Russian text in Windows-1251 (what Excel on a Russian Windows saves as
 * "CSV") is decoded; anything else (UTF-16, binary, another code page) is refused with a message
 * that tells the user how to save the file, rather than importing mojibake.
 */
export function detectEncoding(sample: Buffer, wholeFile: boolean): CsvEncoding {
  if (sample.length === 0)
    throw new AppError('MALFORMED_CSV', 'The file is empty', [{ path: 'file', message: 'empty file' }]);
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
    throw unsupported('The file is in UTF-16; save it as "CSV UTF-8" and upload again');
  if (isBinary(sample)) throw unsupported('The file is not a text CSV (it contains binary data)');
  if (isUtf8(sample, wholeFile)) return 'utf-8';
  if (readsAsCyrillic1251(sample)) return 'windows-1251';
  throw unsupported('The file is neither UTF-8 nor Windows-1251 text; save it as "CSV UTF-8" and upload again');
}

const unsupported = (message: string) => new AppError('UNSUPPORTED_ENCODING', message, [{ path: 'file', message }]);

/** NUL bytes and other C0 controls (besides tab, CR, LF, FF) never occur in a text CSV. */
function isBinary(b: Buffer): boolean {
  let controls = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) controls++;
  }
  return controls > 0 && controls / b.length > 0.001;
}

function isUtf8(b: Buffer, wholeFile: boolean): boolean {
  // A sample cut from a longer file may end inside a multi-byte character: drop that tail.
  let end = b.length;
  if (!wholeFile) {
    let back = 0;
    while (back < 4 && end - back - 1 >= 0 && (b[end - back - 1] & 0xc0) === 0x80) back++;
    const lead = b[end - back - 1];
    if (lead !== undefined && lead >= 0xc0) {
      const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
      if (back < need) end = end - back - 1;
    }
  }
  try {
    utf8.decode(b.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Windows-1251 puts А–я at 0xC0–0xFF and Ё/ё at 0xA8/0xB8; typographic quotes, dashes and № sit in
 * 0x80–0xBF. A Russian file has almost only those among its high bytes; a Latin-1 or random binary
 * file has many other high bytes.
 */
function readsAsCyrillic1251(b: Buffer): boolean {
  let high = 0;
  let letters = 0;
  let punctuation = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    high++;
    if (c >= 0xc0 || c === 0xa8 || c === 0xb8) letters++;
    else if (
      [0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xa0, 0xab, 0xbb, 0xb9, 0xb1, 0xb0, 0xa7, 0xa9, 0xae, 0x99].includes(c)
    )
      punctuation++;
  }
  if (high === 0) return false;
  if (letters < 3 || (letters + punctuation) / high < 0.95) return false;
  // Russian words are all Cyrillic; Latin-1 accents (é, ü, ç — the same byte range) sit inside Latin words.
  let mixed = 0;
  const ascii = (c: number | undefined) => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
  for (let i = 0; i < b.length; i++) if (b[i] >= 0xc0 && (ascii(b[i - 1]) || ascii(b[i + 1]))) mixed++;
  return mixed / letters < 0.2;
}

/** The delimiter used in the header line: the most frequent of `,` `;` tab outside quotes. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 } as Record<CsvDelimiter, number>;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as CsvDelimiter]++;
  }
  const best = (Object.entries(counts) as [CsvDelimiter, number][]).sort((a, b) => b[1] - a[1])[0];
  return best[1] > 0 ? best[0] : ',';
}

/** Decodes a sample to text (BOM dropped) for previews and delimiter detection. */
export function decodeSample(sample: Buffer, encoding: CsvEncoding): string {
  const text = encoding === 'utf-8' ? sample.toString('utf8') : iconv.decode(sample, 'win1251');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A stream that turns a Windows-1251 file into text; null for UTF-8, which csv-parse reads as is (dropping a BOM). */
export function decoder(encoding: CsvEncoding): Transform | null {
  if (encoding === 'utf-8') return null;
  return iconv.decodeStream('win1251') as unknown as Transform;
}
