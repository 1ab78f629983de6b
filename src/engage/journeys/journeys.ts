import { sql, type Selectable } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { DbOrTx, Tx } from '../../core/db/schema.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Engage } from '../engage.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import {
  checkDefinition,
  type DefinitionProblem,
  definitionProblems,
  END,
  type JourneyDefinition,
  journeyDefinition,
  type Step,
} from './definition.ts';
import { journeyStats, type JourneyStats, personJourneys, type PersonJourney } from './journey-stats.ts';
import type { EngageJourneysTable, JourneyStatus } from './tables.ts';
import './tables.ts';
import { JourneyRuntime } from './runtime.ts';

export type JourneyRow = Selectable<EngageJourneysTable>;

export interface JourneyView {
  id: string;
  name: string;
  description: string | null;
  status: JourneyStatus;
  /** The latest published version (null: never published). */
  version: number | null;
  /** The draft (what the editor saves; publishing copies it into a new version). */
  definition: JourneyDefinition;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** Runs in flight (active or waiting) and ever entered, every version. */
  counts?: { active: number; total: number };
}

export interface JourneyInput {
  name: string;
  description?: string | null;
  definition: JourneyDefinition;
}

/** Publish: people on `fromVersion` at a step of `map` move to the new version's mapped step. */
export interface MigrateInput {
  fromVersion: number;
  map: Record<string, string>;
}

export const journeyView = (r: JourneyRow, counts?: { active: number; total: number }): JourneyView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  status: r.status,
  version: r.version,
  definition: r.definition,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  publishedAt: r.published_at,
  ...(counts ? { counts } : {}),
});

const checkName = (name: string | undefined) => {
  const n = name?.trim();
  if (!n) throw invalid('name', 'must not be empty', 'REQUIRED');
  if (n.length > 200) throw invalid('name', 'at most 200 characters', 'TOO_LONG');
  return n;
};

/** The shape check of a definition (routes check it too; the service checks for its other callers). */
function parseDefinition(raw: unknown): JourneyDefinition {
  const r = journeyDefinition.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ['definition', ...issue.path.map(String)].join('.');
  throw new AppError('VALIDATION_FAILED', `${path}: ${issue.message}`, [{ path, message: issue.message }]);
}

const IN_FLIGHT = ['active', 'waiting'] as const;

/**
 * Journeys (issue 17): a definition (entry, steps, goal; definition.ts) edited as a draft and
 * published as numbered versions (engage_journey_versions); each person's position is a run
 * (engage_journey_runs) that the runtime (runtime.ts) moves through the steps, logging each one
 * (engage_journey_steps). Runs stay on the version they entered unless a publish moves them by an
 * explicit step mapping. Pausing keeps positions (the runtime claims no run of a paused journey);
 * archiving exits everyone in flight.
 */
export class Journeys {
  /** The runtime (runtime.ts): the claim loop, the steps, the entry sources (entries.ts). */
  readonly runtime: JourneyRuntime;

  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    this.runtime = new JourneyRuntime(k, engage);
  }

  // ---- records

  private async row(db: DbOrTx, ws: string, id: string, lock = false): Promise<JourneyRow> {
    const r = await db
      .selectFrom('engage_journeys')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .$if(lock, (q) => q.forUpdate())
      .executeTakeFirst();
    if (!r) throw notFound('Journey');
    return r;
  }

  private async counts(db: DbOrTx, ws: string, ids: string[]) {
    const out = new Map<string, { active: number; total: number }>();
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('engage_journey_runs')
      .select([
        'journey_id',
        sql<number>`count(*) FILTER (WHERE state IN ('active', 'waiting'))::int`.as('active'),
        sql<number>`count(*)::int`.as('total'),
      ])
      .where('workspace_id', '=', ws)
      .where('journey_id', 'in', ids)
      .groupBy('journey_id')
      .execute();
    for (const r of rows) out.set(r.journey_id, { active: r.active, total: r.total });
    return out;
  }

  async get(ws: string, id: string): Promise<JourneyView> {
    const r = await this.row(this.k.db, ws, id);
    return journeyView(r, (await this.counts(this.k.db, ws, [id])).get(id) ?? { active: 0, total: 0 });
  }

  /** Newest first; `q` is text in the name or description. */
  async list(
    ws: string,
    q: { status?: JourneyStatus; q?: string; limit: number; cursor?: { c: string; i: string } },
  ): Promise<{ data: JourneyView[]; nextCursor: { c: string; i: string } | null }> {
    const text = q.q?.trim();
    const rows = await this.k.db
      .selectFrom('engage_journeys')
      .selectAll()
      .select(sql<string>`created_at::text`.as('ck'))
      .where('workspace_id', '=', ws)
      .$if(!!q.status, (b) => b.where('status', '=', q.status!))
      .$if(!!text, (b) =>
        b.where(sql<boolean>`(name ILIKE ${`%${text}%`} OR coalesce(description, '') ILIKE ${`%${text}%`})`),
      )
      .$if(!!q.cursor, (b) =>
        b.where(sql<boolean>`(created_at, id) < (${q.cursor!.c}::timestamptz, ${q.cursor!.i}::uuid)`),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const counts = await this.counts(
      this.k.db,
      ws,
      page.map((r) => r.id),
    );
    const last = page[page.length - 1];
    return {
      data: page.map((r) => journeyView(r, counts.get(r.id) ?? { active: 0, total: 0 })),
      nextCursor: rows.length > q.limit ? { c: last.ck, i: last.id } : null,
    };
  }

  private async audited(
    trx: Tx,
    actor: Actor,
    action: string,
    id: string,
    before: JourneyRow | null,
    after: JourneyRow | null,
  ) {
    await this.k.audit.record(trx, actor, {
      action,
      entityType: 'journey',
      entityId: id,
      before: before ? (journeyView(before) as unknown as Record<string, unknown>) : null,
      after: after ? (journeyView(after) as unknown as Record<string, unknown>) : null,
      record: after ? (journeyView(after) as unknown as Record<string, unknown>) : null,
    });
  }

  // ---- CRUD

  /** A draft: the definition's shape is checked (400), the graph and references only at publish. */
  async create(actor: Actor, input: JourneyInput): Promise<JourneyView> {
    const ws = actor.workspaceId;
    const name = checkName(input.name);
    const definition = parseDefinition(input.definition);
    const id = newId();
    const row = await this.k.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('engage_journeys')
        .values({
          workspace_id: ws,
          id,
          name,
          description: input.description?.trim() || null,
          definition: JSON.stringify(definition),
          version: null,
          created_by: actor.label,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audited(trx, actor, 'create', id, null, r);
      return r;
    });
    return journeyView(row, { active: 0, total: 0 });
  }

  /** Changes the draft (any status but archived: a running journey's edit becomes the next version when published). */
  async update(actor: Actor, id: string, patch: Partial<JourneyInput>): Promise<JourneyView> {
    const ws = actor.workspaceId;
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = checkName(patch.name);
    if (patch.description !== undefined) set.description = patch.description?.trim() || null;
    if (patch.definition !== undefined) set.definition = JSON.stringify(parseDefinition(patch.definition));
    await this.row(this.k.db, ws, id);
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, ws, id, true);
      if (before.status === 'archived') throw new AppError('CONFLICT', 'The journey is archived; it cannot be changed');
      const after = await trx
        .updateTable('engage_journeys')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audited(trx, actor, 'update', id, before, after);
    });
    return this.get(ws, id);
  }

  /** Deletes a draft or an archived journey with its versions, runs and step log (409 otherwise: archive it first). */
  async remove(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, ws, id, true);
      if (before.status !== 'draft' && before.status !== 'archived')
        throw new AppError('CONFLICT', `Only a draft or archived journey can be deleted; this one is ${before.status}`);
      for (const t of ['engage_journey_steps', 'engage_journey_runs', 'engage_journey_versions'] as const)
        await trx.deleteFrom(t).where('workspace_id', '=', ws).where('journey_id', '=', id).execute();
      await trx.deleteFrom('engage_journeys').where('workspace_id', '=', ws).where('id', '=', id).execute();
      await this.audited(trx, actor, 'delete', id, before, null);
    });
  }

  // ---- validation, publish, versions

  /** What the editor shows before publishing: the shape's problem, or every graph and reference problem. */
  async validate(ws: string, raw: unknown): Promise<{ ok: boolean; errors: Omit<DefinitionProblem, 'code'>[] }> {
    const parsed = journeyDefinition.safeParse(raw);
    let problems: DefinitionProblem[];
    if (!parsed.success) {
      const steps = (raw as { steps?: unknown })?.steps;
      problems = parsed.error.issues.slice(0, 50).map((i) => {
        const idx = i.path[0] === 'steps' && typeof i.path[1] === 'number' ? i.path[1] : null;
        const s = idx !== null && Array.isArray(steps) ? (steps[idx] as { id?: unknown } | undefined) : undefined;
        return {
          path: ['definition', ...i.path.map(String)].join('.'),
          stepId: typeof s?.id === 'string' ? s.id : null,
          message: i.message,
          code: 'JOURNEY_INVALID',
        };
      });
    } else problems = await definitionProblems(this.k, ws, parsed.data);
    return { ok: !problems.length, errors: problems.map(({ path, stepId, message }) => ({ path, stepId, message })) };
  }

  /**
   * Checks the draft (422 JOURNEY_INVALID naming the step) and publishes it as the next version;
   * the journey becomes active — a paused one stays paused (publishing a fix is not a resume: it
   * sends nothing until `resume`). Runs on earlier versions stay there, unless `migrate` moves those
   * of `fromVersion` whose step is in `map` to the mapped step of the new version (same
   * transaction). A run mapped to a wait of the same kind keeps its timer; otherwise it is due now
   * at the new step. Control runs of `fromVersion` move too (they have no step).
   */
  async publish(actor: Actor, id: string, opts: { migrate?: MigrateInput } = {}): Promise<JourneyView> {
    const ws = actor.workspaceId;
    const draft = await this.row(this.k.db, ws, id);
    if (draft.status === 'archived') throw new AppError('CONFLICT', 'The journey is archived; it cannot be published');
    await checkDefinition(this.k, ws, draft.definition);
    const fromDef = opts.migrate ? await this.checkMigrate(ws, draft, opts.migrate) : null;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, ws, id, true);
      if (before.status === 'archived')
        throw new AppError('CONFLICT', 'The journey is archived; it cannot be published');
      if (JSON.stringify(before.definition) !== JSON.stringify(draft.definition))
        throw new AppError('CONFLICT', 'The draft changed while it was being checked; publish again');
      const version = (before.version ?? 0) + 1;
      const now = new Date();
      await trx
        .insertInto('engage_journey_versions')
        .values({
          workspace_id: ws,
          journey_id: id,
          version,
          definition: JSON.stringify(before.definition),
          published_at: now,
          published_by: actor.label,
        })
        .execute();
      const after = await trx
        .updateTable('engage_journeys')
        .set({ status: before.status === 'paused' ? 'paused' : 'active', version, published_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (opts.migrate && fromDef)
        await this.migrateRuns(trx, ws, id, fromDef, before.definition, version, opts.migrate);
      await this.audited(trx, actor, 'published', id, before, after);
    });
    await this.runtime.activated(ws, id);
    return this.get(ws, id);
  }

  /** The old version's definition, or a 400 naming the field of `migrate` at fault. */
  private async checkMigrate(ws: string, draft: JourneyRow, m: MigrateInput): Promise<JourneyDefinition> {
    const old = await this.k.db
      .selectFrom('engage_journey_versions')
      .select('definition')
      .where('workspace_id', '=', ws)
      .where('journey_id', '=', draft.id)
      .where('version', '=', m.fromVersion)
      .executeTakeFirst();
    if (!old) throw invalid('migrate.fromVersion', `the journey has no version ${m.fromVersion}`);
    const oldIds = new Set(old.definition.steps.map((s) => s.id));
    const newIds = new Set(draft.definition.steps.map((s) => s.id));
    for (const [from, to] of Object.entries(m.map)) {
      if (!oldIds.has(from))
        throw invalid(`migrate.map.${from}`, `version ${m.fromVersion} has no step "${from}"`, 'UNKNOWN_FIELD');
      if (!newIds.has(to) && to !== END)
        throw invalid(`migrate.map.${from}`, `the new version has no step "${to}"`, 'INVALID_OPTION');
    }
    return old.definition;
  }

  private async migrateRuns(
    trx: Tx,
    ws: string,
    id: string,
    fromDef: JourneyDefinition,
    toDef: JourneyDefinition,
    version: number,
    m: MigrateInput,
  ) {
    const stepOf = (d: JourneyDefinition, sid: string) => d.steps.find((s) => s.id === sid);
    const waitKind = (s: Step | undefined) =>
      s?.type === 'wait' ? (s.duration ? 'duration' : s.until ? 'until' : 'for') : null;
    const now = new Date();
    // The hold-out has no step: it follows the journey's version.
    await trx
      .updateTable('engage_journey_runs')
      .set({ version })
      .where('workspace_id', '=', ws)
      .where('journey_id', '=', id)
      .where('version', '=', m.fromVersion)
      .where('grp', '=', 'control')
      .where('state', 'in', IN_FLIGHT)
      .execute();
    for (const [from, to] of Object.entries(m.map)) {
      const runs = trx
        .updateTable('engage_journey_runs')
        .where('workspace_id', '=', ws)
        .where('journey_id', '=', id)
        .where('version', '=', m.fromVersion)
        .where('grp', '=', 'treatment')
        .where('state', 'in', IN_FLIGHT)
        .where('step_id', '=', from);
      const ids = (
        await trx
          .selectFrom('engage_journey_runs')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('journey_id', '=', id)
          .where('version', '=', m.fromVersion)
          .where('grp', '=', 'treatment')
          .where('state', 'in', IN_FLIGHT)
          .where('step_id', '=', from)
          .execute()
      ).map((r) => r.id);
      if (!ids.length) continue;
      // The step they were at is left (outcome 'migrated') in the log.
      await trx
        .updateTable('engage_journey_steps')
        .set({ left_at: now, outcome: 'migrated' })
        .where('workspace_id', '=', ws)
        .where('run_id', 'in', ids)
        .where('step_id', '=', from)
        .where('left_at', 'is', null)
        .execute();
      if (to === END) {
        await runs
          .set({
            state: 'completed',
            step_id: null,
            due_at: null,
            waiting_for: null,
            finished_at: now,
            exit_reason: 'completed',
          })
          .execute();
        continue;
      }
      const kind = waitKind(stepOf(fromDef, from));
      if (kind && kind === waitKind(stepOf(toDef, to))) await runs.set({ version, step_id: to }).execute();
      else
        await runs
          .set({ version, step_id: to, state: 'active', due_at: now, waiting_for: null, step_entered_at: now })
          .execute();
    }
  }

  async versions(ws: string, id: string) {
    await this.row(this.k.db, ws, id);
    const rows = await this.k.db
      .selectFrom('engage_journey_versions as v')
      .select([
        'v.version',
        'v.definition',
        'v.published_at',
        'v.published_by',
        sql<number>`(SELECT count(*)::int FROM engage_journey_runs r WHERE r.workspace_id = v.workspace_id
          AND r.journey_id = v.journey_id AND r.version = v.version AND r.state IN ('active', 'waiting'))`.as('active'),
        sql<number>`(SELECT count(*)::int FROM engage_journey_runs r WHERE r.workspace_id = v.workspace_id
          AND r.journey_id = v.journey_id AND r.version = v.version)`.as('total'),
      ])
      .where('v.workspace_id', '=', ws)
      .where('v.journey_id', '=', id)
      .orderBy('v.version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      definition: r.definition,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
      counts: { active: r.active, total: r.total },
    }));
  }

  // ---- states

  private async transition(
    actor: Actor,
    id: string,
    from: JourneyStatus[],
    to: JourneyStatus,
    action: string,
    also?: (trx: Tx, ws: string) => Promise<void>,
  ): Promise<JourneyView> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.row(trx, ws, id, true);
      if (!from.includes(before.status))
        throw new AppError('CONFLICT', `The journey is ${before.status}; this needs it ${from.join(' or ')}`);
      await also?.(trx, ws);
      const after = await trx
        .updateTable('engage_journeys')
        .set({ status: to, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audited(trx, actor, action, id, before, after);
    });
    return this.get(ws, id);
  }

  /** Stops the journey's steps (no sends); positions and timers are kept; nobody enters. */
  pause(actor: Actor, id: string): Promise<JourneyView> {
    return this.transition(actor, id, ['active'], 'paused', 'paused');
  }

  /** Active again: runs whose time came while paused run now. */
  async resume(actor: Actor, id: string): Promise<JourneyView> {
    const v = await this.transition(actor, id, ['paused'], 'active', 'resumed');
    await this.runtime.activated(actor.workspaceId, id);
    return v;
  }

  /** For good: everyone in flight exits (exit_reason 'archived'); nobody enters. */
  archive(actor: Actor, id: string): Promise<JourneyView> {
    return this.transition(actor, id, ['draft', 'active', 'paused'], 'archived', 'archived', async (trx, ws) => {
      const now = new Date();
      const gone = await trx
        .updateTable('engage_journey_runs')
        .set({ state: 'exited', exit_reason: 'archived', finished_at: now, due_at: null, waiting_for: null })
        .where('workspace_id', '=', ws)
        .where('journey_id', '=', id)
        .where('state', 'in', IN_FLIGHT)
        .returning('id')
        .execute();
      if (gone.length)
        await trx
          .updateTable('engage_journey_steps')
          .set({ left_at: now, outcome: 'exited' })
          .where('workspace_id', '=', ws)
          .where('journey_id', '=', id)
          .where('left_at', 'is', null)
          .execute();
    });
  }

  // ---- entry by API

  /**
   * Enters a person into an active journey whose entry is `{api: true}`: the run (or null with
   * the reason: 'reentry', 'cap', 'consent'…). 409 when the journey is not active or not entered
   * by API; 400 when the person is not in this workspace.
   */
  async enter(
    actor: Actor,
    id: string,
    input: { personId: string },
  ): Promise<{ runId: string | null; reason?: string }> {
    const ws = actor.workspaceId;
    const j = await this.row(this.k.db, ws, id);
    if (j.status !== 'active' || j.version === null)
      throw new AppError('CONFLICT', `The journey is ${j.status}; people enter an active journey only`);
    const v = await this.k.db
      .selectFrom('engage_journey_versions')
      .select('definition')
      .where('workspace_id', '=', ws)
      .where('journey_id', '=', id)
      .where('version', '=', j.version)
      .executeTakeFirstOrThrow();
    if (!('api' in v.definition.entry))
      throw new AppError('CONFLICT', 'The journey is not entered by API (its entry is an event, a segment or a date)');
    let personId: string;
    try {
      personId = (await this.k.cdp.getPerson(ws, input.personId)).id;
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        throw invalid('personId', 'no person with this id in this workspace');
      throw e;
    }
    // The runtime's entries: re-entry, cap, consent and the hold-out, a Journey Entered timeline entry.
    const [r] = await this.k.db
      .transaction()
      .execute((trx) =>
        this.runtime.entries.enter(trx, ws, { id, name: j.name, version: j.version!, def: v.definition }, [
          { personId },
        ]),
      );
    return r.runId ? { runId: r.runId } : { runId: null, reason: r.reason };
  }

  // ---- analytics

  async stats(ws: string, id: string, q: { version?: number } = {}): Promise<JourneyStats> {
    const j = await this.row(this.k.db, ws, id);
    return journeyStats(this.k.db, ws, j, q.version);
  }

  /** A person's runs, newest first (at most 100), each with its step log. */
  async personJourneys(ws: string, personId: string): Promise<PersonJourney[]> {
    await this.k.cdp.getPerson(ws, personId);
    return personJourneys(this.k.db, ws, personId);
  }
}
