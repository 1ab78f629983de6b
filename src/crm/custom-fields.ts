import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmCustomFieldsTable } from './tables.ts';

export const CUSTOM_FIELD_ENTITIES = ['person', 'company', 'deal'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/** What validation needs of a definition. */
export interface CustomFieldDef {
  key: string;
  type: string;
  options: string[];
}

type Row = Selectable<CrmCustomFieldsTable>;
const view = (r: Row) => ({
  id: r.id,
  entity: r.entity as CustomFieldEntity,
  key: r.key,
  label: r.label,
  type: r.type as CustomFieldType,
  options: r.options,
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CustomFieldView = ReturnType<typeof view>;

const TABLE_OF: Record<CustomFieldEntity, 'crm_people' | 'crm_companies' | 'crm_deals'> = {
  person: 'crm_people',
  company: 'crm_companies',
  deal: 'crm_deals',
};
const MAX_TEXT = 10_000;

const isDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/**
 * Checks custom field values against the entity's definitions: an unknown key or a value of the
 * wrong type is the client's mistake, reported on `customFields.<key>` (all problems at once).
 * `null` means "clear the field" and is kept as null so the caller can drop the key
 * (`applyCustomFields`). Returns the values as they should be stored (text trimmed, multiselect
 * de-duplicated).
 */
export function validateCustomFields(
  defs: CustomFieldDef[],
  values: Record<string, unknown>,
  prefix = 'customFields',
): Record<string, unknown> {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const problems: ErrorDetail[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const path = `${prefix}.${key}`;
    const def = byKey.get(key);
    if (!def) {
      problems.push({ path, message: 'unknown custom field', code: 'UNKNOWN_FIELD' });
      continue;
    }
    if (value === null) {
      out[key] = null;
      continue;
    }
    const bad = (message: string) => problems.push({ path, message });
    switch (def.type) {
      case 'text':
        if (typeof value !== 'string') bad('must be a string');
        else if (value.length > MAX_TEXT) bad(`must be at most ${MAX_TEXT} characters`);
        else out[key] = value.trim();
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad('must be a number');
        else out[key] = value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') bad('must be true or false');
        else out[key] = value;
        break;
      case 'date':
        if (!isDate(value)) bad('must be a date YYYY-MM-DD');
        else out[key] = value;
        break;
      case 'select':
        if (typeof value !== 'string' || !def.options.includes(value)) bad(`must be one of: ${def.options.join(', ')}`);
        else out[key] = value;
        break;
      case 'multiselect':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !def.options.includes(v)))
          bad(`must be a list of: ${def.options.join(', ')}`);
        else out[key] = [...new Set(value as string[])];
        break;
      default:
        bad(`has an unsupported type "${def.type}"`);
    }
  }
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  return out;
}

/** Stored values after a (validated) patch: keys set to null are removed. */
export function applyCustomFields(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...current, ...patch };
  for (const [k, v] of Object.entries(out)) if (v === null || v === undefined) delete out[k];
  return out;
}

/**
 * A `cf.KEY=value` list filter as a jsonb containment value (served by the GIN index on
 * custom_fields): the text is read per the field's type; a multiselect matches records that have
 * the option among theirs.
 */
export function customFieldFilter(defs: CustomFieldDef[], key: string, raw: string): Record<string, unknown> {
  const def = defs.find((d) => d.key === key);
  const path = `cf.${key}`;
  if (!def) throw invalid(path, 'unknown custom field', 'UNKNOWN_FIELD');
  switch (def.type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw invalid(path, 'must be a number');
      return { [key]: n };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(path, 'must be true or false');
      return { [key]: raw === 'true' };
    case 'date':
      if (!isDate(raw)) throw invalid(path, 'must be a date YYYY-MM-DD');
      return { [key]: raw };
    case 'multiselect':
      return { [key]: [raw] };
    default:
      return { [key]: raw };
  }
}

/** Definitions of custom fields per workspace and entity; value validation is `validateCustomFields`. */
export class CustomFields {
  constructor(private deps: CrmDeps) {}

  async list(ws: string, entity?: CustomFieldEntity, trx: DbOrTx = this.deps.db) {
    let q = trx.selectFrom('crm_custom_fields').selectAll().where('workspace_id', '=', ws);
    if (entity) q = q.where('entity', '=', entity);
    const rows = await q.orderBy('entity').orderBy('position').orderBy('created_at').execute();
    return rows.map(view);
  }

  /** The definitions validation needs, in the caller's transaction. */
  async defs(trx: DbOrTx, ws: string, entity: CustomFieldEntity): Promise<CustomFieldDef[]> {
    return trx
      .selectFrom('crm_custom_fields')
      .select(['key', 'type', 'options'])
      .where('workspace_id', '=', ws)
      .where('entity', '=', entity)
      .execute();
  }

  /** Validates values of `entity` against the workspace's definitions (see validateCustomFields). */
  async validate(trx: DbOrTx, ws: string, entity: CustomFieldEntity, values: Record<string, unknown> | undefined) {
    if (!values || !Object.keys(values).length) return {};
    return validateCustomFields(await this.defs(trx, ws, entity), values);
  }

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const r = await trx
      .selectFrom('crm_custom_fields')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Custom field');
    return view(r);
  }

  async create(
    actor: Actor,
    input: { entity: CustomFieldEntity; key: string; label: string; type: CustomFieldType; options?: string[] },
  ) {
    const ws = actor.workspaceId;
    const options = checkOptions(input.type, input.options);
    return this.deps.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('crm_custom_fields')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('entity', '=', input.entity)
        .where('key', '=', input.key)
        .executeTakeFirst();
      if (taken)
        throw new AppError('ALREADY_EXISTS', `key: a ${input.entity} custom field "${input.key}" already exists`, [
          { path: 'key', message: 'already exists' },
        ]);
      const last = await trx
        .selectFrom('crm_custom_fields')
        .select(sql<number>`coalesce(max(position), -1)`.as('p'))
        .where('workspace_id', '=', ws)
        .where('entity', '=', input.entity)
        .executeTakeFirst();
      const row = await trx
        .insertInto('crm_custom_fields')
        .values({
          workspace_id: ws,
          id: newId(),
          entity: input.entity,
          key: input.key,
          label: input.label,
          type: input.type,
          options: JSON.stringify(options),
          position: Number(last?.p ?? -1) + 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = view(row);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'custom_field',
        entityId: row.id,
        after,
        record: after,
      });
      return after;
    });
  }

  /**
   * Label and options (type and key are fixed: stored values depend on them). Removing an option
   * leaves values that use it as they are, like HubSpot; they fail validation on their next edit.
   */
  async update(actor: Actor, id: string, input: { label?: string; options?: string[]; position?: number }) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      if (input.label !== undefined) set.label = input.label;
      if (input.options !== undefined) set.options = JSON.stringify(checkOptions(before.type, input.options));
      if (input.position !== undefined) set.position = input.position;
      if (!Object.keys(set).length) return before;
      set.updated_at = new Date();
      const row = await trx
        .updateTable('crm_custom_fields')
        .set(set)
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = view(row);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'custom_field',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** Deletes the definition and its values on every record of the entity (one transaction). */
  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx.deleteFrom('crm_custom_fields').where('workspace_id', '=', ws).where('id', '=', id).execute();
      const table = TABLE_OF[before.entity];
      await sql`UPDATE ${sql.table(table)} SET custom_fields = custom_fields - ${before.key}::text WHERE workspace_id = ${ws} AND custom_fields ? ${before.key}::text`.execute(
        trx,
      );
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'custom_field',
        entityId: id,
        before,
        record: before,
      });
    });
  }
}

function checkOptions(type: string, options: string[] | undefined): string[] {
  const opts = [...new Set((options ?? []).map((o) => o.trim()).filter(Boolean))];
  if (type === 'select' || type === 'multiselect') {
    if (!opts.length) throw invalid('options', `required for a ${type} field`);
    return opts;
  }
  if (opts.length) throw invalid('options', `only select and multiselect fields have options`);
  return [];
}
