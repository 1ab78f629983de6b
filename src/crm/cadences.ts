import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../core/db/schema.ts';
import { systemActor, type Actor } from '../core/auth/actor.ts';
import { invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmCadencesTable } from './tables.ts';
import type { Activities } from './activities.ts';
import { assertCompany, assertDeal, assertMember, livePerson } from './refs.ts';

export const CADENCE_KINDS = ['call', 'email', 'meeting', 'visit', 'task'] as const;
const DAY_MS = 86_400_000;

export interface CadenceInput {
  personId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
  assigneeId: string;
  kind: (typeof CADENCE_KINDS)[number];
  subject: string;
  intervalDays: number;
  startAt: Date | string;
  endsAt?: Date | string | null;
  active?: boolean;
}

const view = (r: Selectable<CrmCadencesTable>) => ({
  id: r.id,
  personId: r.person_id,
  companyId: r.company_id,
  dealId: r.deal_id,
  assigneeId: r.assignee_id,
  kind: r.kind,
  subject: r.subject,
  intervalDays: r.interval_days,
  nextDueAt: r.next_due_at,
  endsAt: r.ends_at,
  active: r.active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CadenceView = ReturnType<typeof view>;

export const CADENCES_JOB = 'crm.cadences';

/**
 * Planned communications ("call this client every 14 days"). Each occurrence becomes a task for the
 * assignee: a job every 15 minutes makes the tasks due by the end of the day (UTC) in every
 * workspace, and reading an agenda does the same for that user's day first (so a user in another
 * time zone, or a cadence created a minute ago, is never behind); `next_due_at` then moves on.
 */
export class Cadences {
  constructor(
    private deps: CrmDeps,
    private activities: Activities,
  ) {
    deps.jobs.define<Record<string, never>>({
      name: CADENCES_JOB,
      cron: '*/15 * * * *',
      retryLimit: 1,
      handler: async () => ({ tasks: await this.materialiseAllDue(endOfUtcDay(new Date())) }),
    });
  }

  /** Every workspace's cadences due before `until` become tasks (see materialise); returns how many came due. */
  async materialiseAllDue(until: Date): Promise<number> {
    const owners = await this.deps.db
      .selectFrom('crm_cadences')
      .select(['workspace_id', 'assignee_id'])
      .distinct()
      .where('active', '=', true)
      .where('next_due_at', '<', until)
      .execute();
    let n = 0;
    for (const o of owners) n += (await this.materialise(o.workspace_id, o.assignee_id, until)).length;
    return n;
  }

  async list(
    ws: string,
    q: { assigneeId?: string; personId?: string; companyId?: string; dealId?: string; active?: boolean } = {},
  ) {
    let query = this.deps.db.selectFrom('crm_cadences').selectAll().where('workspace_id', '=', ws);
    if (q.assigneeId) query = query.where('assignee_id', '=', q.assigneeId);
    if (q.personId) query = query.where('person_id', '=', q.personId);
    if (q.companyId) query = query.where('company_id', '=', q.companyId);
    if (q.dealId) query = query.where('deal_id', '=', q.dealId);
    if (q.active !== undefined) query = query.where('active', '=', q.active);
    return (await query.orderBy('next_due_at').orderBy('id').limit(1000).execute()).map(view);
  }

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const r = await trx
      .selectFrom('crm_cadences')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('Cadence');
    return view(r);
  }

  async create(actor: Actor, input: CadenceInput) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const personId = await this.check(trx, ws, input);
      if (!input.personId && !input.companyId && !input.dealId)
        throw invalid('personId', 'a cadence is about a person, a company or a deal');
      const id = newId();
      await trx
        .insertInto('crm_cadences')
        .values({
          workspace_id: ws,
          id,
          person_id: personId,
          company_id: input.companyId ?? null,
          deal_id: input.dealId ?? null,
          assignee_id: input.assigneeId,
          kind: input.kind,
          subject: input.subject,
          interval_days: input.intervalDays,
          next_due_at: new Date(input.startAt),
          ends_at: input.endsAt ? new Date(input.endsAt) : null,
          active: input.active ?? true,
        })
        .execute();
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'cadence',
        entityId: id,
        after,
        record: after,
      });
      return after;
    });
  }

  async update(actor: Actor, id: string, input: Partial<CadenceInput>) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const personId = await this.check(trx, ws, input);
      const set: Record<string, unknown> = {};
      if (input.personId !== undefined) set.person_id = personId;
      for (const [k, col] of [
        ['companyId', 'company_id'],
        ['dealId', 'deal_id'],
        ['assigneeId', 'assignee_id'],
        ['kind', 'kind'],
        ['subject', 'subject'],
        ['intervalDays', 'interval_days'],
        ['active', 'active'],
      ] as const)
        if (input[k] !== undefined) set[col] = input[k];
      // A new start re-plans the next occurrence.
      if (input.startAt !== undefined) set.next_due_at = new Date(input.startAt);
      if (input.endsAt !== undefined) set.ends_at = input.endsAt ? new Date(input.endsAt) : null;
      const next = {
        ...before,
        ...(input.personId !== undefined ? { personId } : {}),
        companyId: input.companyId !== undefined ? input.companyId : before.companyId,
        dealId: input.dealId !== undefined ? input.dealId : before.dealId,
      };
      if (!next.personId && !next.companyId && !next.dealId)
        throw invalid('personId', 'a cadence is about a person, a company or a deal');
      if (Object.keys(set).length) {
        set.updated_at = new Date();
        await trx.updateTable('crm_cadences').set(set).where('workspace_id', '=', ws).where('id', '=', id).execute();
      }
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'cadence',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** Deletes the plan; tasks it already produced stay. */
  async delete(actor: Actor, id: string) {
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(actor.workspaceId, id, trx);
      await trx.deleteFrom('crm_cadences').where('workspace_id', '=', actor.workspaceId).where('id', '=', id).execute();
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'cadence',
        entityId: id,
        before,
        after: null,
        record: before,
      });
    });
  }

  /**
   * Turns each of the user's cadences due before `until` into one task and moves `next_due_at`
   * past `until` by whole intervals (a cadence left unattended for weeks yields one task, not a
   * backlog). The row lock makes two concurrent agenda reads produce the task once: the second
   * waits, then finds the cadence no longer due; the task's external id is a second guard.
   */
  async materialise(ws: string, userId: string, until: Date): Promise<string[]> {
    const actor = systemActor(ws, 'cadence', 'system');
    return this.deps.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('crm_cadences')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('assignee_id', '=', userId)
        .where('active', '=', true)
        .where('next_due_at', '<', until)
        .orderBy('id')
        .forUpdate()
        .execute();
      const cadenceIds: string[] = [];
      for (const c of due) {
        const step = c.interval_days * DAY_MS;
        const first = new Date(c.next_due_at).getTime();
        const ends = c.ends_at ? new Date(c.ends_at).getTime() : Infinity;
        const last = Math.min(until.getTime() - 1, ends);
        const ended = last < first;
        const dueAt = ended ? null : new Date(first + Math.floor((last - first) / step) * step);
        if (dueAt) {
          const externalId = `cadence:${c.id}:${dueAt.toISOString()}`;
          const exists = await this.activities.findByExternalId(trx, ws, externalId);
          const isMember = await trx
            .selectFrom('workspace_members')
            .select('user_id')
            .where('workspace_id', '=', ws)
            .where('user_id', '=', c.assignee_id)
            .executeTakeFirst();
          if (!exists && isMember)
            await this.activities.insert(
              trx,
              actor,
              {
                kind: 'task',
                subject: c.subject,
                body: null,
                personId: c.person_id,
                companyId: c.company_id,
                dealId: c.deal_id,
                ownerId: c.assignee_id,
                assigneeId: c.assignee_id,
                dueAt,
                occurredAt: dueAt,
              },
              { externalId, cadenceId: c.id },
            );
          cadenceIds.push(c.id);
        }
        const next = dueAt ? new Date(dueAt.getTime() + step) : new Date(first);
        await trx
          .updateTable('crm_cadences')
          .set({ next_due_at: next, active: next.getTime() <= ends, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', c.id)
          .execute();
      }
      return cadenceIds;
    });
  }

  /**
   * A user's day: open tasks due that day or earlier (overdue), after the cadences due by the end
   * of the day have become tasks. `tz` (IANA) sets where the day begins; default UTC.
   */
  async agenda(ws: string, userId: string, date: string, tz = 'UTC') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw invalid('tz', 'unknown time zone');
    }
    await assertMember(this.deps.db, ws, userId, 'userId');
    const b = await sql<{
      start: Date;
      end: Date;
    }>`SELECT (${date}::date::timestamp AT TIME ZONE ${tz}) AS start, ((${date}::date + 1)::timestamp AT TIME ZONE ${tz}) AS "end"`.execute(
      this.deps.db,
    );
    const { start, end } = b.rows[0];
    await this.materialise(ws, userId, new Date(end));
    const tasks = (await this.activities.openTasks(ws, userId, new Date(end))).map((t) => ({
      ...t,
      overdue: !!t.dueAt && new Date(t.dueAt) < new Date(start),
    }));
    const cadenceIds = [...new Set(tasks.map((t) => t.cadenceId).filter((x): x is string => !!x))];
    return {
      date,
      userId,
      tz,
      tasks,
      overdueCount: tasks.filter((t) => t.overdue).length,
      cadences: await this.byIds(ws, cadenceIds),
    };
  }

  /** What the agenda shows next to the tasks: the user's cadences that produced them. */
  async byIds(ws: string, ids: string[]) {
    if (!ids.length) return [];
    return (
      await this.deps.db
        .selectFrom('crm_cadences')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', 'in', ids)
        .orderBy('next_due_at')
        .execute()
    ).map(view);
  }

  private async check(trx: DbOrTx, ws: string, input: Partial<CadenceInput>) {
    await assertMember(trx, ws, input.assigneeId, 'assigneeId');
    await assertCompany(trx, ws, input.companyId);
    await assertDeal(trx, ws, input.dealId);
    if (input.endsAt && input.startAt && new Date(input.endsAt) < new Date(input.startAt))
      throw invalid('endsAt', 'must not be before startAt');
    return livePerson(trx, this.deps.cdp.directory, ws, input.personId);
  }
}

function endOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}
