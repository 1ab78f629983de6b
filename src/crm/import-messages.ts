import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { csvRow } from '../core/csv-safe.ts';
import type { RowErrorCode } from './import-fields.ts';
import { errorListPath } from './import-view.ts';

/**
 * An import's row errors in the reader's language. The import stores each refused row with a
 * stable code, the field and an English message (imports.ts); a Russian reader gets the message
 * from the code, naming the column as their file names it, and the value when the English message
 * quoted it. English stays the stored message, word for word.
 */
export const READER_LANGS = ['en', 'ru'] as const;
export type ReaderLang = (typeof READER_LANGS)[number];

/** The errors file's last column in the reader's language. */
export const ERROR_COLUMN: Record<ReaderLang, string> = { en: 'error', ru: 'ошибка' };

/** `?lang=` first, then Accept-Language, else English (what errors.csv has always done for its header). */
export function readerLang(lang: string | undefined, accept: string | undefined): ReaderLang {
  const known = (tag: string | undefined): tag is ReaderLang =>
    !!tag && (READER_LANGS as readonly string[]).includes(tag);
  if (known(lang)) return lang;
  for (const part of (accept ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
    if (known(tag)) return tag;
  }
  return 'en';
}

const RU: Record<RowErrorCode, string> = {
  too_long: 'слишком длинное значение',
  invalid_email: 'неверный email',
  invalid_phone: 'неверный номер телефона',
  invalid_date: 'не дата (нужно ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)',
  invalid_number: 'не число',
  invalid_boolean: 'не «да» и не «нет»',
  invalid_lifecycle: 'нет такой стадии жизненного цикла',
  invalid_option: 'нет такого варианта в поле',
  invalid_probability: 'вероятность — целое число от 0 до 100',
  unknown_owner: 'не участник этого пространства',
  invalid_currency: 'не трёхбуквенный код валюты',
  no_identity: 'в строке нет ни имени, ни email, ни телефона, ни внешнего id',
  required: 'обязательное поле',
  identity_taken: 'уже принадлежит другой записи (выберите «обновлять существующие записи»)',
  external_id_taken: 'внешний id уже принадлежит другой записи',
  pipeline_not_found: 'нет такой воронки',
  no_pipeline: 'в пространстве ещё нет воронки',
  stage_not_found: 'в воронке нет такого этапа',
  close_reason_required: 'для проигранной сделки нужна причина',
  person_not_found: 'нет человека с таким email или телефоном',
};

/** Field names in Russian, for a field the file's columns do not name. */
const RU_FIELDS: Record<string, string> = {
  firstName: 'Имя',
  lastName: 'Фамилия',
  fullName: 'ФИО',
  email: 'Email',
  phone: 'Телефон',
  company: 'Компания',
  position: 'Должность',
  ownerEmail: 'Ответственный (email)',
  lifecycleStage: 'Стадия',
  source: 'Источник',
  street: 'Улица, дом',
  city: 'Город',
  region: 'Регион',
  country: 'Страна',
  postalCode: 'Индекс',
  birthday: 'День рождения',
  tags: 'Теги',
  externalId: 'Внешний id',
  name: 'Название',
  domain: 'Домен',
  industry: 'Отрасль',
  size: 'Размер',
  website: 'Сайт',
  title: 'Название сделки',
  pipeline: 'Воронка',
  stage: 'Этап',
  amount: 'Сумма',
  currency: 'Валюта',
  probability: 'Вероятность',
  expectedClose: 'Ожидаемая дата закрытия',
  personEmail: 'Email контакта',
  personPhone: 'Телефон контакта',
  campaign: 'Кампания',
  closeReason: 'Причина закрытия',
};

export interface StoredRowError {
  row: number;
  field: string | null;
  code: RowErrorCode;
  message: string;
}

/** The value an English message quotes (`email: "x@" is not a valid email` → `x@`), if it quotes one. */
function quotedValue(message: string): string | null {
  const m = /^[^\s:]+: "(.*)" (?:is|must) /s.exec(message);
  return m ? m[1] : null;
}

/**
 * The row's problem in `lang`, without the row number. `columns` maps a field to the file's column
 * (the import's mapping, inverted), so the reader sees the header they wrote.
 */
export function rowMessage(
  e: Pick<StoredRowError, 'field' | 'code' | 'message'>,
  lang: ReaderLang,
  columns: ReadonlyMap<string, string> = new Map(),
): string {
  if (lang === 'en' || !RU[e.code]) return e.message;
  const text = RU[e.code];
  if (!e.field) return text.charAt(0).toUpperCase() + text.slice(1);
  const name = columns.get(e.field) ?? RU_FIELDS[e.field] ?? e.field.replace(/^cf\./, '');
  const value = quotedValue(e.message);
  return `${name}: ${text}${value !== null ? ` — «${value}»` : ''}`;
}

/** The errors file's last cell: `row 4: …` / `строка 4, …`. */
export function rowCell(e: StoredRowError, lang: ReaderLang, columns?: ReadonlyMap<string, string>): string {
  if (lang === 'en') return `row ${e.row}: ${e.message}`;
  const m = rowMessage(e, lang, columns);
  return e.field ? `строка ${e.row}, ${m}` : `строка ${e.row}: ${m}`;
}

/** field → column of an import's mapping (column → field). */
export function columnsOf(mapping: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) if (field && !out.has(field)) out.set(field, column);
  return out;
}

/** The list of row errors next to an errors file (import-run.ts writes it beside the CSV). */
export const errorListPathOf = errorListPath;

/**
 * The errors file with each row's last cell in `lang`: the file's rows are read as CSV (cells may
 * hold line breaks) and matched, in file order, to the error list's entries by row number. A row the
 * list does not have keeps the cell as written. The header row passes as it comes (already translated).
 */
export function localizeErrorsCsv(
  file: Readable,
  errorListPath: string,
  lang: ReaderLang,
  columns: ReadonlyMap<string, string>,
): Readable {
  if (lang === 'en') return file;
  async function* entries(): AsyncGenerator<StoredRowError> {
    const lines = createInterface({
      input: createReadStream(errorListPath).on('error', () => {}),
      crlfDelay: Infinity,
    });
    try {
      for await (const line of lines) {
        if (!line) continue;
        const e = JSON.parse(line) as StoredRowError & { columns?: unknown };
        if (!e.columns) yield e;
      }
    } catch {
      // no list (an import from before it was written): the cells stay as written
    } finally {
      lines.close();
    }
  }
  return Readable.from(
    (async function* () {
      const list = entries();
      let next = await list.next();
      let first = true;
      for await (const cells of file.pipe(
        parse({ bom: true, relax_column_count: true, relax_quotes: true }),
      ) as AsyncIterable<string[]>) {
        if (first) {
          first = false;
          yield '\ufeff' + csvRow(cells);
          continue;
        }
        const last = cells[cells.length - 1] ?? '';
        const n = Number(/^row (\d+): /.exec(last)?.[1]);
        while (!next.done && Number.isFinite(n) && next.value.row < n) next = await list.next();
        if (!next.done && next.value.row === n) {
          cells[cells.length - 1] = rowCell(next.value, lang, columns);
          next = await list.next();
        }
        yield csvRow(cells);
      }
      await list.return(undefined);
    })(),
  );
}
