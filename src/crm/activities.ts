import { sql, type Selectable } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { normalizePhone } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmActivitiesTable } from './tables.ts';
import { assertCompany, assertMember, livePerson, userNames } from './refs.ts';
import { exactTime } from '../core/db/exact-time.ts';

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'visit', 'task', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityInput {
  kind: ActivityKind;
  subject?: string | null;
  body?: string | null;
  personId?: string | null;
  companyId?: string | null;
  dealId?: string | null;
  ownerId?: string | null;
  assigneeId?: string | null;
  occurredAt?: Date | string | null;
  dueAt?: Date | string | null;
  reminderAt?: Date | string | null;
  direction?: 'in' | 'out' | null;
  durationSeconds?: number | null;
  outcome?: string | null;
  recordingUrl?: string | null;
  scriptId?: string | null;
  phone?: string | null;
  location?: string | null;
}
export type ActivityPatch = Partial<Omit<ActivityInput, 'kind'>> & { done?: boolean };

/** Internal extras the telephony webhook and cadences set. */
interface InsertExtras {
  externalId?: string;
  cadenceId?: string;
}

/** Fields that only make sense for some kinds; anything else given for another kind is a mistake. */
const KIND_FIELDS: Record<string, ActivityKind[]> = {
  direction: ['call', 'email'],
  durationSeconds: ['call', 'meeting', 'visit'],
  outcome: ['call', 'meeting', 'visit', 'email'],
  recordingUrl: ['call'],
  scriptId: ['call'],
  phone: ['call'],
  location: ['meeting', 'visit'],
  dueAt: ['task'],
  reminderAt: ['task'],
};

type Row = Selectable<CrmActivitiesTable>;

export interface ActivityListQuery {
  kind?: ActivityKind;
  personId?: string;
  companyId?: string;
  dealId?: string;
  ownerId?: string;
  assigneeId?: string;
  open?: boolean;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

const toDate = (v: Date | string | null | undefined): Date | null | undefined =>
  v === undefined ? undefined : v === null ? null : new Date(v);

/**
 * Calls, emails, meetings, visits, tasks and notes: what happened with a client (or is planned, for
 * tasks). Each lands on the person's timeline as an `activity` entry in the same transaction.
 */
export class Activities {
  constructor(private deps: CrmDeps) {}

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    return (await this.views(trx, ws, [await this.row(trx, ws, id)]))[0];
  }

  async create(actor: Actor, input: ActivityInput) {
    return this.deps.db.transaction().execute((trx) => this.insert(trx, actor, input));
  }

  /**
   * Validates and writes one activity in the caller's transaction: references, kind rules, the
   * timeline entry and the audit record. Returns the view.
   */
  async insert(trx: Tx, actor: Actor, input: ActivityInput, extras: InsertExtras = {}) {
    const ws = actor.workspaceId;
    const kind = input.kind;
    for (const [field, kinds] of Object.entries(KIND_FIELDS))
      if ((input as any)[field] != null && !kinds.includes(kind)) throw invalid(field, `not used for a ${kind}`);
    if (kind === 'call' && !input.direction) throw invalid('direction', 'required for a call (in or out)');
    if (kind === 'visit' && !input.location) throw invalid('location', 'required for a visit');
    if ((kind === 'task' || kind === 'note') && !input.subject && !input.body)
      throw invalid('subject', `a ${kind} needs a subject or a body`);
    const dueAt = toDate(input.dueAt) ?? null;
    const reminderAt = toDate(input.reminderAt) ?? null;
    if (reminderAt && dueAt && reminderAt > dueAt) throw invalid('reminderAt', 'must not be after dueAt');
    if (reminderAt && !dueAt) throw invalid('dueAt', 'required with reminderAt');
    let phone: string | null = null;
    if (input.phone) {
      phone = normalizePhone(input.phone);
      if (!phone) throw invalid('phone', 'not a valid phone number');
    }
    const refs = await this.refs(trx, ws, input);
    const ownerId = input.ownerId !== undefined ? input.ownerId : actor.type === 'user' ? actor.id : null;
    await assertMember(trx, ws, ownerId, 'ownerId');
    // A task belongs to someone: its assignee, else whoever owns it.
    const assigneeId = kind === 'task' ? (input.assigneeId ?? ownerId ?? null) : (input.assigneeId ?? null);
    await assertMember(trx, ws, assigneeId, 'assigneeId');
    const id = newId();
    const now = new Date();
    await trx
      .insertInto('crm_activities')
      .values({
        workspace_id: ws,
        id,
        kind,
        subject: input.subject ?? null,
        body: input.body ?? null,
        person_id: refs.personId,
        company_id: refs.companyId,
        deal_id: refs.dealId,
        owner_id: ownerId ?? null,
        assignee_id: assigneeId,
        occurred_at: toDate(input.occurredAt) ?? now,
        due_at: dueAt,
        reminder_at: reminderAt,
        done_at: null,
        direction: input.direction ?? null,
        duration_seconds: input.durationSeconds ?? null,
        outcome: input.outcome ?? null,
        recording_url: input.recordingUrl ?? null,
        script_id: input.scriptId ?? null,
        phone,
        location: input.location ?? null,
        cadence_id: extras.cadenceId ?? null,
        external_id: extras.externalId ?? null,
      })
      .execute();
    const view = await this.get(ws, id, trx);
    await this.timeline(trx, ws, view, kind);
    await this.deps.audit.record(trx, actor, {
      action: 'create',
      entityType: 'activity',
      entityId: id,
      after: view,
      record: view,
    });
    return view;
  }

  async update(actor: Actor, id: string, patch: ActivityPatch) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const kind = row.kind as ActivityKind;
      for (const [field, kinds] of Object.entries(KIND_FIELDS))
        if ((patch as any)[field] != null && !kinds.includes(kind)) throw invalid(field, `not used for a ${kind}`);
      if (patch.done !== undefined && kind !== 'task') throw invalid('done', 'only tasks are done or open');
      if (kind === 'call' && patch.direction === null) throw invalid('direction', 'required for a call (in or out)');
      if (kind === 'visit' && patch.location === null) throw invalid('location', 'required for a visit');
      const set: Record<string, unknown> = {};
      if (patch.personId !== undefined || patch.companyId !== undefined || patch.dealId !== undefined) {
        const refs = await this.refs(
          trx,
          ws,
          { kind, personId: patch.personId, companyId: patch.companyId, dealId: patch.dealId },
          false,
        );
        if (patch.personId !== undefined) set.person_id = refs.personId;
        if (patch.companyId !== undefined) set.company_id = refs.companyId;
        if (patch.dealId !== undefined) set.deal_id = refs.dealId;
      }
      if (patch.scriptId) await this.assertScript(trx, ws, patch.scriptId);
      await assertMember(trx, ws, patch.ownerId, 'ownerId');
      await assertMember(trx, ws, patch.assigneeId, 'assigneeId');
      const cols: [keyof ActivityPatch, string][] = [
        ['subject', 'subject'],
        ['body', 'body'],
        ['ownerId', 'owner_id'],
        ['assigneeId', 'assignee_id'],
        ['direction', 'direction'],
        ['durationSeconds', 'duration_seconds'],
        ['outcome', 'outcome'],
        ['recordingUrl', 'recording_url'],
        ['scriptId', 'script_id'],
        ['location', 'location'],
      ];
      for (const [k, col] of cols) if (patch[k] !== undefined) set[col] = patch[k];
      for (const [k, col] of [
        ['occurredAt', 'occurred_at'],
        ['dueAt', 'due_at'],
        ['reminderAt', 'reminder_at'],
      ] as const)
        if (patch[k] !== undefined) set[col] = toDate(patch[k]);
      if (set.occurred_at === null) throw invalid('occurredAt', 'cannot be cleared');
      if (patch.phone !== undefined) {
        set.phone = patch.phone === null ? null : normalizePhone(patch.phone);
        if (patch.phone !== null && !set.phone) throw invalid('phone', 'not a valid phone number');
      }
      const due = (set.due_at !== undefined ? set.due_at : row.due_at) as Date | null;
      const reminder = (set.reminder_at !== undefined ? set.reminder_at : row.reminder_at) as Date | null;
      if (reminder && (!due || reminder > due)) throw invalid('reminderAt', 'must not be after dueAt');
      if (patch.done !== undefined) set.done_at = patch.done ? (row.done_at ?? new Date()) : null;
      // A new due or reminder time is a new reminder: the scan (activity-reminders.ts) sends it again.
      const moved = (col: 'due_at' | 'reminder_at') =>
        set[col] !== undefined &&
        (set[col] as Date | null)?.getTime() !== (row[col] ? new Date(row[col]!).getTime() : undefined);
      if (row.reminded_at && (moved('due_at') || moved('reminder_at'))) set.reminded_at = null;
      if (Object.keys(set).length) {
        set.updated_at = new Date();
        await trx.updateTable('crm_activities').set(set).where('workspace_id', '=', ws).where('id', '=', id).execute();
      }
      const after = await this.get(ws, id, trx);
      if (patch.done === true && !row.done_at) await this.timeline(trx, ws, after, 'task.done');
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'activity',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** Marks a task done (again: no change). */
  async complete(actor: Actor, id: string) {
    const row = await this.row(this.deps.db, actor.workspaceId, id);
    if (row.kind !== 'task')
      throw new AppError('CONFLICT', `Only tasks can be completed; this is a ${row.kind}`, [
        { path: 'id', message: 'not a task' },
      ]);
    if (row.done_at) return this.get(actor.workspaceId, id);
    return this.update(actor, id, { done: true });
  }

  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const now = new Date();
      await trx
        .updateTable('crm_activities')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      // A deleted activity leaves the person's timeline too (the audit log keeps what it was).
      if (row.person_id)
        await this.deps.cdp.directory.removeEvents(trx, ws, row.person_id, 'activity', { activityId: id });
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'activity',
        entityId: id,
        before,
        after: null,
        record: before,
      });
    });
  }

  /** Newest first (by occurredAt); `open=true` keeps tasks not done, soonest due first. */
  async list(ws: string, q: ActivityListQuery) {
    let query = this.deps.db
      .selectFrom('crm_activities as a')
      .selectAll('a')
      .where('a.workspace_id', '=', ws)
      .where('a.deleted_at', 'is', null);
    if (q.kind) query = query.where('a.kind', '=', q.kind);
    if (q.personId) query = query.where('a.person_id', '=', q.personId);
    if (q.companyId) query = query.where('a.company_id', '=', q.companyId);
    if (q.dealId) query = query.where('a.deal_id', '=', q.dealId);
    if (q.ownerId) query = query.where('a.owner_id', '=', q.ownerId);
    if (q.assigneeId) query = query.where('a.assignee_id', '=', q.assigneeId);
    if (q.open !== undefined)
      query = q.open
        ? query.where('a.kind', '=', 'task').where('a.done_at', 'is', null)
        : query.where((eb) => eb.or([eb('a.kind', '<>', 'task'), eb('a.done_at', 'is not', null)]));
    // Open tasks are a to-do list: by due date; everything else is a history: newest first.
    const key = q.open ? sql`coalesce(a.due_at, '9999-12-31T00:00:00Z'::timestamptz)` : sql`a.occurred_at`;
    if (q.from) query = query.where(sql<boolean>`${key} >= ${q.from}`);
    if (q.to) query = query.where(sql<boolean>`${key} < ${q.to}`);
    const c = decodeCursor<{ v: string; id: string }>(q.cursor);
    if (c) {
      if (
        typeof c.id !== 'string' ||
        !/^[0-9a-f-]{36}$/i.test(c.id) ||
        typeof c.v !== 'string' ||
        isNaN(Date.parse(c.v))
      )
        throw invalid('cursor', 'malformed cursor');
      query = query.where(
        q.open
          ? sql<boolean>`(${key}, a.id) > (${c.v}::timestamptz, ${c.id}::uuid)`
          : sql<boolean>`(${key}, a.id) < (${c.v}::timestamptz, ${c.id}::uuid)`,
      );
    }
    const dir = q.open ? sql`ASC` : sql`DESC`;
    const rows = await query
      .orderBy(sql`${key} ${dir}`)
      .orderBy(sql`a.id ${dir}`)
      .limit(q.limit + 1)
      .execute();
    const page = keysetPage(
      rows,
      q.limit,
      (r) => r,
      (last) => ({
        v: exactTime(q.open ? (last.due_at ?? new Date('9999-12-31T00:00:00Z')) : last.occurred_at),
        id: last.id,
      }),
    );
    return { data: await this.views(this.deps.db, ws, page.data), nextCursor: page.nextCursor };
  }

  /** Open tasks of a user due before `until` (overdue included), soonest first. */
  async openTasks(ws: string, userId: string, until: Date) {
    const rows = await this.deps.db
      .selectFrom('crm_activities')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('kind', '=', 'task')
      .where('done_at', 'is', null)
      .where('deleted_at', 'is', null)
      .where('assignee_id', '=', userId)
      .where('due_at', '<', until)
      .orderBy('due_at')
      .orderBy('id')
      .limit(1000)
      .execute();
    return this.views(this.deps.db, ws, rows);
  }

  async findByExternalId(trx: DbOrTx, ws: string, externalId: string) {
    const r = await trx
      .selectFrom('crm_activities')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return r ? this.get(ws, r.id, trx) : null;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  /** Person, company and deal checked; a deal alone brings its person and company along. */
  private async refs(
    trx: DbOrTx,
    ws: string,
    input: Pick<ActivityInput, 'kind' | 'personId' | 'companyId' | 'dealId' | 'scriptId'>,
    inherit = true,
  ) {
    let personId = await livePerson(trx, this.deps.cdp.directory, ws, input.personId);
    let companyId = input.companyId ?? null;
    await assertCompany(trx, ws, companyId);
    const dealId = input.dealId ?? null;
    if (dealId) {
      const deal = await trx
        .selectFrom('crm_deals')
        .select(['person_id', 'company_id'])
        .where('workspace_id', '=', ws)
        .where('id', '=', dealId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!deal) throw invalid('dealId', 'deal not found');
      if (inherit) {
        if (input.personId === undefined) personId = deal.person_id;
        if (input.companyId === undefined) companyId = deal.company_id;
      }
    }
    if (input.scriptId) await this.assertScript(trx, ws, input.scriptId);
    return { personId, companyId, dealId };
  }

  private async assertScript(trx: DbOrTx, ws: string, scriptId: string) {
    const s = await trx
      .selectFrom('crm_call_scripts')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', scriptId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!s) throw invalid('scriptId', 'call script not found');
  }

  private async timeline(trx: DbOrTx, ws: string, view: ActivityView, event: string) {
    if (!view.personId) return;
    const { person: _p, owner: _o, assignee: _a, company: _c, deal: _d, ...props } = view;
    const at = event === 'task.done' ? new Date() : new Date(view.occurredAt);
    await this.deps.cdp.directory.appendEvents(trx, ws, [
      {
        personId: view.personId,
        type: 'activity',
        event,
        properties: { ...props, activityId: view.id },
        occurredAt: at,
      },
    ]);
  }

  private async row(trx: DbOrTx, ws: string, id: string, forUpdate = false): Promise<Row> {
    let q = trx
      .selectFrom('crm_activities')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Activity');
    return r;
  }

  async views(trx: DbOrTx, ws: string, rows: Row[]) {
    if (!rows.length) return [];
    const users = await userNames(
      trx,
      ws,
      rows.flatMap((r) => [r.owner_id, r.assignee_id]),
    );
    const ids = (f: (r: Row) => string | null) => [...new Set(rows.map(f).filter((x): x is string => !!x))];
    const people = new Map<string, string>();
    const personIds = ids((r) => r.person_id);
    if (personIds.length)
      for (const p of await trx
        .selectFrom('crm_people')
        .select(['person_id', 'first_name', 'last_name'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .execute())
        people.set(p.person_id, [p.first_name, p.last_name].filter(Boolean).join(' '));
    const companies = new Map<string, string>();
    const companyIds = ids((r) => r.company_id);
    if (companyIds.length)
      for (const c of await trx
        .selectFrom('crm_companies')
        .select(['id', 'name'])
        .where('workspace_id', '=', ws)
        .where('id', 'in', companyIds)
        .execute())
        companies.set(c.id, c.name);
    const deals = new Map<string, string>();
    const dealIds = ids((r) => r.deal_id);
    if (dealIds.length)
      for (const d of await trx
        .selectFrom('crm_deals')
        .select(['id', 'title'])
        .where('workspace_id', '=', ws)
        .where('id', 'in', dealIds)
        .execute())
        deals.set(d.id, d.title);
    const now = Date.now();
    const ref = (id: string | null, names: Map<string, string>, always = false) =>
      id && (names.has(id) || always) ? { id, name: names.get(id) ?? '' } : null;
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as ActivityKind,
      subject: r.subject,
      body: r.body,
      personId: r.person_id,
      person: ref(r.person_id, people, true),
      companyId: r.company_id,
      company: ref(r.company_id, companies),
      dealId: r.deal_id,
      deal: r.deal_id && deals.has(r.deal_id) ? { id: r.deal_id, title: deals.get(r.deal_id)! } : null,
      ownerId: r.owner_id,
      owner: ref(r.owner_id, users),
      assigneeId: r.assignee_id,
      assignee: ref(r.assignee_id, users),
      occurredAt: r.occurred_at,
      dueAt: r.due_at,
      reminderAt: r.reminder_at,
      remindedAt: r.reminded_at,
      doneAt: r.done_at,
      done: r.kind === 'task' ? r.done_at !== null : null,
      overdue: r.kind === 'task' && !r.done_at && !!r.due_at && new Date(r.due_at).getTime() < now,
      direction: r.direction as 'in' | 'out' | null,
      durationSeconds: r.duration_seconds,
      outcome: r.outcome,
      recordingUrl: r.recording_url,
      scriptId: r.script_id,
      phone: r.phone,
      location: r.location,
      cadenceId: r.cadence_id,
      externalId: r.external_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
}

export type ActivityView = Awaited<ReturnType<Activities['views']>>[number];
