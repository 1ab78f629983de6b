import { backgroundQueries } from '../core/db/database.ts';

/**
 * The in-process half of a durable follower: `wake(key)` after a commit runs `step(key)` until it
 * says nothing is left, one step at a time per process; keys woken while a step runs are served
 * after it. Only the keys are kept in memory — the work itself is found and claimed in the
 * database, so what a lost wake would have done, the follower's poll does.
 */
export class WakeLoop<K> {
  private keys = new Set<K>();
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    /** Does one unit of work for `key`; true when more is left for it. Errors go to `failed`. */
    private step: (key: K) => Promise<boolean>,
    private failed: (err: unknown, key: K) => void,
  ) {}

  wake(key: K): void {
    if (this.stopped) return;
    this.keys.add(key);
    // Work started from an HTTP request's context is still background work (no statement timeout).
    if (!this.running) this.running = backgroundQueries(() => this.drain());
  }

  /** Resolves once every key woken so far is done. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Takes no more wakes; waits for the step in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.keys.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      // Let the caller that woke it (an ingest request) answer first.
      await new Promise((r) => setImmediate(r));
      while (this.keys.size && !this.stopped) {
        for (const key of [...this.keys]) {
          if (this.stopped) break;
          // Taken out before the step: a wake during the step (a commit after its claim) puts it back.
          this.keys.delete(key);
          let more = false;
          try {
            more = await this.step(key);
          } catch (err) {
            // Not retried at once (a failing step would spin): the next wake or the poll does.
            if (!this.stopped) this.failed(err, key);
          }
          if (more) this.keys.add(key);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
