import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../core/db/schema.ts';
import type { Jobs } from '../../core/jobs/jobs.ts';
import { WakeLoop } from '../wake-loop.ts';

/** What changed for a few persons: the incremental evaluator re-checks the segments it can affect. */
export interface Change {
  /** Names of events that arrived. */
  events?: readonly string[];
  /** Identify traits changed. */
  traits?: boolean;
  /** Computed traits changed (any tracked event). */
  stats?: boolean;
  /** Module-specific changes (`crm`, `consent` …), as the module's conditions declare them. */
  modules?: readonly string[];
}

/** What the follower calls: Segments.evaluate (segments.ts). */
export interface Evaluator {
  evaluate(workspaceId: string, personIds: readonly string[], change: Change): Promise<unknown>;
}

/** The computed traits stage this one follows (the CDP's fold follower, src/cdp/fold-follower.ts). */
export interface FoldStage {
  settled(workspaceId?: string): Promise<void>;
  onFolded(listener: (workspaceId: string) => void): void;
}

/** Persons per evaluate call at most. */
const MAX_PERSONS = 1_000;
/** segment_dirty rows one step leases at most. */
const CLAIM_ROWS = 100;
/** How long a lease lasts: a process that dies holding one delays those persons by this much. */
const LEASE_SECONDS = 20;
/** Leases of one row at most: one that fails this often is dropped (the next full recompute repairs it). */
const MAX_ATTEMPTS = 5;
const POLL_SECONDS = 1;

interface Dirty {
  workspace_id: string;
  id: string;
  person_ids: string[];
  events: string[];
  traits: boolean;
  attempts: number;
}

/**
 * The second stage after ingest: membership. A fold of computed traits (src/cdp/fold-queue.ts)
 * records in `segment_dirty`, in its own transaction, the persons and event names it folded; this
 * follower leases those rows, re-evaluates for those persons only the segments the change can
 * affect (Segments.evaluate), and deletes the rows once that is done. Evaluate is idempotent and
 * runs its own transactions (one per segment), so the rows are leased (`claimed_until`) rather
 * than held locked: a process that dies mid-way leaves them to be leased again when the lease
 * passes, and evaluating a person twice changes nothing. It wakes in-process after each fold and
 * polls every second in each worker.
 */
export class SegmentFollower {
  private db: Db | null = null;
  private folds: FoldStage | null = null;
  private loop: WakeLoop<'all'>;

  constructor(
    private segments: Evaluator,
    private log: Logger,
  ) {
    this.loop = new WakeLoop(
      () => this.step(),
      (err) => this.log.warn({ err }, 'segment membership update failed; retried once its lease passes'),
    );
  }

  /** Starts following: woken after each fold, polling in every worker (src/cdp/index.ts wires it). */
  follow(db: Db, jobs: Jobs, folds: FoldStage): void {
    this.db = db;
    this.folds = folds;
    folds.onFolded(() => this.loop.wake('all'));
    jobs.every('segments.follow', POLL_SECONDS, () => this.poll());
  }

  async poll(): Promise<void> {
    this.loop.wake('all');
    await this.loop.idle();
  }

  /**
   * Resolves once everything ingested before the call is folded and its membership evaluated
   * (rows another process holds a lease on excepted): what tests call before they read membership.
   */
  async idle(): Promise<void> {
    if (!this.db || !this.folds) return;
    await this.folds.settled();
    this.loop.wake('all');
    await this.loop.idle();
  }

  /** Takes no more wakes; waits for the step in progress (the rest stays in segment_dirty). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Leases a batch, evaluates it workspace by workspace, deletes what was done; true when more may be left. */
  private async step(): Promise<boolean> {
    const db = this.db;
    if (!db) return false;
    const claimed = await sql<Dirty>`
      WITH c AS (
        SELECT workspace_id, id FROM segment_dirty
        WHERE claimed_until IS NULL OR claimed_until < now()
        ORDER BY id LIMIT ${CLAIM_ROWS} FOR UPDATE SKIP LOCKED
      )
      UPDATE segment_dirty d SET claimed_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = d.attempts + 1
      FROM c WHERE d.workspace_id = c.workspace_id AND d.id = c.id
      RETURNING d.workspace_id, d.id::text AS id, d.person_ids::text[] AS person_ids, d.events, d.traits, d.attempts`.execute(
      db,
    );
    const byWorkspace = new Map<string, Dirty[]>();
    for (const r of claimed.rows) {
      const list = byWorkspace.get(r.workspace_id);
      if (list) list.push(r);
      else byWorkspace.set(r.workspace_id, [r]);
    }
    for (const [ws, rows] of byWorkspace) {
      const given = rows.filter((r) => r.attempts > MAX_ATTEMPTS);
      if (given.length)
        this.log.warn(
          { workspaceId: ws, rows: given.length },
          'segment membership update dropped after repeated failures; the next full recompute repairs it',
        );
      let done = given;
      try {
        await this.evaluate(
          ws,
          rows.filter((r) => r.attempts <= MAX_ATTEMPTS),
        );
        done = rows;
      } catch (err) {
        // Left leased: retried when the lease passes (by this process's poll or another's).
        this.log.warn({ err, workspaceId: ws }, 'segment membership update failed; retried once its lease passes');
      }
      if (done.length)
        await sql`DELETE FROM segment_dirty WHERE workspace_id = ${ws} AND id = ANY(${done.map((r) => r.id)}::bigint[])`.execute(
          db,
        );
    }
    return claimed.rows.length === CLAIM_ROWS;
  }

  private async evaluate(ws: string, rows: Dirty[]): Promise<void> {
    if (!rows.length) return;
    const persons = new Set<string>();
    const events = new Set<string>();
    let traits = false;
    for (const r of rows) {
      for (const p of r.person_ids) persons.add(p);
      for (const e of r.events) events.add(e);
      traits ||= r.traits;
    }
    // Every folded event changed computed traits (person_stats).
    const change: Change = { events: [...events], traits, stats: true };
    const ids = [...persons];
    for (let i = 0; i < ids.length; i += MAX_PERSONS)
      await this.segments.evaluate(ws, ids.slice(i, i + MAX_PERSONS), change);
  }
}
