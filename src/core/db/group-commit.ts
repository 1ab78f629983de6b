/**
 * Group commit: concurrent submissions under one key share a write (one transaction). A key's
 * first submission is written at once, so an idle server adds no latency; submissions that arrive
 * while the key's writes are busy wait and then go together in the next write, up to `maxWeight`
 * (at least one each). Each caller still gets its own result only after its write committed, so
 * nothing is acknowledged early.
 *
 * If a shared write fails, its submissions are written one by one: a bad submission fails alone
 * and the others are not held back by it.
 */
export class GroupCommit<I, R> {
  private queues = new Map<string, Queue<I, R>>();

  constructor(
    private readonly opts: {
      /** Writes the items together and returns one result per item, in order. */
      write: (items: I[]) => Promise<R[]>;
      /** An item's size (events in it, say); a write takes items up to maxWeight in all. */
      weight: (item: I) => number;
      maxWeight: number;
      /** Writes of one key that may run at the same time (1 on a single connection). */
      parallel: number;
      /**
       * A key's further writes (beyond its first) start only once the waiting items weigh at least
       * this much; until then they wait for the running write and go in its next group. Fewer,
       * larger groups cost less per item (each write has a fixed cost), and parallel writes still
       * start when one write cannot keep up. Default: 0, a further write starts for any item.
       */
      parallelFrom?: number;
    },
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let q = this.queues.get(key);
      if (!q) this.queues.set(key, (q = { waiting: [], running: 0, weight: 0 }));
      q.waiting.push({ item, resolve, reject });
      q.weight += this.opts.weight(item);
      this.startIfDue(key, q);
    });
  }

  private startIfDue(key: string, q: Queue<I, R>) {
    if (!q.waiting.length || q.running >= this.opts.parallel) return;
    if (q.running > 0 && q.weight < (this.opts.parallelFrom ?? 0)) return;
    void this.drain(key, q);
  }

  private async drain(key: string, q: Queue<I, R>) {
    q.running++;
    try {
      while (q.waiting.length) {
        let weight = 0;
        let n = 0;
        while (n < q.waiting.length) {
          const w = this.opts.weight(q.waiting[n].item);
          if (n > 0 && weight + w > this.opts.maxWeight) break;
          weight += w;
          n++;
        }
        const group = q.waiting.splice(0, n);
        q.weight -= weight;
        if (this.opts.parallelFrom) this.startIfDue(key, q); // what is left may call for another write beside this one
        await this.run(group);
      }
    } finally {
      q.running--;
      // No await between the loop's last check and here, so nothing was queued in between.
      if (!q.running && !q.waiting.length) this.queues.delete(key);
    }
  }

  private async run(group: Entry<I, R>[]) {
    try {
      const results = await this.opts.write(group.map((e) => e.item));
      for (const [i, e] of group.entries()) e.resolve(results[i]);
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      for (const e of group) {
        try {
          e.resolve((await this.opts.write([e.item]))[0]);
        } catch (one) {
          e.reject(one);
        }
      }
    }
  }
}

interface Entry<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

interface Queue<I, R> {
  waiting: Entry<I, R>[];
  running: number;
  /** Weight of the waiting items. */
  weight: number;
}
