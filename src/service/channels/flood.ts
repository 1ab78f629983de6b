/**
 * Flood control for chat visitors: a token bucket per key (the visitor's chat session, and their IP
 * address). A person typing — a burst of a few lines, then a pause — never meets it; a script
 * sending hundreds of messages does, and each refused message is answered with the reason and
 * when to try again, so the widget resends it then and nothing a person wrote is lost.
 *
 * In memory, per process: a restart forgives everyone, which is safe to lose.
 */
export interface FloodOptions {
  /** Messages allowed at once (the bucket's size). */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
  /** Keys kept at most (the oldest are forgotten first: a full bucket is the default anyway). */
  maxKeys?: number;
}

export class FloodGate {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private maxKeys: number;

  constructor(
    private opts: FloodOptions,
    private now: () => number = Date.now,
  ) {
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  /** Takes a token for `key`: 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const t = this.now();
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.perSecond);
      b.at = t;
      // Re-inserted so that the map's order is least recently used first.
      this.buckets.delete(key);
    } else b = { tokens: this.opts.burst, at: t };
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.opts.perSecond) * 1000);
  }

  /** The milliseconds until `key` may send (0: now), taking nothing. */
  wait(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.opts.burst, b.tokens + ((this.now() - b.at) / 1000) * this.opts.perSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.opts.perSecond) * 1000);
  }
}
