import type { Selectable } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { DbOrTx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import { calendarProblems, type BusinessCalendar, type Interval, type Weekday } from './calendars.ts';
import type { ServiceBusinessCalendarsTable, ServiceSlaPoliciesTable, SlaConditions } from './tables.ts';

export interface CalendarInput {
  name: string;
  timezone: string;
  hours: Partial<Record<Weekday, Interval[]>>;
  holidays?: string[];
  workingDays?: string[];
}

export interface PolicyInput {
  name: string;
  position?: number;
  enabled?: boolean;
  conditions?: SlaConditions;
  firstResponseMinutes?: number | null;
  nextResponseMinutes?: number | null;
  resolutionMinutes?: number | null;
  calendarId?: string | null;
  warnPercent?: number;
}

export const calendarView = (r: Selectable<ServiceBusinessCalendarsTable>) => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  hours: r.hours,
  holidays: r.holidays,
  workingDays: r.working_days,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type CalendarView = ReturnType<typeof calendarView>;

export const policyView = (r: Selectable<ServiceSlaPoliciesTable>) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions,
  firstResponseMinutes: r.first_response_minutes,
  nextResponseMinutes: r.next_response_minutes,
  resolutionMinutes: r.resolution_minutes,
  calendarId: r.calendar_id,
  warnPercent: r.warn_percent,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type PolicyView = ReturnType<typeof policyView>;

export const toCalendar = (r: Selectable<ServiceBusinessCalendarsTable>): BusinessCalendar => ({
  timezone: r.timezone,
  hours: r.hours,
  holidays: r.holidays,
  workingDays: r.working_days,
});

function checkCalendar(input: CalendarInput) {
  const problems = calendarProblems({
    timezone: input.timezone,
    hours: input.hours,
    holidays: input.holidays ?? [],
    workingDays: input.workingDays ?? [],
  });
  if (problems.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `${problems[0].path}: ${problems[0].message}`,
      problems.map((p) => ({ ...p, code: 'INVALID' as const })),
    );
}

/** Business calendars and SLA policies: the desk's SLA configuration (CRUD, audited). */
export class SlaConfig {
  constructor(private k: ServiceBaseKernel) {}

  // ---------------------------------------------------------------- calendars
  async listCalendars(ws: string): Promise<CalendarView[]> {
    const rows = await this.k.db
      .selectFrom('service_business_calendars')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute();
    return rows.map(calendarView);
  }

  async calendarRow(db: DbOrTx, ws: string, id: string) {
    const r = await db
      .selectFrom('service_business_calendars')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!r) throw notFound('Business calendar');
    return r;
  }

  async getCalendar(ws: string, id: string): Promise<CalendarView> {
    return calendarView(await this.calendarRow(this.k.db, ws, id));
  }

  async createCalendar(actor: Actor, input: CalendarInput): Promise<CalendarView> {
    checkCalendar(input);
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_business_calendars')
        .values({
          workspace_id: ws,
          id: newId(),
          name: input.name,
          timezone: input.timezone,
          hours: JSON.stringify(input.hours),
          holidays: JSON.stringify(input.holidays ?? []),
          working_days: JSON.stringify(input.workingDays ?? []),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = calendarView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'business_calendar',
        entityId: row.id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  async updateCalendar(actor: Actor, id: string, patch: Partial<CalendarInput>): Promise<CalendarView> {
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const before = calendarView(await this.calendarRow(trx, ws, id));
      const next: CalendarInput = {
        name: patch.name ?? before.name,
        timezone: patch.timezone ?? before.timezone,
        hours: patch.hours ?? before.hours,
        holidays: patch.holidays ?? before.holidays,
        workingDays: patch.workingDays ?? before.workingDays,
      };
      checkCalendar(next);
      const row = await trx
        .updateTable('service_business_calendars')
        .set({
          name: next.name,
          timezone: next.timezone,
          hours: JSON.stringify(next.hours),
          holidays: JSON.stringify(next.holidays),
          working_days: JSON.stringify(next.workingDays),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = calendarView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'business_calendar',
        entityId: id,
        before,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /** Deleted softly; teams and policies that named it fall back to around the clock. */
  async deleteCalendar(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = calendarView(await this.calendarRow(trx, ws, id));
      await trx
        .updateTable('service_business_calendars')
        .set({ deleted_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'business_calendar',
        entityId: id,
        before,
        record: before,
      });
    });
  }

  // ---------------------------------------------------------------- policies
  /** Enabled and disabled, in the order they are tried. */
  async listPolicies(ws: string, db: DbOrTx = this.k.db): Promise<PolicyView[]> {
    const rows = await db
      .selectFrom('service_sla_policies')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(policyView);
  }

  private async policyRow(db: DbOrTx, ws: string, id: string) {
    const r = await db
      .selectFrom('service_sla_policies')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!r) throw notFound('SLA policy');
    return r;
  }

  async getPolicy(ws: string, id: string): Promise<PolicyView> {
    return policyView(await this.policyRow(this.k.db, ws, id));
  }

  private async checkPolicy(db: DbOrTx, ws: string, p: PolicyInput) {
    if (p.firstResponseMinutes == null && p.nextResponseMinutes == null && p.resolutionMinutes == null)
      throw invalid('firstResponseMinutes', 'a policy needs at least one target', 'REQUIRED');
    if (p.calendarId) {
      const cal = await db
        .selectFrom('service_business_calendars')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', p.calendarId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!cal) throw invalid('calendarId', 'no such business calendar');
    }
    if (p.conditions?.segmentId) {
      const seg = await db
        .selectFrom('segments')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', p.conditions.segmentId)
        .executeTakeFirst();
      if (!seg) throw invalid('conditions.segmentId', 'no such segment');
    }
  }

  async createPolicy(actor: Actor, input: PolicyInput): Promise<PolicyView> {
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      await this.checkPolicy(trx, ws, input);
      const row = await trx
        .insertInto('service_sla_policies')
        .values({
          workspace_id: ws,
          id: newId(),
          name: input.name,
          position: input.position ?? 0,
          enabled: input.enabled ?? true,
          conditions: JSON.stringify(input.conditions ?? {}),
          first_response_minutes: input.firstResponseMinutes ?? null,
          next_response_minutes: input.nextResponseMinutes ?? null,
          resolution_minutes: input.resolutionMinutes ?? null,
          calendar_id: input.calendarId ?? null,
          warn_percent: input.warnPercent ?? 80,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = policyView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'sla_policy',
        entityId: row.id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /** Clocks already running keep the targets they started with; new clocks use the new ones. */
  async updatePolicy(actor: Actor, id: string, patch: Partial<PolicyInput>): Promise<PolicyView> {
    const ws = actor.workspaceId;
    return this.k.db.transaction().execute(async (trx) => {
      const before = policyView(await this.policyRow(trx, ws, id));
      const next: PolicyInput = {
        ...before,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      await this.checkPolicy(trx, ws, next);
      const row = await trx
        .updateTable('service_sla_policies')
        .set({
          name: next.name,
          position: next.position ?? 0,
          enabled: next.enabled ?? true,
          conditions: JSON.stringify(next.conditions ?? {}),
          first_response_minutes: next.firstResponseMinutes ?? null,
          next_response_minutes: next.nextResponseMinutes ?? null,
          resolution_minutes: next.resolutionMinutes ?? null,
          calendar_id: next.calendarId ?? null,
          warn_percent: next.warnPercent ?? 80,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = policyView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'sla_policy',
        entityId: id,
        before,
        after: view,
        record: view,
      });
      return view;
    });
  }

  async deletePolicy(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = policyView(await this.policyRow(trx, ws, id));
      await trx
        .updateTable('service_sla_policies')
        .set({ deleted_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'sla_policy',
        entityId: id,
        before,
        record: before,
      });
    });
  }
}
