import { normalizeEmail, normalizePhone } from '../cdp/index.ts';
import { foldText } from './search-text.ts';

/**
 * What a CSV column can be mapped to, per entity, and how one cell becomes a value. Custom fields
 * map as `cf.<key>`. Cells are strings; an empty cell means "no value" (on an upsert it leaves the
 * stored value alone, as HubSpot and Pipedrive do).
 */
export const IMPORT_ENTITIES = ['people', 'companies', 'deals'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const IMPORT_FIELDS: Record<ImportEntity, readonly string[]> = {
  people: [
    'firstName',
    'lastName',
    'fullName',
    'email',
    'phone',
    'company',
    'position',
    'ownerEmail',
    'lifecycleStage',
    'source',
    'street',
    'city',
    'region',
    'country',
    'postalCode',
    'birthday',
    'tags',
    'externalId',
  ],
  companies: [
    'name',
    'domain',
    'industry',
    'size',
    'phone',
    'website',
    'ownerEmail',
    'street',
    'city',
    'region',
    'country',
    'postalCode',
    'tags',
    'externalId',
  ],
  deals: [
    'title',
    'pipeline',
    'stage',
    'amount',
    'currency',
    'probability',
    'expectedClose',
    'ownerEmail',
    'personEmail',
    'personPhone',
    'company',
    'source',
    'campaign',
    'region',
    'tags',
    'closeReason',
    'externalId',
  ],
};

export const UPSERT_KEYS: Record<ImportEntity, readonly ('email' | 'phone' | 'externalId')[]> = {
  people: ['email', 'phone', 'externalId'],
  companies: ['phone', 'externalId'],
  deals: ['externalId'],
};

/** Header names people actually use (RU and EN), folded by `headerKey`. */
const SYNONYMS: Record<ImportEntity, Record<string, string[]>> = {
  people: {
    firstName: ['имя', 'first name', 'firstname', 'given name', 'name first'],
    lastName: ['фамилия', 'last name', 'lastname', 'surname', 'family name'],
    fullName: ['фио', 'ф и о', 'full name', 'fullname', 'name', 'контакт', 'contact', 'полное имя', 'имя фамилия'],
    email: [
      'email',
      'emails',
      'e mail',
      'почта',
      'электронная почта',
      'эл почта',
      'адрес почты',
      'емейл',
      'емэйл',
      'mail',
      'email address',
    ],
    phone: [
      'телефон',
      'тел',
      'phone',
      'phones',
      'phone number',
      'мобильный',
      'мобильный телефон',
      'mobile',
      'сотовый',
      'номер телефона',
      'телефоны',
    ],
    company: [
      'компания',
      'организация',
      'company',
      'company name',
      'organization',
      'organisation',
      'название компании',
    ],
    position: ['должность', 'position', 'job title', 'title'],
    ownerEmail: ['ответственный', 'owner email', 'email ответственного'],
    lifecycleStage: ['стадия', 'lifecycle stage', 'lifecycle', 'статус клиента'],
    source: ['источник', 'source', 'lead source'],
    street: ['адрес', 'улица', 'street', 'address'],
    city: ['город', 'city', 'town'],
    region: ['регион', 'область', 'region', 'state', 'province'],
    country: ['страна', 'country'],
    postalCode: ['индекс', 'почтовый индекс', 'zip', 'zip code', 'postal code', 'postcode'],
    birthday: ['дата рождения', 'день рождения', 'birthday', 'birth date', 'date of birth', 'dob'],
    tags: ['теги', 'метки', 'тег', 'tags', 'labels'],
    externalId: ['id', 'external id', 'externalid', 'внешний id', 'внешний ид', 'код', 'ид'],
  },
  companies: {
    name: ['название', 'наименование', 'компания', 'организация', 'name', 'company', 'company name'],
    domain: ['домен', 'domain'],
    industry: ['отрасль', 'сфера', 'industry'],
    size: ['размер', 'сотрудников', 'число сотрудников', 'size', 'employees'],
    phone: ['телефон', 'тел', 'phone'],
    website: ['сайт', 'website', 'web', 'url'],
    ownerEmail: ['ответственный', 'owner email', 'email ответственного'],
    street: ['адрес', 'улица', 'street', 'address'],
    city: ['город', 'city'],
    region: ['регион', 'область', 'region', 'state'],
    country: ['страна', 'country'],
    postalCode: ['индекс', 'почтовый индекс', 'zip', 'postal code', 'postcode'],
    tags: ['теги', 'метки', 'tags'],
    externalId: ['id', 'external id', 'внешний id', 'код', 'инн'],
  },
  deals: {
    title: ['название', 'сделка', 'название сделки', 'title', 'deal', 'deal name', 'name'],
    pipeline: ['воронка', 'pipeline'],
    stage: ['этап', 'стадия', 'stage', 'deal stage'],
    amount: ['сумма', 'бюджет', 'amount', 'value', 'deal value'],
    currency: ['валюта', 'currency'],
    probability: ['вероятность', 'probability'],
    expectedClose: ['дата закрытия', 'ожидаемая дата закрытия', 'expected close', 'close date', 'expected close date'],
    ownerEmail: ['ответственный', 'owner email', 'email ответственного'],
    personEmail: ['email', 'e mail', 'почта', 'email контакта', 'contact email'],
    personPhone: ['телефон', 'phone', 'телефон контакта', 'contact phone'],
    company: ['компания', 'организация', 'company', 'company name'],
    source: ['источник', 'source'],
    campaign: ['кампания', 'campaign', 'utm campaign'],
    region: ['регион', 'region'],
    tags: ['теги', 'метки', 'tags'],
    closeReason: ['причина', 'причина отказа', 'причина закрытия', 'close reason', 'lost reason'],
    externalId: ['id', 'external id', 'внешний id', 'код'],
  },
};

export const headerKey = (h: string) =>
  foldText(h)
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();

/** CSV column → field, for the columns whose header says what they are (each field used once). */
export function suggestMapping(
  entity: ImportEntity,
  columns: string[],
  customFields: { key: string; label: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(SYNONYMS[entity]))
    for (const n of names) if (!lookup.has(n)) lookup.set(n, field);
  for (const f of IMPORT_FIELDS[entity]) if (!lookup.has(headerKey(f))) lookup.set(headerKey(f), f);
  for (const cf of customFields) {
    for (const n of [headerKey(cf.key), headerKey(cf.label), headerKey(`cf.${cf.key}`)])
      if (!lookup.has(n)) lookup.set(n, `cf.${cf.key}`);
  }
  // Exact field names first (a re-imported export has both "id" and "externalId"), then synonyms.
  const exact = new Map<string, string>(
    [...IMPORT_FIELDS[entity], ...customFields.map((cf) => `cf.${cf.key}`)].map((f) => [headerKey(f), f]),
  );
  for (const pass of [exact, lookup])
    for (const c of columns) {
      const f = pass.get(headerKey(c));
      if (f && !used.has(f) && !(c in out)) {
        out[c] = f;
        used.add(f);
      }
    }
  // "Имя" next to "Фамилия" is a first name; alone (no last-name column) it is usually the whole name.
  return out;
}

// ------------------------------------------------------------------ cell parsing

/** Stable codes of the problems a row can have: the UI and the errors file translate by code, `message` stays English detail. */
export const ROW_ERROR_CODES = [
  'too_long',
  'invalid_email',
  'invalid_phone',
  'invalid_date',
  'invalid_number',
  'invalid_boolean',
  'invalid_lifecycle',
  'invalid_option',
  'invalid_probability',
  'unknown_owner',
  'invalid_currency',
  'no_identity',
  'required',
  'identity_taken',
  'external_id_taken',
  'pipeline_not_found',
  'no_pipeline',
  'stage_not_found',
  'close_reason_required',
  'person_not_found',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/** A cell or row that cannot be imported: an English message, a stable code and the field it is about. */
export class CellError extends Error {
  constructor(
    message: string,
    readonly code: RowErrorCode,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

const MAX_CELL = 2000;

export function text(v: string, field: string): string | null {
  const s = v.trim();
  if (!s) return null;
  if (s.length > MAX_CELL) throw new CellError(`${field}: longer than ${MAX_CELL} characters`, 'too_long', field);
  return s;
}

/** Several values in one cell: "a@x.ru, b@y.ru" or "a; b". */
export const list = (v: string) =>
  v
    .split(/[;,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function emails(v: string, field: string): string[] {
  const out: string[] = [];
  for (const part of list(v)) {
    const e = normalizeEmail(part);
    if (!e) throw new CellError(`${field}: "${part}" is not a valid email`, 'invalid_email', field);
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** Russian mobiles are the bulk of every import; reading them without libphonenumber saves ~10 µs a cell. */
const RU_MOBILE = /^(?:\+7|8|7)?\s*\(?9\d{2}\)?[\s-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}$/;

const RU_VALID_PREFIX = new Map<string, boolean>();

export function phone(v: string): string | null {
  const s = v.trim();
  if (RU_MOBILE.test(s)) {
    const d = s.replace(/\D/g, '');
    const ten = d.length === 11 ? d.slice(1) : d;
    if (ten.length === 10 && ten[0] === '9') {
      // Whether a Russian mobile is valid depends on its leading digits only (number ranges).
      const prefix = ten.slice(0, 6);
      let ok = RU_VALID_PREFIX.get(prefix);
      if (ok === undefined) RU_VALID_PREFIX.set(prefix, (ok = normalizePhone(`+7${ten}`) === `+7${ten}`));
      return ok ? `+7${ten}` : null;
    }
  }
  return normalizePhone(s);
}

export function phones(v: string, field: string): string[] {
  const out: string[] = [];
  for (const part of v
    .split(/[;,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const p = phone(part);
    if (!p) throw new CellError(`${field}: "${part}" is not a valid phone number`, 'invalid_phone', field);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY → YYYY-MM-DD (a real calendar date). */
export function date(v: string, field: string): string | null {
  const s = v.trim();
  if (!s) return null;
  let y: number, m: number, d: number;
  let r = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s))) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else throw new CellError(`${field}: "${s}" is not a date (use YYYY-MM-DD or DD.MM.YYYY)`, 'invalid_date', field);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1800 || y > 2200)
    throw new CellError(`${field}: "${s}" is not a valid date`, 'invalid_date', field);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "1 234,50", "1234.5", "1 234 ₽" → 1234.5 (spaces as thousands separators, comma as decimal point). */
export function number(v: string, field: string): number | null {
  const s = v
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/(₽|руб\.?|р\.|rub|\$|€|usd|eur)$/i, '');
  if (!s) return null;
  const n = Number(/^-?\d+(,\d+)?$/.test(s) ? s.replace(',', '.') : s);
  if (!Number.isFinite(n)) throw new CellError(`${field}: "${v.trim()}" is not a number`, 'invalid_number', field);
  return n;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'да', 'д', '+', 'истина']);
const FALSE = new Set(['false', '0', 'no', 'n', 'нет', 'н', '-', 'ложь']);
export function boolean(v: string, field: string): boolean | null {
  const s = foldText(v);
  if (!s) return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new CellError(`${field}: "${v.trim()}" is not yes/no`, 'invalid_boolean', field);
}

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const;
const STAGE_WORDS: Record<string, (typeof LIFECYCLE_STAGES)[number]> = {
  lead: 'lead',
  лид: 'lead',
  prospect: 'prospect',
  'потенциальный клиент': 'prospect',
  потенциальный: 'prospect',
  customer: 'customer',
  клиент: 'customer',
  churned: 'churned',
  ушел: 'churned',
  ушедший: 'churned',
  отток: 'churned',
};
export function lifecycle(v: string, field: string): string | null {
  const s = foldText(v);
  if (!s) return null;
  const st = STAGE_WORDS[s];
  if (!st)
    throw new CellError(
      `${field}: "${v.trim()}" is not a lifecycle stage (${LIFECYCLE_STAGES.join(', ')})`,
      'invalid_lifecycle',
      field,
    );
  return st;
}

const SURNAME = /(ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ской|ых|их|енко|ук|юк)$/i;

/** "Иванов Иван Петрович" (Russian order: last, first, middle) or "John Smith" → first and last name. */
export function splitFullName(v: string): { firstName: string | null; lastName: string | null } {
  const parts = v.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return { firstName: null, lastName: null };
  if (parts.length === 1) return { firstName: parts[0], lastName: null };
  if (/[а-яё]/i.test(v)) {
    // "Фамилия Имя Отчество" is the Russian convention; two words may be either order.
    if (parts.length >= 3 || (SURNAME.test(parts[0]) && !SURNAME.test(parts[1])))
      return { lastName: parts[0], firstName: parts.slice(1).join(' ') };
    return { firstName: parts[0], lastName: parts[1] };
  }
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

export interface CustomFieldDef {
  key: string;
  type: string;
  options: string[];
}

/** A custom field's cell → its stored value, checked against the definition. */
export function customValue(def: CustomFieldDef, v: string): unknown {
  const field = `cf.${def.key}`;
  switch (def.type) {
    case 'number':
      return number(v, field);
    case 'date':
      return date(v, field);
    case 'boolean':
      return boolean(v, field);
    case 'select': {
      const s = v.trim();
      if (!s) return null;
      const hit = def.options.find((o) => foldText(o) === foldText(s));
      if (!hit)
        throw new CellError(`${field}: "${s}" is not one of ${def.options.join(', ')}`, 'invalid_option', field);
      return hit;
    }
    case 'multiselect': {
      const out: string[] = [];
      for (const s of list(v)) {
        const hit = def.options.find((o) => foldText(o) === foldText(s));
        if (!hit)
          throw new CellError(`${field}: "${s}" is not one of ${def.options.join(', ')}`, 'invalid_option', field);
        out.push(hit);
      }
      return out.length ? out : null;
    }
    default:
      return text(v, field);
  }
}
