import type { RecordEvent } from '../core/audit/audit.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import type { CrmKernel } from './kernel.ts';

export const SEGMENTS_EVALUATE_JOB = 'crm.segments-evaluate';
export const SEGMENTS_RECOMPUTE_JOB = 'crm.segments-recompute';

/** Which module change each CRM record type is to the segments (segment-conditions.ts triggers). */
const MODULE_OF: Record<string, 'crm' | 'consent'> = {
  person: 'crm',
  deal: 'crm',
  crm_merge: 'crm',
  consent: 'consent',
};

const isId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/** A field that names a person: `personId`, a merge's `fromPerson` / `intoPerson`. */
const PERSON_FIELD = /(^p|P)erson(Id)?$/;

/**
 * The persons a CRM change touches: a person record itself, the person a deal or consent belongs
 * to, both sides of a merge, and the person a deal was moved away from.
 */
export function personsOf(event: RecordEvent): string[] {
  const { entityType, entityId, record, changes } = event.data;
  const out = new Set<string>();
  if (entityType === 'person') out.add(entityId);
  for (const [key, value] of Object.entries(record ?? {})) if (PERSON_FIELD.test(key) && isId(value)) out.add(value);
  for (const c of changes)
    if (PERSON_FIELD.test(c.field.split('.').pop() ?? '')) for (const v of [c.before, c.after]) if (isId(v)) out.add(v);
  return [...out];
}

/**
 * Keeps segments in step with the CRM. Every CRM change is an audit record; for the record types
 * that segment conditions read (people's fields, deals, consents, merges) a job is queued in the
 * same transaction, so the re-evaluation runs after the change committed and is never lost. A
 * finished import touched too many persons to list: every rule segment is recomputed instead.
 */
export function followCrmChanges(k: CrmKernel): void {
  k.jobs.define<{ personIds: string[]; modules: string[] }>({
    name: SEGMENTS_EVALUATE_JOB,
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryBackoff: true,
    handler: (data, ctx) => k.segments.evaluate(ctx.workspaceId, data.personIds, { modules: data.modules }),
  });
  k.jobs.define({
    name: SEGMENTS_RECOMPUTE_JOB,
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryBackoff: true,
    handler: async (_data, ctx) => {
      for (const s of await k.segments.list(ctx.workspaceId)) await k.segments.queueRecompute(ctx.workspaceId, s.id);
    },
  });
  k.audit.onEvent(async (trx: DbOrTx, event: RecordEvent) => {
    const ws = event.workspaceId;
    if (event.data.entityType === 'import' && event.data.action === 'finish') {
      await k.jobs.enqueue(ws, SEGMENTS_RECOMPUTE_JOB, {}, { trx });
      return;
    }
    const module = MODULE_OF[event.data.entityType];
    if (!module) return;
    const personIds = personsOf(event);
    if (personIds.length) await k.jobs.enqueue(ws, SEGMENTS_EVALUATE_JOB, { personIds, modules: [module] }, { trx });
  });
}
