import type { RuleJson } from './api.ts';

/**
 * The rule builder's model: the rule JSON itself (what the server takes and the JSON view shows),
 * edited in place by path. A path is the list of keys from the root (`['all', 1, 'where', 0]`); the
 * server names a refused part the same way (`rule.all.1.where.0.op`), so errors find their condition.
 */
export type Path = readonly (string | number)[];
export type Node = RuleJson;

export const pathKey = (p: Path) => ['rule', ...p].join('.');

export function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    root,
  );
}

/** A copy of `root` with the value at `path` replaced (undefined: the key removed, or the list entry dropped). */
export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [k, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const i = Number(k);
    if (rest.length === 0 && value === undefined) copy.splice(i, 1);
    else copy[i] = setAt(copy[i], rest, value);
    return copy;
  }
  const obj = { ...((root as Record<string, unknown>) ?? {}) };
  if (rest.length === 0 && value === undefined) delete obj[k as string];
  else obj[k as string] = setAt(obj[k as string], rest, value);
  return obj;
}

export type GroupOp = 'all' | 'any';
export const isGroup = (n: Node): n is { all: Node[] } | { any: Node[] } =>
  Array.isArray((n as { all?: unknown }).all) || Array.isArray((n as { any?: unknown }).any);
export const groupOp = (n: Node): GroupOp => (Array.isArray((n as { all?: unknown }).all) ? 'all' : 'any');
export const isNot = (n: Node) => 'not' in n && !!n.not && typeof n.not === 'object';

/** The condition kinds the builder knows, by the key that marks each (src/cdp/segments/rules.ts, src/crm/segment-conditions.ts). */
export const CONDITION_KEYS = ['trait', 'computed', 'event', 'segment', 'consent', 'bucket', 'crm', 'deal'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];
export const conditionKey = (n: Node): ConditionKey | null => CONDITION_KEYS.find((k) => k in n) ?? null;

/** What the "add condition" menu offers: a kind and the blank condition it starts from. */
export const TEMPLATES = {
  trait: () => ({ trait: '', op: 'eq', value: '' }),
  computed: () => ({ computed: 'orderCount', op: 'gte', value: 1 }),
  event: () => ({ event: '', count: { gte: 1 } }),
  didNot: () => ({ event: '', count: { eq: 0 }, within: '30d' }),
  segment: () => ({ segment: '' }),
  consent: () => ({ consent: 'email', purpose: 'marketing', granted: true }),
  bucket: () => ({ bucket: { lt: 10 } }),
  lifecycle: () => ({ crm: 'lifecycleStage', op: 'eq', value: 'customer' }),
  owner: () => ({ crm: 'ownerId', op: 'eq', value: '' }),
  crm: () => ({ crm: 'city', op: 'eq', value: '' }),
  deal: () => ({ deal: { status: 'open' } }),
} as const satisfies Record<string, () => Node>;
export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

export const FIELD_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'startsWith',
  'exists',
  'notExists',
  'before',
  'after',
  'withinLast',
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];
/** What a field holds: the server's types (src/cdp/segments/fields.ts); `json` is a trait or property of no known type. */
export type FieldType = 'json' | 'number' | 'string' | 'boolean' | 'date' | 'strings';

/** The operators offered per type: the server's OPS_BY_TYPE; a JSON string may hold a date, so it also gets the date ones. */
export const OPS_BY_TYPE: Record<FieldType, readonly FieldOp[]> = {
  json: FIELD_OPS,
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'notExists'],
  string: ['eq', 'neq', 'in', 'contains', 'startsWith', 'exists', 'notExists', 'before', 'after', 'withinLast'],
  boolean: ['eq', 'neq', 'exists', 'notExists'],
  date: ['before', 'after', 'withinLast', 'exists', 'notExists'],
  strings: ['contains', 'exists', 'notExists'],
};
/** For typed CRM columns the server is strict: a string column takes no date operators. */
export const STRICT_STRING_OPS: readonly FieldOp[] = [
  'eq',
  'neq',
  'in',
  'contains',
  'startsWith',
  'exists',
  'notExists',
];

/** The type of a trait or property from the catalogue's observed JSON types (most common first). */
export function typeFromCatalogue(types: readonly { type: string }[] | undefined): FieldType {
  const first = types?.find((t) => t.type !== 'null')?.type;
  return first === 'number' ? 'number' : first === 'boolean' ? 'boolean' : first === 'string' ? 'string' : 'json';
}

export const COMPARATORS = ['gte', 'gt', 'eq', 'neq', 'lte', 'lt'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Computed traits kept per person (COMPUTED_FIELDS on the server) and their types. */
export const COMPUTED_FIELDS: Record<string, FieldType> = {
  eventCount: 'number',
  orderCount: 'number',
  revenue: 'number',
  sessions: 'number',
  firstSeenAt: 'date',
  lastSeenAt: 'date',
  firstOrderAt: 'date',
  lastOrderAt: 'date',
};

/** CRM person fields (CRM_FIELDS on the server) and their types; `custom.<key>` reads a custom field (JSON). */
export const CRM_FIELDS: Record<string, FieldType> = {
  firstName: 'string',
  lastName: 'string',
  city: 'string',
  region: 'string',
  country: 'string',
  position: 'string',
  source: 'string',
  lifecycleStage: 'string',
  ownerId: 'string',
  companyId: 'string',
  tags: 'strings',
  emails: 'strings',
  phones: 'strings',
  birthday: 'date',
  createdAt: 'date',
};

/** A condition that changed operator keeps a value only if the new one takes the same kind of value. */
export function valueFor(op: FieldOp, old: unknown, type: FieldType): unknown {
  switch (op) {
    case 'exists':
    case 'notExists':
      return undefined;
    case 'in':
      return Array.isArray(old) ? old : old === undefined || old === '' ? [] : [old];
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof old === 'number' ? old : 0;
    case 'withinLast':
      return typeof old === 'string' && /^\d+[mhdw]$/.test(old) ? old : '30d';
    case 'before':
    case 'after':
      return typeof old === 'string' && /^\d{4}-\d{2}-\d{2}/.test(old) ? old : new Date().toISOString().slice(0, 10);
    default:
      if (Array.isArray(old)) return old[0] ?? (type === 'number' ? 0 : '');
      if (type === 'boolean') return typeof old === 'boolean' ? old : true;
      if (type === 'number') return typeof old === 'number' ? old : 0;
      return typeof old === 'string' || typeof old === 'number' ? old : '';
  }
}

/** Text typed for a JSON field: a number or boolean when the field holds those, else the text. */
export function coerce(text: string, type: FieldType): string | number | boolean {
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
