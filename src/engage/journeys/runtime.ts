import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Tx } from '../../core/db/schema.ts';
import { AppError } from '../../core/errors.ts';
import { WakeLoop, type AppendedEvent } from '../../cdp/index.ts';
import type { Engage } from '../engage.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import { readPolicy, type MessagingPolicy } from '../policy-settings.ts';
import { END, type JourneyDefinition, type StepType } from './definition.ts';
import { JourneyEntries } from './entries.ts';
import { registerJourneyPersonData } from './person-data.ts';
import { STEP_KINDS } from './steps/index.ts';
import type {
  BatchCache,
  BatchContext,
  ClaimedRun,
  Effects,
  JourneyInfo,
  ResumeReason,
  StepItem,
  StepKind,
  StepResult,
} from './steps/types.ts';
import { JOURNEY_EVENT, StepError, groupBy } from './steps/types.ts';
import { defineWebhookJob } from './steps/webhook.ts';

/** Runs one claim takes (one transaction: their steps, positions, log and effects). */
export const CLAIM = 500;
/** Steps one run takes in one claim at most (a long chain without a wait goes on in the next claim). */
const MAX_STEPS = 50;
/** How often each worker looks for due runs (besides the in-process wake and the timer). */
export const POLL_SECONDS = 1;
/** The job that re-evaluates the segments of persons whose traits a journey changed. */
export const SEGMENTS_JOB = 'engage.journey-segments';
export { JOURNEY_EVENT };

interface Claimed extends ClaimedRun {
  journey_name: string;
  journey_created_by: string | null;
}

interface LogRow {
  workspace_id: string;
  run_id: string;
  seq: number;
  journey_id: string;
  version: number;
  step_id: string;
  entered_at: string;
  due_at: string | null;
  left_at: string | null;
  outcome: string | null;
  detail: Record<string, unknown> | null;
}

/** A run moving through the batch's rounds. */
interface Cursor {
  run: Claimed;
  journey: JourneyInfo;
  /** The seq of its last log row. */
  seq: number;
  /** The step it is at (END: it completes). */
  cur: string;
  /** The timer that made it due (on its first step's log row: the lag). */
  firstDue: string | null;
}

interface RunUpdate {
  workspace_id: string;
  id: string;
  state: string;
  step_id: string | null;
  due_at: string | null;
  waiting_for: unknown;
  step_entered_at: string;
  finished_at: string | null;
  exit_reason: string | null;
  step_seq: number;
}

/**
 * The journey runtime (issue 17): each person's position is a row of engage_journey_runs, and
 * this moves them. A claim takes due runs of active journeys (FOR UPDATE SKIP LOCKED, so two
 * workers never take the same run), runs each one's steps until it must wait, and writes the
 * positions, the step log, the timeline entries and every step's effect (messages queued, points,
 * traits, tasks, webhook jobs) in that one transaction: a crash before the commit leaves nothing
 * of the claim, and the runs are due again for the next process; after it, nothing runs twice.
 *
 * Woken in-process after entries commit, polled every second in each worker (jobs.every), and
 * timed to the next due_at. Paused journeys' runs are not claimed: they keep their positions and
 * run on resume.
 */
export class JourneyRuntime {
  readonly entries: JourneyEntries;
  private loop: WakeLoop<'all'>;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private defs = new Map<string, JourneyDefinition>();
  private log: Logger;

  constructor(
    private k: EngageBaseKernel,
    private engage: Engage,
  ) {
    this.log = k.log.child({ component: 'journeys' });
    this.loop = new WakeLoop(
      () => this.step(),
      (err) => this.log.warn({ err }, 'journey step batch failed; the next poll retries it'),
    );
    k.jobs.every('engage.journeys', POLL_SECONDS, () => this.poll());
    k.jobs.define<{ personIds: string[] }>({
      name: SEGMENTS_JOB,
      retryLimit: 3,
      retryDelaySeconds: 5,
      retryBackoff: true,
      handler: (data, ctx) => k.segments.evaluate(ctx.workspaceId, data.personIds, { traits: true }),
    });
    defineWebhookJob(k);
    registerJourneyPersonData(k);
    this.entries = new JourneyEntries(k, this);
  }

  /** Runs are due (after a commit): claim them now rather than at the next poll. */
  wake(): void {
    if (!this.stopped) this.loop.wake('all');
  }

  /** The poll: what a lost wake missed, timers now due. */
  async poll(): Promise<void> {
    this.wake();
    await this.loop.idle();
  }

  /** Resolves once the claims in progress (and those they woke) are done. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** A journey was published, resumed or changed: entry caches dropped, its due runs claimed now. */
  activated(ws: string, _journeyId?: string): void {
    this.entries.forget(ws);
    this.wake();
  }

  /** Takes no more wakes; waits for the claim in progress (module stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.loop.stop();
  }

  /**
   * One claim: up to CLAIM due runs in one transaction. When it fails (a step's error rolls it
   * back), the runs are taken one per transaction, so that only the failing one exits (error).
   * Returns true when more may be due.
   */
  async step(now = new Date()): Promise<boolean> {
    let n: number;
    try {
      n = await this.k.db.transaction().execute((trx) => this.claim(trx, now, CLAIM));
    } catch (err) {
      this.log.warn({ err }, 'a journey claim failed; its runs are taken one by one');
      n = await this.oneByOne(now);
    }
    if (n < CLAIM) await this.arm();
    return n >= CLAIM;
  }

  private async oneByOne(now: Date): Promise<number> {
    let n = 0;
    for (; n < CLAIM; n++) {
      let failed: { ws: string; id: string } | null = null;
      let err: unknown = null;
      const got = await this.k.db
        .transaction()
        .execute((trx) => this.claim(trx, now, 1, (run) => (failed = { ws: run.workspace_id, id: run.id })))
        .catch((e) => {
          err = e;
          return -1;
        });
      if (got === 0) return n;
      if (got < 0 && failed) await this.fail(failed, err);
      else if (got < 0) throw err;
    }
    return n;
  }

  /** Claims up to `limit` due runs in `trx` and runs them; returns how many. */
  private async claim(trx: Tx, now: Date, limit: number, onRun?: (run: Claimed) => void): Promise<number> {
    const claimed = await sql<Claimed>`
      SELECT r.workspace_id, r.id, r.journey_id, r.version, r.person_id, r.grp, r.state, r.step_id, r.due_at,
             r.waiting_for, r.step_entered_at, r.entered_at, r.step_seq,
             j.name AS journey_name, j.created_by AS journey_created_by
      FROM engage_journey_runs r
      JOIN engage_journeys j ON j.workspace_id = r.workspace_id AND j.id = r.journey_id
      WHERE r.state IN ('active', 'waiting') AND r.due_at IS NOT NULL AND r.due_at <= ${now}
        AND j.status = 'active'
      ORDER BY r.due_at
      LIMIT ${limit}
      FOR UPDATE OF r SKIP LOCKED`.execute(trx);
    if (!claimed.rows.length) return 0;
    for (const r of claimed.rows) onRun?.(r);
    await this.execute(trx, claimed.rows, now);
    return claimed.rows.length;
  }

  /** A run whose step failed on its own: it exits with `error:<code>`, the error in its log. */
  private async fail(run: { ws: string; id: string }, err: unknown): Promise<void> {
    const code = err instanceof StepError ? err.code : err instanceof AppError ? err.code.toLowerCase() : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    this.log.warn({ err, workspaceId: run.ws, runId: run.id }, 'a journey step failed; the run exits');
    await this.k.db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom('engage_journey_runs')
        .selectAll()
        .where('workspace_id', '=', run.ws)
        .where('id', '=', run.id)
        .where('state', 'in', ['active', 'waiting'])
        .forUpdate()
        .executeTakeFirst();
      if (!r) return;
      const now = new Date();
      const seq = r.step_seq + 1;
      await trx
        .insertInto('engage_journey_steps')
        .values({
          workspace_id: r.workspace_id,
          run_id: r.id,
          seq,
          journey_id: r.journey_id,
          version: r.version,
          step_id: r.step_id ?? END,
          entered_at: now,
          due_at: r.due_at,
          left_at: now,
          outcome: 'error',
          detail: JSON.stringify({ code, message: message.slice(0, 500) }),
        })
        .execute();
      await trx
        .updateTable('engage_journey_runs')
        .set({
          state: 'exited',
          exit_reason: `error:${code}`,
          finished_at: now,
          due_at: null,
          waiting_for: null,
          step_seq: seq,
        })
        .where('workspace_id', '=', r.workspace_id)
        .where('id', '=', r.id)
        .execute();
      await this.k.cdp.directory.appendEvents(trx, r.workspace_id, [
        {
          personId: r.person_id,
          type: 'journey',
          event: JOURNEY_EVENT.exited,
          messageId: `jr:${r.id}:exit`,
          properties: { journeyId: r.journey_id, version: r.version, stepId: r.step_id, reason: `error:${code}` },
        },
      ]);
    });
  }

  /**
   * Runs the claimed runs' steps until each waits or ends, set-based: in rounds, every run still
   * moving takes its next step, the round's steps grouped by kind and each kind done for all its
   * runs in a few statements (STEP_KINDS[kind].runMany). The log, the timeline, the messages and
   * the positions are then written once for the batch (one statement each).
   */
  private async execute(trx: Tx, runs: Claimed[], now: Date): Promise<void> {
    const logs: LogRow[] = [];
    const closes: { workspace_id: string; run_id: string; seq: number; outcome: string; detail: unknown }[] = [];
    const updates: RunUpdate[] = [];
    const iso = now.toISOString();
    for (const [ws, list] of groupBy(runs, (r) => r.workspace_id)) {
      const fx: Effects = { messages: [], timeline: [], traitsChanged: new Set() };
      const ctx: BatchContext = { k: this.k, engage: this.engage, trx, ws, now, fx, cache: this.cache(trx, ws) };
      const position = (c: Cursor, u: Partial<RunUpdate>) =>
        updates.push({
          workspace_id: ws,
          id: c.run.id,
          state: 'active',
          step_id: c.cur,
          due_at: null,
          waiting_for: null,
          step_entered_at: iso,
          finished_at: null,
          exit_reason: null,
          step_seq: c.seq,
          ...u,
        });
      const finish = (c: Cursor, state: string, reason: string) => {
        position(c, { state, finished_at: iso, exit_reason: reason });
        fx.timeline.push({
          personId: c.run.person_id,
          type: 'journey',
          event: JOURNEY_EVENT.exited,
          messageId: `jr:${c.run.id}:exit`,
          occurredAt: now,
          properties: { journeyId: c.journey.id, journeyName: c.journey.name, version: c.journey.version, reason },
        });
      };
      const stepEvent = (c: Cursor, stepId: string, stepType: string, outcome: string, seq: number) =>
        fx.timeline.push({
          personId: c.run.person_id,
          type: 'journey',
          event: JOURNEY_EVENT.step,
          messageId: `jr:${c.run.id}:${seq}`,
          occurredAt: now,
          properties: {
            journeyId: c.journey.id,
            journeyName: c.journey.name,
            version: c.journey.version,
            stepId,
            stepType,
            outcome,
          },
        });

      let moving: Cursor[] = [];
      for (const run of list) {
        const journey = await this.journey(trx, run);
        const c: Cursor = {
          run,
          journey,
          seq: run.step_seq,
          cur: run.step_id ?? END,
          firstDue: run.due_at ? new Date(run.due_at).toISOString() : null,
        };
        if (run.grp === 'control' || !run.step_id) {
          // The hold-out takes no steps (it is never due; this guards a stray timer).
          position(c, {
            state: run.state,
            step_id: run.step_id,
            waiting_for: run.waiting_for,
            step_entered_at: new Date(run.step_entered_at).toISOString(),
          });
          continue;
        }
        if (run.state === 'waiting') {
          // The wait ended: its timer passed, or what it waited for came (`fired`).
          const index = journey.def.steps.findIndex((s) => s.id === c.cur);
          const step = journey.def.steps[index];
          if (step?.type !== 'wait') {
            finish(c, 'exited', 'error:missing_step');
            continue;
          }
          const why: ResumeReason = run.waiting_for?.fired ?? 'timer';
          const res = STEP_KINDS.wait.resume!({ run, journey, step, index, seq: c.seq }, why) as Extract<
            StepResult,
            { kind: 'next' }
          >;
          closes.push({ workspace_id: ws, run_id: run.id, seq: c.seq, outcome: res.outcome, detail: { resumed: why } });
          stepEvent(c, step.id, 'wait', res.outcome, c.seq);
          c.cur = res.next;
        }
        moving.push(c);
      }

      for (let n = 0; moving.length; n++) {
        const round = new Map<StepType, { c: Cursor; item: StepItem }[]>();
        for (const c of moving) {
          if (c.cur === END) {
            finish(c, 'completed', 'completed');
            continue;
          }
          if (n >= MAX_STEPS) {
            // A long chain without a wait goes on in the next claim.
            position(c, { due_at: iso });
            continue;
          }
          const index = c.journey.def.steps.findIndex((s) => s.id === c.cur);
          if (index < 0) {
            finish(c, 'exited', 'error:missing_step');
            continue;
          }
          const step = c.journey.def.steps[index];
          c.seq++;
          const item: StepItem = { run: c.run, journey: c.journey, step, index, seq: c.seq };
          const same = round.get(step.type);
          if (same) same.push({ c, item });
          else round.set(step.type, [{ c, item }]);
        }
        moving = [];
        for (const [type, group] of round) {
          // biome-ignore lint/suspicious/noExplicitAny: one executor per kind, typed by the table
          const results: StepResult[] = await (STEP_KINDS[type] as StepKind<any>).runMany(
            ctx,
            group.map((g) => g.item),
          );
          group.forEach(({ c, item }, i) => {
            const res = results[i];
            logs.push({
              workspace_id: ws,
              run_id: c.run.id,
              seq: item.seq,
              journey_id: c.journey.id,
              version: c.journey.version,
              step_id: item.step.id,
              entered_at: iso,
              due_at: c.firstDue,
              left_at: res.kind === 'wait' ? null : iso,
              outcome: res.kind === 'wait' ? null : res.outcome,
              detail: res.detail ?? null,
            });
            c.firstDue = null;
            if (res.kind === 'wait') {
              c.cur = item.step.id;
              position(c, {
                state: 'waiting',
                due_at: res.dueAt ? res.dueAt.toISOString() : null,
                waiting_for: res.waitingFor,
              });
              return;
            }
            stepEvent(c, item.step.id, item.step.type, res.outcome, item.seq);
            if (res.kind === 'exit') finish(c, 'exited', res.reason);
            else {
              c.cur = res.next;
              moving.push(c);
            }
          });
        }
      }
      await this.writeEffects(trx, ws, fx);
    }
    await writeLog(trx, logs, closes, iso);
    await writeRuns(trx, updates);
  }

  private async writeEffects(trx: Tx, ws: string, fx: Effects): Promise<void> {
    if (fx.messages.length) await this.engage.messages.enqueueMany(trx, ws, fx.messages);
    if (fx.timeline.length) await this.k.cdp.directory.appendEvents(trx, ws, fx.timeline);
    if (fx.traitsChanged.size)
      await this.k.jobs.enqueue(ws, SEGMENTS_JOB, { personIds: [...fx.traitsChanged] }, { trx });
  }

  /** The journey at the run's version (definitions are immutable per version: cached). */
  private async journey(trx: Tx, run: Claimed): Promise<JourneyInfo> {
    const key = `${run.workspace_id}:${run.journey_id}:${run.version}`;
    let def = this.defs.get(key);
    if (!def) {
      const v = await trx
        .selectFrom('engage_journey_versions')
        .select('definition')
        .where('workspace_id', '=', run.workspace_id)
        .where('journey_id', '=', run.journey_id)
        .where('version', '=', run.version)
        .executeTakeFirstOrThrow();
      def = v.definition;
      if (this.defs.size > 10_000) this.defs.clear();
      this.defs.set(key, def);
    }
    return {
      id: run.journey_id,
      name: run.journey_name,
      version: run.version,
      createdBy: run.journey_created_by,
      def,
    };
  }

  /** A definition at a version, from the cache or `trx` (entries.ts reads it too). */
  async definition(trx: Tx, ws: string, journeyId: string, version: number): Promise<JourneyDefinition | null> {
    const key = `${ws}:${journeyId}:${version}`;
    const hit = this.defs.get(key);
    if (hit) return hit;
    const v = await trx
      .selectFrom('engage_journey_versions')
      .select('definition')
      .where('workspace_id', '=', ws)
      .where('journey_id', '=', journeyId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (v) this.defs.set(key, v.definition);
    return v?.definition ?? null;
  }

  private cache(trx: Tx, ws: string): BatchCache {
    let policy: Promise<MessagingPolicy> | null = null;
    const traits = new Map<string, Record<string, unknown>>();
    const live = new Map<string, string | null>();
    const channels = new Map<string, Promise<string | null>>();
    const templates = new Map<string, Promise<'marketing' | 'transactional' | null>>();
    const memo = <T>(m: Map<string, Promise<T>>, key: string, f: () => Promise<T>) => {
      let p = m.get(key);
      if (!p) {
        p = f();
        m.set(key, p);
      }
      return p;
    };
    const unread = <T>(m: Map<string, T>, ids: readonly string[]) => [...new Set(ids)].filter((id) => !m.has(id));
    return {
      policy: () => (policy ??= readPolicy(trx, ws)),
      traits: async (personIds) => {
        const missing = unread(traits, personIds);
        if (missing.length) {
          const r = await sql<{ id: string; traits: Record<string, unknown> }>`
            SELECT p.id, coalesce(l.traits, p.traits) AS traits FROM persons p
            LEFT JOIN persons l ON l.workspace_id = p.workspace_id AND l.id = p.merged_into
            WHERE p.workspace_id = ${ws} AND p.id = ANY(${missing}::uuid[])`.execute(trx);
          for (const id of missing) traits.set(id, {});
          for (const x of r.rows) traits.set(x.id, x.traits ?? {});
        }
        return new Map(personIds.map((id) => [id, traits.get(id) ?? {}]));
      },
      liveIds: async (personIds) => {
        const missing = unread(live, personIds);
        if (missing.length) {
          // Follows merged_into to the survivor (a chain when the survivor was merged in turn).
          const r = await sql<{ start: string; id: string }>`
            WITH RECURSIVE c(start, id, merged_into, hops) AS (
              SELECT p.id, p.id, p.merged_into, 0 FROM persons p WHERE p.workspace_id = ${ws} AND p.id = ANY(${missing}::uuid[])
              UNION ALL
              SELECT c.start, p.id, p.merged_into, c.hops + 1 FROM c
              JOIN persons p ON p.workspace_id = ${ws} AND p.id = c.merged_into
              WHERE c.hops < 100
            )
            SELECT start, id FROM c WHERE merged_into IS NULL`.execute(trx);
          for (const id of missing) live.set(id, null);
          for (const x of r.rows) live.set(x.start, x.id);
        }
        const out = new Map<string, string>();
        for (const id of personIds) {
          const l = live.get(id);
          if (l) out.set(id, l);
        }
        return out;
      },
      channel: (id) =>
        memo(channels, id, async () => {
          const c = await trx
            .selectFrom('engage_channels')
            .select('type')
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .where('deleted_at', 'is', null)
            .executeTakeFirst();
          return c?.type ?? null;
        }),
      template: (id) =>
        memo(templates, id, async () => {
          const t = await trx
            .selectFrom('engage_templates')
            .select('kind')
            .where('workspace_id', '=', ws)
            .where('id', '=', id)
            .executeTakeFirst();
          return t?.kind ?? null;
        }),
    };
  }

  /** A timer to the next due run of an active journey (within a minute; the poll covers the rest). */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    const r = await sql<{ due_at: Date }>`
      SELECT r.due_at FROM engage_journey_runs r
      JOIN engage_journeys j ON j.workspace_id = r.workspace_id AND j.id = r.journey_id AND j.status = 'active'
      WHERE r.state IN ('active', 'waiting') AND r.due_at IS NOT NULL
      ORDER BY r.due_at LIMIT 1`.execute(this.k.db);
    const due = r.rows[0]?.due_at;
    if (!due) return;
    // Due already (held by another worker, or committed meanwhile): look again shortly, not at once.
    const ms = Math.min(Math.max(new Date(due).getTime() - Date.now(), 250), 60_000);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms);
    this.timer.unref();
  }

  /** Appends timeline entries in the caller's transaction (entries.ts: Journey Entered). */
  timeline(trx: Tx, ws: string, events: AppendedEvent[]): Promise<void> {
    return this.k.cdp.directory.appendEvents(trx, ws, events);
  }
}

async function writeLog(
  trx: Tx,
  logs: LogRow[],
  closes: { workspace_id: string; run_id: string; seq: number; outcome: string; detail: unknown }[],
  iso: string,
): Promise<void> {
  if (closes.length)
    await sql`
      UPDATE engage_journey_steps s SET left_at = ${iso}::timestamptz, outcome = x.outcome,
        detail = coalesce(s.detail, '{}'::jsonb) || coalesce(x.detail, '{}'::jsonb)
      FROM jsonb_to_recordset(${JSON.stringify(closes)}::jsonb) AS x(workspace_id uuid, run_id uuid, seq int, outcome text, detail jsonb)
      WHERE s.workspace_id = x.workspace_id AND s.run_id = x.run_id AND s.seq = x.seq`.execute(trx);
  if (logs.length)
    await sql`
      INSERT INTO engage_journey_steps (workspace_id, run_id, seq, journey_id, version, step_id, entered_at, due_at, left_at, outcome, detail)
      SELECT x.workspace_id, x.run_id, x.seq, x.journey_id, x.version, x.step_id, x.entered_at, x.due_at, x.left_at, x.outcome, x.detail
      FROM jsonb_to_recordset(${JSON.stringify(logs)}::jsonb) AS x(workspace_id uuid, run_id uuid, seq int, journey_id uuid, version int,
        step_id text, entered_at timestamptz, due_at timestamptz, left_at timestamptz, outcome text, detail jsonb)`.execute(
      trx,
    );
}

async function writeRuns(trx: Tx, updates: RunUpdate[]): Promise<void> {
  if (!updates.length) return;
  await sql`
    UPDATE engage_journey_runs r SET state = x.state, step_id = x.step_id, due_at = x.due_at, waiting_for = x.waiting_for,
      step_entered_at = x.step_entered_at, finished_at = x.finished_at, exit_reason = x.exit_reason, step_seq = x.step_seq
    FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(workspace_id uuid, id uuid, state text, step_id text,
      due_at timestamptz, waiting_for jsonb, step_entered_at timestamptz, finished_at timestamptz, exit_reason text, step_seq int)
    WHERE r.workspace_id = x.workspace_id AND r.id = x.id`.execute(trx);
}
