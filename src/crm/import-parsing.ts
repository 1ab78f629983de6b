import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid } from '../core/errors.ts';
import { decoder, type CsvEncoding } from './csv-encoding.ts';
import {
  CellError,
  IMPORT_FIELDS,
  UPSERT_KEYS,
  customValue,
  date,
  emails,
  lifecycle,
  list,
  number,
  phone,
  phones,
  splitFullName,
  text,
  type CustomFieldDef,
  type ImportEntity,
} from './import-fields.ts';

/*
 * Reading an import's CSV and turning its rows into field values, shared by the upload (analyse,
 * preview, mapping check) and the job (every row). Nothing here writes to the database.
 */

export type UpsertBy = 'email' | 'phone' | 'externalId' | null;
/** A parsed row: field -> value, with emails, phones, tags and customFields always present. */
export type Row = Record<string, any>;

/** A record longer than this is a runaway quote, not data: the parser stops instead of buffering the file. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export function csvRecords(
  path: string,
  encoding: CsvEncoding,
  delimiter: string,
  onBytes?: (n: number) => void,
): Parser {
  const rs = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) rs.on('data', (c) => onBytes(c.length));
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const dec = decoder(encoding);
  rs.on('error', (e) => parser.destroy(e));
  if (dec) {
    dec.on('error', (e) => parser.destroy(e));
    rs.pipe(dec).pipe(parser);
  } else rs.pipe(parser);
  return parser;
}

/** The file's header row, as columns are named in a mapping. */
export async function csvHeader(path: string, encoding: CsvEncoding, delimiter: string): Promise<string[]> {
  const parser = csvRecords(path, encoding, delimiter);
  try {
    for await (const rec of parser) return dedupeHeader(rec as string[]);
  } finally {
    parser.destroy();
  }
  return [];
}

/** The custom fields rows of an entity may fill (`cf.<key>` in a mapping). */
export async function customFieldDefs(
  db: DbOrTx,
  ws: string,
  entity: ImportEntity,
): Promise<(CustomFieldDef & { label: string })[]> {
  const e = entity === 'people' ? 'person' : entity === 'companies' ? 'company' : 'deal';
  const rows = await db
    .selectFrom('crm_custom_fields')
    .select(['key', 'label', 'type', 'options'])
    .where('workspace_id', '=', ws)
    .where('entity', '=', e)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    type: r.type,
    options: (r.options as unknown as string[]) ?? [],
  }));
}

/** Blank headers get a name, repeated ones a suffix, so that every column can be mapped. */
export function dedupeHeader(h: string[]): string[] {
  const seen = new Map<string, number>();
  return h.map((c, i) => {
    let name = c.trim() || `column ${i + 1}`;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k) name = `${name} (${k + 1})`;
    return name;
  });
}

export function malformed(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; message?: string; lines?: number };
  if (err?.code?.startsWith?.('CSV_') || err?.code === 'INVALID_OPENING_QUOTE') {
    const line = err.lines ? `line ${err.lines}` : 'the file';
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted value is never closed'
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote inside a value is not escaped (write "" for a quote inside quotes)'
          : err.code === 'CSV_MAX_RECORD_SIZE'
            ? 'a row is longer than 1 MB (probably an unclosed quote)'
            : err.code === 'INVALID_OPENING_QUOTE' || err.code === 'CSV_INVALID_OPENING_QUOTE'
              ? 'a quote appears in the middle of an unquoted value'
              : (err.message ?? 'malformed');
    const msg = `Malformed CSV at ${line}: ${what}`;
    return new AppError('MALFORMED_CSV', msg, [{ path: 'file', message: msg }]);
  }
  throw e;
}

/** The mapping as stored: columns that exist, fields the entity has, each single field once, the upsert key mapped. */
export function checkMapping(
  entity: ImportEntity,
  mapping: Record<string, string>,
  columns: string[],
  defs: CustomFieldDef[],
  upsertBy: UpsertBy,
): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Map<string, string>();
  const multi = new Set(['email', 'phone', 'tags']);
  for (const [col, field] of Object.entries(mapping)) {
    if (!field) continue;
    if (!columns.includes(col)) throw invalid(`mapping.${col}`, 'no such column in the file');
    const known =
      IMPORT_FIELDS[entity].includes(field) || (field.startsWith('cf.') && defs.some((d) => `cf.${d.key}` === field));
    if (!known) throw invalid(`mapping.${col}`, `unknown field "${field}" for ${entity}`);
    // Several columns may feed emails, phones and tags ("Phone", "Mobile"); other fields take one.
    if (used.has(field) && !multi.has(field))
      throw invalid(`mapping.${col}`, `field "${field}" is already mapped from column "${used.get(field)}"`);
    used.set(field, col);
    out[col] = field;
  }
  if (!Object.keys(out).length) throw invalid('mapping', 'map at least one column');
  if (upsertBy) {
    if (!UPSERT_KEYS[entity].includes(upsertBy))
      throw invalid('upsertBy', `${entity} cannot be matched by ${upsertBy} (use ${UPSERT_KEYS[entity].join(', ')})`);
    if (![...used.keys()].includes(upsertBy)) throw invalid('upsertBy', `no column is mapped to ${upsertBy}`);
  }
  if (entity === 'companies' && !used.has('name')) throw invalid('mapping', 'map a column to name');
  if (entity === 'deals' && !used.has('title')) throw invalid('mapping', 'map a column to title');
  return out;
}

/** One row's cells -> field values; a bad cell throws CellError (the row goes to the errors file). */
export function parseRow(
  entity: ImportEntity,
  cells: string[],
  index: { field: string; col: number }[],
  defs: Map<string, CustomFieldDef>,
  owners: Map<string, string>,
): Row {
  const v: Row = {
    emails: [] as string[],
    phones: [] as string[],
    tags: [] as string[],
    customFields: {} as Record<string, unknown>,
  };
  for (const { field, col } of index) {
    const cell = cells[col] ?? '';
    if (!cell.trim()) continue;
    switch (field) {
      case 'email':
        for (const e of emails(cell, field)) if (!v.emails.includes(e)) v.emails.push(e);
        break;
      case 'phone':
        if (entity === 'companies') {
          v.phone = phone(cell);
          if (!v.phone)
            throw new CellError(`phone: "${cell.trim()}" is not a valid phone number`, 'invalid_phone', 'phone');
        } else for (const p of phones(cell, field)) if (!v.phones.includes(p)) v.phones.push(p);
        break;
      case 'personEmail':
        v.personEmail = emails(cell, field)[0] ?? null;
        break;
      case 'personPhone':
        v.personPhone = phones(cell, field)[0] ?? null;
        break;
      case 'tags':
        for (const t of list(cell)) if (!v.tags.includes(t) && t.length <= 100) v.tags.push(t);
        break;
      case 'fullName': {
        const s = splitFullName(text(cell, field) ?? '');
        v.firstName ??= s.firstName;
        v.lastName ??= s.lastName;
        break;
      }
      case 'birthday':
      case 'expectedClose':
        v[field] = date(cell, field);
        break;
      case 'amount':
        v.amount = number(cell, field);
        break;
      case 'probability': {
        const p = number(cell.replace('%', ''), field);
        if (p !== null && (p < 0 || p > 100 || !Number.isInteger(p)))
          throw new CellError(
            `probability: "${cell.trim()}" must be a whole number 0–100`,
            'invalid_probability',
            'probability',
          );
        v.probability = p;
        break;
      }
      case 'lifecycleStage':
        v.lifecycleStage = lifecycle(cell, field);
        break;
      case 'ownerEmail': {
        const id = owners.get(cell.trim().toLowerCase());
        if (!id)
          throw new CellError(
            `ownerEmail: "${cell.trim()}" is not a member of this workspace`,
            'unknown_owner',
            'ownerEmail',
          );
        v.ownerId = id;
        break;
      }
      case 'currency': {
        const c = cell.trim().toUpperCase();
        const cur = c === 'РУБ' || c === 'РУБ.' || c === '₽' ? 'RUB' : c;
        if (!/^[A-Z]{3}$/.test(cur))
          throw new CellError(
            `currency: "${cell.trim()}" is not a 3-letter currency code`,
            'invalid_currency',
            'currency',
          );
        v.currency = cur;
        break;
      }
      default:
        if (field.startsWith('cf.')) {
          const def = defs.get(field.slice(3));
          if (def) {
            const val = customValue(def, cell);
            if (val !== null) v.customFields[def.key] = val;
          }
        } else v[field] = text(cell, field);
    }
  }
  if (entity === 'people' && !v.firstName && !v.lastName && !v.emails.length && !v.phones.length && !v.externalId)
    throw new CellError('the row has no name, email, phone or external id', 'no_identity');
  if (entity === 'companies' && !v.name) throw new CellError('name: required', 'required', 'name');
  if (entity === 'deals' && !v.title) throw new CellError('title: required', 'required', 'title');
  return v;
}
