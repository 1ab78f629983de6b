import type { Logger } from 'pino';
import type { Db } from '../core/db/schema.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import { foldBatch, queuedRows, queuedWorkspaces, vacuumQueues } from './fold-queue.ts';
import { WakeLoop } from './wake-loop.ts';
import type { FoldedEvents } from './fold-events.ts';

/** Told after a fold of a workspace committed (the segment follower re-evaluates what it changed). */
export type FoldedListener = (workspaceId: string) => void;

/** How often each worker looks for queue rows no process was woken for (another process's, a crash's). */
export const FOLD_POLL_SECONDS = 1;
/** How often each worker VACUUMs the queues (fold-queue.ts vacuumQueues). */
const VACUUM_SECONDS = 30;

/**
 * Keeps person_stats (computed traits) up with ingest, off its acknowledged path: woken in this
 * process right after an ingest transaction commits (`wake`), and polling every second in each
 * worker for rows other processes left (`follow`). The queue and the fold are in fold-queue.ts;
 * nothing here needs to survive a crash.
 */
export class FoldFollower {
  private loop: WakeLoop<string>;
  private listeners: FoldedListener[] = [];

  constructor(
    private db: Db,
    private log: Logger,
    /** Told of the events each fold folds, in its transaction (fold-events.ts). */
    private events?: FoldedEvents,
  ) {
    this.loop = new WakeLoop(
      (ws) => this.fold(ws),
      (err, ws) => this.log.warn({ err, workspaceId: ws }, 'computed traits fold failed; the next poll retries it'),
    );
  }

  /** Polls (and vacuums the queues) in every process with the worker role (jobs.every). */
  follow(jobs: Jobs): void {
    jobs.every('cdp.fold', FOLD_POLL_SECONDS, () => this.poll());
    jobs.every('cdp.fold-vacuum', VACUUM_SECONDS, () => vacuumQueues(this.db));
  }

  onFolded(listener: FoldedListener): void {
    this.listeners.push(listener);
  }

  /** Something was queued for `workspaceId` (called after the ingest commit; only takes note). */
  wake(workspaceId: string): void {
    this.loop.wake(workspaceId);
  }

  /** Folds what any process queued and nobody folds. */
  async poll(): Promise<void> {
    for (const ws of await queuedWorkspaces(this.db)) this.loop.wake(ws);
    await this.loop.idle();
  }

  /**
   * Resolves once everything queued before the call (of one workspace, or all) is folded: what
   * tests and the demo call before they read computed traits. Rows another process is folding
   * are waited for (they commit within one fold).
   */
  async settled(workspaceId?: string): Promise<void> {
    for (let round = 0; ; round++) {
      for (const ws of workspaceId ? [workspaceId] : await queuedWorkspaces(this.db)) this.loop.wake(ws);
      await this.loop.idle();
      if (!(await queuedRows(this.db, workspaceId))) return;
      if (round >= 3000) throw new Error('the computed traits queue did not drain within a minute');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Takes no more wakes; waits for the fold in progress (the rest stays queued). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async fold(ws: string): Promise<boolean> {
    const r = await foldBatch(this.db, ws, this.events);
    // Also when it folded nothing: a merge in the transaction that woke it may have folded and
    // marked its persons itself (fold-queue.ts foldPending).
    for (const listener of this.listeners) listener(ws);
    return r.more;
  }
}
