import { notFound } from '../../core/errors.ts';
import type { ChannelAdapter, ChannelKind } from './types.ts';

/** How often a cached adapter looks whether its channel changed (another process may have edited it). */
export const REVALIDATE_MS = 1_000;

export interface Built<V> {
  channel: V & { id: string };
  kind: ChannelKind;
  adapter: ChannelAdapter;
  /** The channel row's updated_at (ms) the adapter was built from. */
  updatedAt: number;
}

interface Entry<V> extends Built<V> {
  checkedAt: number;
  inFlight: number;
  retired: boolean;
}

/**
 * Adapters by channel, built once and kept while the channel's `updated_at` stays the same (looked
 * at no more than once a second, so an edit in another process is seen within it). A replaced
 * adapter is closed once the sends in flight on it end, so a pooled connection is never cut mid-send.
 */
export class AdapterCache<V> {
  private entries = new Map<string, Entry<V>>();
  private building = new Map<string, Promise<Entry<V>>>();

  constructor(
    private build: (ws: string, id: string) => Promise<Built<V>>,
    /** The row's current updated_at (ms), or null when it is gone or deleted. */
    private stamp: (ws: string, id: string) => Promise<number | null>,
  ) {}

  async get(ws: string, id: string): Promise<Built<V>> {
    const key = `${ws}:${id}`;
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && now - hit.checkedAt < REVALIDATE_MS) return hit;
    if (hit) {
      const current = await this.stamp(ws, id);
      if (current === hit.updatedAt) {
        hit.checkedAt = now;
        return hit;
      }
      this.retire(id, ws);
      if (current === null) throw notFound('Channel');
    }
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.wrap(key, ws, id).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private async wrap(key: string, ws: string, id: string): Promise<Entry<V>> {
    const built = await this.build(ws, id);
    const inner = built.adapter;
    const entry: Entry<V> = { ...built, checkedAt: Date.now(), inFlight: 0, retired: false };
    entry.adapter = {
      send: async (msg) => {
        entry.inFlight++;
        try {
          return await inner.send(msg);
        } finally {
          entry.inFlight--;
          if (entry.retired && entry.inFlight === 0) inner.close().catch(() => {});
        }
      },
      verify: () => inner.verify(),
      close: () => inner.close(),
      ...(inner.openSession ? { openSession: () => inner.openSession!() } : {}),
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Drops the channel's adapter (in one workspace, or any): closed now, or when its last send ends. */
  retire(id: string, ws?: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.channel.id !== id || (ws && !key.startsWith(`${ws}:`))) continue;
      this.entries.delete(key);
      entry.retired = true;
      if (entry.inFlight === 0) entry.adapter.close().catch(() => {});
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.adapter.close().catch(() => {})));
  }
}
