import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../core/db/schema.ts';
import type { Audit } from '../../core/audit/audit.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { PersonDirectory } from '../directory.ts';
import type { Privacy } from '../privacy.ts';
import { compileMembers } from './compiler.ts';
import { SegmentFollower, type Change } from './follower.ts';
import { Lists } from './lists.ts';
import { ListUploads } from './list-uploads.ts';
import { Membership, type MembershipListener } from './membership.ts';
import { exportMembers } from './members-export.ts';
import { registerSegmentPersonData } from './person-data.ts';
import { closureOf, triggersOf, type Closure } from './references.ts';
import { cdpConditions, inUse, type ConditionRegistry, type Rule, type Trigger } from './rules.ts';
import type { SegmentKind, SegmentsTable } from './tables.ts';

export const RECOMPUTE_JOB = 'segments.recompute';
export { ENTERED, EXITED, type MembershipListener } from './membership.ts';

export interface SegmentInput {
  name: string;
  description?: string | null;
  /** 'rule' (default) or 'list' (members put in by hand or upload; no rule). */
  kind?: SegmentKind;
  rule?: unknown;
}

export type { Change } from './follower.ts';

export interface RecomputeResult {
  segmentId: string;
  version: number;
  entered: number;
  exited: number;
  size: number;
}

const view = (r: Selectable<SegmentsTable>, size: number) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  kind: r.kind,
  rule: r.rule as Rule | null,
  version: r.version,
  size,
  computedVersion: r.computed_version,
  computedAt: r.computed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type SegmentView = ReturnType<typeof view>;

/**
 * Segments: rules as data (rules.ts), one compiler to SQL (compiler.ts), membership kept in
 * `segment_members` by a full recompute (a job, set-based, one transaction: a new version swaps
 * in atomically) and incrementally for the few persons a change touched (`evaluate`). Every enter
 * and exit is appended to the person's timeline (type `segment`).
 */
export class Segments {
  /** The condition kinds: the CDP's; later modules add theirs (`conditions.register`). */
  readonly conditions: ConditionRegistry;
  /** Re-evaluates the persons ingest wrote to (cdp.onStored, wired in src/cdp/index.ts). */
  readonly follower: SegmentFollower;
  /** The writer and readers of stored membership (rules and lists share it). */
  readonly membership: Membership;
  /** Static lists: members added and removed by hand (lists.ts) and by CSV upload (list-uploads.ts). */
  readonly lists: Lists;
  readonly uploads: ListUploads;
  /** workspace → its rule segments' rules, for the incremental evaluator (refreshed after `CACHE_MS`). */
  private cache = new Map<
    string,
    { until: number; list: { id: string; name: string; version: number; rule: Rule; triggers: Trigger[] }[] }
  >();

  constructor(
    private db: Db,
    private audit: Audit,
    private jobs: Jobs,
    directory: PersonDirectory,
    private log: Logger,
    /** Where list uploads are kept (default: data/segment-uploads under the working directory). */
    private opts: { uploadDir?: string; scoreTraits?: ReadonlySet<string>; recomputeWorkMemMb?: number } = {},
  ) {
    // Names registered as scores (cdp.scores) are traits read from person_scores.
    this.conditions = cdpConditions(opts.scoreTraits);
    this.follower = new SegmentFollower(this, log);
    this.membership = new Membership(db, directory);
    this.lists = new Lists(db, audit, this.membership, this, jobs, log);
    directory.onMerge((trx, ws, m) => this.lists.onMerge(trx, ws, m));
    this.uploads = new ListUploads(
      db,
      jobs,
      directory,
      this.membership,
      this.lists,
      opts.uploadDir ?? resolve('data', 'segment-uploads'),
      log,
    );
    jobs.define<{ segmentId: string }>({
      name: RECOMPUTE_JOB,
      retryLimit: 3,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => this.recompute(ctx.workspaceId, data.segmentId),
    });
    // Windows expire without an event ("no order in the last 30 days"): segments whose rule has a
    // window are recomputed once their last computation is WINDOW_SECONDS old.
    jobs.every('segments.windows', WINDOW_SECONDS, () => this.recomputeWindows());
  }

  /** Registers membership as person data: erased and exported with the person (person-data.ts). */
  registerPersonData(privacy: Privacy): void {
    registerSegmentPersonData(privacy);
  }

  /** Adds a listener of membership changes (see MembershipListener). */
  onMembership(listener: MembershipListener): void {
    this.membership.onChange(listener);
  }

  // ------------------------------------------------------------------------------ definitions

  /** Checks a rule as the API does: shape, fields, operators, values, references and cycles. */
  async check(
    ws: string,
    raw: unknown,
    selfId: string | null = null,
    trx: DbOrTx = this.db,
  ): Promise<{ rule: Rule; closure: Closure }> {
    const rule = this.conditions.parse(raw, 'rule');
    const closure = await this.closure(trx, ws, rule, selfId);
    return { rule, closure };
  }

  /** A rule segment (its membership computed by a job) or an empty list. */
  async create(actor: Actor, input: SegmentInput): Promise<SegmentView> {
    const ws = actor.workspaceId;
    const name = checkName(input.name);
    const kind = input.kind ?? 'rule';
    if (kind === 'list' && input.rule != null)
      throw invalid('rule', 'a list has no rule: its members are added to it', 'UNKNOWN_FIELD');
    if (kind === 'rule' && input.rule == null) throw invalid('rule', 'a rule segment needs a rule', 'REQUIRED');
    const rule = kind === 'rule' ? (await this.check(ws, input.rule)).rule : null;
    const out = await this.db.transaction().execute(async (trx) => {
      const id = newId();
      const now = new Date();
      const row = await trx
        .insertInto('segments')
        .values({
          workspace_id: ws,
          id,
          name,
          description: input.description?.trim() || null,
          kind,
          rule: rule && JSON.stringify(rule),
          // A list's stored membership is always its current one.
          ...(kind === 'list' ? { computed_version: 1, computed_at: now } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (rule)
        await trx
          .insertInto('segment_versions')
          .values({ workspace_id: ws, segment_id: id, version: 1, rule: JSON.stringify(rule), actor: actor.label })
          .execute();
      const v = view(row, 0);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'segment',
        entityId: id,
        after: v,
        record: v,
      });
      if (rule) await this.jobs.enqueue(ws, RECOMPUTE_JOB, { segmentId: id }, { trx });
      return v;
    });
    this.cache.delete(ws);
    return out;
  }

  async list(ws: string): Promise<SegmentView[]> {
    const rows = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('workspace_id', '=', ws)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const sizes = await this.membership.sizes(
      ws,
      rows.map((r) => r.id),
    );
    return rows.map((r) => view(r, sizes.get(r.id) ?? 0));
  }

  async get(ws: string, id: string): Promise<SegmentView> {
    const row = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Segment');
    return view(row, (await this.membership.sizes(ws, [id])).get(id) ?? 0);
  }

  /** Renames, re-describes or gives a new rule (a new version, recomputed by a job; not for a list). */
  async update(actor: Actor, id: string, input: Omit<Partial<SegmentInput>, 'kind'>): Promise<SegmentView> {
    const ws = actor.workspaceId;
    const name = input.name !== undefined ? checkName(input.name) : undefined;
    if (input.rule !== undefined && (await this.get(ws, id)).kind === 'list')
      throw invalid('rule', 'a list has no rule: its members are added to it', 'UNKNOWN_FIELD');
    const checked = input.rule !== undefined ? await this.check(ws, input.rule, id) : null;
    const out = await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('segments')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Segment');
      // References checked again under the lock: another segment may have started to use this one.
      if (checked) await this.closure(trx, ws, checked.rule, id);
      const ruleChanged = checked !== null && JSON.stringify(checked.rule) !== JSON.stringify(before.rule);
      const version = ruleChanged ? before.version + 1 : before.version;
      const row = await trx
        .updateTable('segments')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
          ...(ruleChanged ? { rule: JSON.stringify(checked!.rule), version } : {}),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (ruleChanged) {
        await trx
          .insertInto('segment_versions')
          .values({
            workspace_id: ws,
            segment_id: id,
            version,
            rule: JSON.stringify(checked!.rule),
            actor: actor.label,
          })
          .execute();
        await this.jobs.enqueue(ws, RECOMPUTE_JOB, { segmentId: id }, { trx });
      }
      const size = (await this.membership.sizes(ws, [id], trx)).get(id) ?? 0;
      const v = view(row, size);
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'segment',
        entityId: id,
        before: view(before, size),
        after: v,
        record: v,
      });
      return v;
    });
    this.cache.delete(ws);
    return out;
  }

  /** Deletes a segment and its membership; refused (409) while another segment refers to it. */
  async remove(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    let files: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('segments')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Segment');
      const users = await trx
        .selectFrom('segments')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '<>', id)
        .where(sql<boolean>`rule::text LIKE ${`%"segment": "${id}"%`}`) // jsonb prints as {"segment": "…"}
        .execute();
      if (users.length)
        throw inUse(
          id,
          users.map((u) => u.id),
        );
      await trx.deleteFrom('segment_members').where('workspace_id', '=', ws).where('segment_id', '=', id).execute();
      // A list's uploads go with it (their files once this commits).
      files = await this.uploads.forget(trx, ws, id);
      await trx.deleteFrom('segment_versions').where('workspace_id', '=', ws).where('segment_id', '=', id).execute();
      await trx.deleteFrom('segments').where('workspace_id', '=', ws).where('id', '=', id).execute();
      const v = view(before, 0);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'segment',
        entityId: id,
        before: v,
        record: v,
      });
    });
    await this.uploads.removeFiles(files);
    this.cache.delete(ws);
  }

  async versions(ws: string, id: string) {
    await this.get(ws, id);
    // A list has no versions: no rows.
    const rows = await this.db
      .selectFrom('segment_versions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('segment_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ version: r.version, rule: r.rule as Rule, actor: r.actor, createdAt: r.created_at }));
  }

  // ------------------------------------------------------------------------------ membership

  /** The size of a draft rule and a few of its members, computed now (nothing is stored). */
  async preview(
    ws: string,
    raw: unknown,
    opts: { sample?: number; now?: Date } = {},
  ): Promise<{ size: number; sample: string[] }> {
    const { rule, closure } = await this.check(ws, raw);
    const members = compileMembers(this.conditions, rule, {
      workspaceId: ws,
      now: opts.now ?? new Date(),
      segments: closure,
    });
    // One evaluation gives both (the count is taken before the limit; at least one row is read so
    // that a size-only preview, sample 0, still gets it), with a recompute's settings.
    const wanted = opts.sample ?? 10;
    const rows = await this.db.transaction().execute(async (trx) => {
      await this.setSetBased(trx);
      return (
        await sql<{
          person_id: string;
          n: number;
        }>`SELECT person_id, (count(*) OVER ())::int AS n FROM (${members}) m ORDER BY person_id LIMIT ${Math.max(1, wanted)}`.execute(
          trx,
        )
      ).rows;
    });
    return { size: rows[0]?.n ?? 0, sample: rows.slice(0, wanted).map((r) => r.person_id) };
  }

  /** Current members, newest first: `{ data: [{ personId, enteredAt }], nextCursor }`. */
  async members(ws: string, id: string, q: { limit: number; cursor?: string }) {
    await this.get(ws, id);
    return this.membership.page(ws, id, q);
  }

  /** The current members as a CSV stream (members-export.ts); 404 first for an unknown segment. */
  async exportCsv(ws: string, id: string): Promise<Readable> {
    await this.get(ws, id);
    return exportMembers(this.db, ws, id);
  }

  /** The ids of the segments a person is in now. */
  segmentsOf(ws: string, personId: string, db: DbOrTx = this.db): Promise<string[]> {
    return this.membership.segmentsOf(ws, personId, db);
  }

  /**
   * Which of `personIds` a rule holds for now (a journey's branch), compiled by the segments
   * compiler for those persons only, in the caller's transaction when given. The rule is checked
   * as the API checks one (400 naming `rule…` when it is not valid any more).
   */
  async matches(
    ws: string,
    raw: unknown,
    personIds: readonly string[],
    db: DbOrTx = this.db,
    now = new Date(),
  ): Promise<Set<string>> {
    if (!personIds.length) return new Set();
    const { rule, closure } = await this.check(ws, raw, null, db);
    const members = compileMembers(this.conditions, rule, {
      workspaceId: ws,
      now,
      segments: closure,
      only: [...new Set(personIds)],
    });
    const r = await sql<{ person_id: string }>`SELECT person_id FROM (${members}) m`.execute(db);
    return new Set(r.rows.map((x) => x.person_id));
  }

  /** Queues a full recompute; returns the job id. */
  async queueRecompute(ws: string, id: string): Promise<string> {
    if ((await this.get(ws, id)).kind === 'list')
      throw new AppError('CONFLICT', 'A list has no rule to recompute: its members are the ones put in it', [
        { path: 'id', message: 'a list' },
      ]);
    return this.jobs.enqueue(ws, RECOMPUTE_JOB, { segmentId: id });
  }

  /**
   * Full recompute in one transaction: the members the rule gives now replace the stored ones
   * (entries and exits written as a diff, each one a timeline entry), and the segment is marked
   * computed at its current version. Readers see the old membership or the new, never a mix.
   */
  async recompute(ws: string, id: string, now = new Date()): Promise<RecomputeResult> {
    return this.db.transaction().execute(async (trx) => {
      const seg = await trx
        .selectFrom('segments')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!seg) throw notFound('Segment');
      await this.setSetBased(trx);
      const sizeNow = async () => (await this.membership.sizes(ws, [id], trx)).get(id) ?? 0;
      // A list's members are the ones put in it: nothing to compute (the API refuses; this guards direct calls).
      if (seg.kind === 'list')
        return { segmentId: id, version: seg.version, entered: 0, exited: 0, size: await sizeNow() };
      const closure = await this.closure(trx, ws, seg.rule as Rule, id);
      // Everyone is in scope: the members the diff leaves are the size (no second count).
      const { entered, exited, members: size } = await this.applyDiff(trx, ws, seg, closure, now, null);
      await trx
        .updateTable('segments')
        .set({ computed_version: seg.version, computed_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      this.log.debug(
        { workspaceId: ws, segmentId: id, version: seg.version, entered, exited, size },
        'segment recomputed',
      );
      return { segmentId: id, version: seg.version, entered, exited, size };
    });
  }

  /**
   * Incremental update: re-evaluates, for these persons only, the segments the change can
   * affect, and writes their enters and exits. Returns how many changed.
   */
  /**
   * Whether a rule segment of the workspace is re-evaluated on one of these events: callers that
   * record many events of their own (the message ledger) skip queueing work that would find none.
   * Inside a transaction pass it as `db`.
   */
  async watchesEvents(ws: string, events: readonly string[], db: DbOrTx = this.db): Promise<boolean> {
    const names = new Set(events);
    return (await this.rules(ws, db)).some((s) => s.triggers.some((t) => t.on === 'event' && names.has(t.name)));
  }

  async evaluate(
    ws: string,
    personIds: readonly string[],
    change: Change,
    now = new Date(),
  ): Promise<{ entered: number; exited: number; segments: number }> {
    const out = { entered: 0, exited: 0, segments: 0 };
    if (!personIds.length) return out;
    const events = new Set(change.events ?? []);
    const modules = new Set(change.modules ?? []);
    const affected = (await this.rules(ws)).filter((s) =>
      s.triggers.some(
        (t) =>
          (t.on === 'event' && events.has(t.name)) ||
          (t.on === 'traits' && change.traits) ||
          (t.on === 'stats' && change.stats) ||
          (t.on === 'module' && modules.has(t.name)),
      ),
    );
    const ids = [...new Set(personIds)];
    // One segment per transaction, in id order: a recompute of one segment never waits on another's.
    for (const s of affected.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const r = await this.db.transaction().execute(async (trx) => {
        const seg = await trx
          .selectFrom('segments')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', '=', s.id)
          .forUpdate()
          .executeTakeFirst();
        if (!seg || seg.kind === 'list') return { entered: 0, exited: 0 };
        const closure = await this.closure(trx, ws, seg.rule as Rule, seg.id);
        return this.applyDiff(trx, ws, seg, closure, now, ids);
      });
      out.entered += r.entered;
      out.exited += r.exited;
      out.segments++;
    }
    return out;
  }

  /**
   * Recomputes, in every workspace, the segments with a time window (theirs or a referenced
   * segment's) last computed `olderThanSeconds` ago or more. Each is claimed in the database first
   * (its computed_at moved on), so two workers never recompute the same one. Returns their ids.
   */
  async recomputeWindows(olderThanSeconds = WINDOW_SECONDS, now = new Date()): Promise<string[]> {
    const due = await this.db
      .selectFrom('segments')
      .select(['workspace_id', 'id', 'computed_at'])
      .where('kind', '=', 'rule')
      .where('computed_at', 'is not', null)
      .where('computed_at', '<=', new Date(now.getTime() - olderThanSeconds * 1000))
      .orderBy('computed_at')
      .limit(1000)
      .execute();
    const done: string[] = [];
    for (const d of due) {
      const rules = await this.rules(d.workspace_id);
      if (!rules.find((r) => r.id === d.id)?.triggers.some((t) => t.on === 'time')) continue;
      const claimed = await this.db
        .updateTable('segments')
        .set({ computed_at: now })
        .where('workspace_id', '=', d.workspace_id)
        .where('id', '=', d.id)
        .where('computed_at', '=', d.computed_at)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) continue;
      try {
        await this.recompute(d.workspace_id, d.id, now);
        done.push(d.id);
      } catch (err) {
        this.log.warn({ err, workspaceId: d.workspace_id, segmentId: d.id }, 'window recompute failed');
      }
    }
    return done;
  }

  /** What can change a segment's membership (its own conditions, those of segments it refers to, lists' changes). */
  triggersOf(rule: Rule, closure: ReadonlyMap<string, Rule | null>): Trigger[] {
    return triggersOf(this.conditions, rule, closure);
  }

  // ------------------------------------------------------------------------------ internals

  /**
   * Writes the difference between the stored membership and what the rule gives now (for `only`
   * persons, or everyone), and a timeline entry per enter and exit, in one statement (membership.ts).
   */
  private async applyDiff(
    trx: DbOrTx,
    ws: string,
    seg: { id: string; name: string; version: number; rule: unknown },
    closure: Closure,
    now: Date,
    only: string[] | null,
  ) {
    const members = compileMembers(this.conditions, seg.rule as Rule, {
      workspaceId: ws,
      now,
      segments: closure,
      ...(only ? { only } : {}),
    });
    let fresh: RawBuilder<unknown> = members;
    if (!only) {
      // A full recompute: PostgreSQL never runs a statement that writes (the diff) in parallel, and
      // the rule's evaluation is most of the work, so it runs first, alone, where a server's
      // parallel workers can take it, into a table the transaction drops.
      await sql`CREATE TEMP TABLE segment_fresh ON COMMIT DROP AS ${members}`.execute(trx);
      fresh = sql`SELECT person_id FROM segment_fresh`;
    }
    const r = await this.membership.apply(trx, ws, seg, fresh, only, now);
    return { entered: r.entered.length, exited: r.exited.length, members: r.members };
  }

  /**
   * Settings for a set-based pass over every person, for the transaction only: room to hash and
   * sort in memory, and parallel workers for the rule's scans on a PostgreSQL server (the planner's
   * default costs judge handing ~1M matching events from the workers to the grouping too dear, but
   * measured — bench/segments, 1M people — the parallel plan took 2.3 s where the serial one took 3.5).
   */
  private async setSetBased(trx: DbOrTx) {
    const workMem = `${Math.round(this.opts.recomputeWorkMemMb ?? 64)}MB`;
    await sql`SELECT set_config('work_mem', ${workMem}, true), set_config('parallel_setup_cost', '0', true), set_config('parallel_tuple_cost', '0.001', true)`.execute(
      trx,
    );
  }

  /** The segments `rule` refers to, directly or not (references.ts). */
  private closure(db: DbOrTx, ws: string, rule: Rule, selfId: string | null): Promise<Closure> {
    return closureOf(this.conditions, db, ws, rule, selfId);
  }

  /** `db`: the caller's transaction when it holds one (on PGlite, its one connection: a query beside it would wait forever). */
  private async rules(ws: string, db: DbOrTx = this.db) {
    const hit = this.cache.get(ws);
    if (hit && hit.until > Date.now()) return hit.list;
    const rows = await db
      .selectFrom('segments')
      .select(['id', 'name', 'version', 'kind', 'rule'])
      .where('workspace_id', '=', ws)
      .execute();
    // Lists are in the map (null: read their members), not in the list: nothing evaluates them.
    const all: Closure = new Map(rows.map((r) => [r.id, r.kind === 'list' ? null : (r.rule as Rule)]));
    const list = rows
      .filter((r) => r.kind === 'rule')
      .map((r) => ({
        id: r.id,
        name: r.name,
        version: r.version,
        rule: r.rule as Rule,
        triggers: this.triggersOf(r.rule as Rule, all),
      }));
    this.cache.set(ws, { until: Date.now() + CACHE_MS, list });
    return list;
  }
}

/** How long a process trusts its copy of a workspace's segment rules (edits in this process drop it at once). */
const CACHE_MS = 2_000;
/** How often segments with a time window are recomputed (the granularity of their expiry). */
export const WINDOW_SECONDS = 60;

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw invalid('name', 'must not be empty', 'REQUIRED');
  if (n.length > 200) throw invalid('name', 'at most 200 characters', 'TOO_LONG');
  return n;
}
