import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type Parser } from 'csv-parse';
import { AppError, invalid } from '../../core/errors.ts';

/*
 * The uploaded CSV of a list, read as a stream and never whole: kept on disk while it is checked
 * (UTF-8, size, rows, the named column), then read again by the job.
 */

/** A record longer than this is a runaway quote, not data: the parser stops instead of buffering the file. */
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Writes `file` to `path`, refusing on the way a file over `maxBytes` (413) and one that is not
 * UTF-8 (400 UNSUPPORTED_ENCODING): a list is matched by exact identifiers, so a Windows-1251
 * file is not guessed at. Returns the bytes written.
 */
export async function receiveUtf8(file: Readable, path: string, maxBytes: number): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(tooLarge(maxBytes));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(notUtf8());
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        return done(notUtf8());
      }
      done();
    },
  });
  try {
    await pipeline(file, check, createWriteStream(path));
  } catch (e) {
    // The rest of the request body is drained, so that the 4xx reaches the client.
    file.resume();
    throw e;
  }
  if ((file as Readable & { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
  if (bytes === 0)
    throw new AppError('MALFORMED_CSV', 'The file is empty', [
      { path: 'file', message: 'empty file', code: 'REQUIRED' },
    ]);
  return bytes;
}

export const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, [
    { path: 'file', message: `at most ${maxBytes} bytes`, code: 'TOO_LARGE', limit: maxBytes },
  ]);

const notUtf8 = () => {
  const message = 'The file is not UTF-8 text (Windows-1251?): save it as "CSV UTF-8" and upload again';
  return new AppError('UNSUPPORTED_ENCODING', message, [{ path: 'file', message, code: 'INVALID_FORMAT' }]);
};

/** The delimiter of the header line: the most frequent of `,` `;` tab outside quotes (`,` when none). */
export async function detectDelimiter(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(16 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const ch of buf.subarray(0, bytesRead).toString('utf8')) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) break;
      else if (!quoted && ch in counts) counts[ch]++;
    }
    const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    return best[1] > 0 ? best[0] : ',';
  } finally {
    await fh.close();
  }
}

/** The records of the file (header first), streamed; `onBytes` counts what was read (progress). */
export function csvRecords(path: string, delimiter: string, onBytes?: (n: number) => void): Parser {
  const rs = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) rs.on('data', (c) => onBytes(c.length));
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  rs.on('error', (e) => parser.destroy(e));
  rs.pipe(parser);
  return parser;
}

/**
 * Checks the whole file once before anything is queued: well-formed CSV, a header with the named
 * column (`column`, or the first one; matched as written, then ignoring case), at least one row
 * and at most `maxRows`. Returns the header and the column's index.
 */
export async function checkFile(
  path: string,
  delimiter: string,
  column: string | undefined,
  maxRows: number,
): Promise<{ header: string[]; index: number; rows: number }> {
  let header: string[] | null = null;
  let rows = 0;
  const parser = csvRecords(path, delimiter);
  try {
    for await (const rec of parser) {
      if (!header) {
        header = (rec as string[]).map((c) => c.trim());
        continue;
      }
      if (++rows > maxRows)
        throw new AppError('PAYLOAD_TOO_LARGE', `The file has more than ${maxRows} rows`, [
          { path: 'file', message: `at most ${maxRows} rows`, code: 'TOO_MANY', limit: maxRows },
        ]);
    }
  } catch (e) {
    throw malformed(e);
  } finally {
    parser.destroy();
  }
  if (!header?.some(Boolean))
    throw new AppError('MALFORMED_CSV', 'The file has no header row', [{ path: 'file', message: 'no header row' }]);
  const wanted = column?.trim();
  let index = 0;
  if (wanted) {
    index = header.indexOf(wanted);
    if (index < 0) index = header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
    if (index < 0)
      throw invalid(
        'column',
        `no column "${wanted}" in the file; its columns: ${header.slice(0, 20).join(', ')}`,
        'INVALID_OPTION',
      );
  }
  if (!rows)
    throw new AppError('MALFORMED_CSV', 'The file has no rows below its header', [
      { path: 'file', message: 'no rows', code: 'TOO_FEW', limit: 1 },
    ]);
  return { header, index, rows };
}

/** A csv-parse error as 400 MALFORMED_CSV naming the line; other errors as they are. */
export function malformed(e: unknown): unknown {
  const err = e as { code?: string; lines?: number };
  if (!err?.code?.startsWith?.('CSV_') && err?.code !== 'INVALID_OPENING_QUOTE') return e;
  const message = `Malformed CSV at ${err.lines ? `line ${err.lines}` : 'the file'}: ${
    err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted value is never closed'
      : err.code === 'CSV_MAX_RECORD_SIZE'
        ? 'a row is longer than 64 KB (probably an unclosed quote)'
        : 'a quote is misplaced'
  }`;
  return new AppError('MALFORMED_CSV', message, [{ path: 'file', message }]);
}
