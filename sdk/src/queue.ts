import { getLocal, setLocal } from './storage.ts';

export type Message = Record<string, unknown> & { messageId: string };

const QUEUE_KEY = 'kt_queue';
/** Per request: well under the server's 2,500 messages / 500 KB. */
const MAX_BATCH = 100;
const MAX_BATCH_BYTES = 400_000;
/** Browsers refuse a beacon (and a keepalive fetch) above 64 KB in flight. */
const BEACON_BYTES = 60_000;
const MAX_QUEUE = 1000;
const MAX_BACKOFF = 60_000;

export interface QueueOptions {
  url: string;
  writeKey: string;
  flushAt: number;
  flushInterval: number;
}

/**
 * The outgoing queue: batches of messages POSTed as text/plain JSON (a CORS "simple request", no
 * preflight), retried with exponential backoff on network errors, 429 and 5xx for as long as the
 * page lives, persisted in localStorage so a reload or a closed tab loses nothing, and handed to
 * navigator.sendBeacon when the page is hidden.
 */
export class Queue {
  items: Message[] = [];
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backoff = false;

  constructor(private o: QueueOptions) {}

  /** Picks up what an earlier page left behind. */
  restore() {
    try {
      const saved = JSON.parse(getLocal(QUEUE_KEY) || '[]');
      if (Array.isArray(saved)) this.items = saved.concat(this.items);
    } catch {
      /* corrupt: start empty */
    }
    this.items = dedupe(this.items);
    this.save();
    if (this.items.length) this.schedule(0);
  }

  push(msgs: Message[]) {
    this.items.push(...msgs);
    if (this.items.length > MAX_QUEUE) this.items.splice(0, this.items.length - MAX_QUEUE);
    this.save();
    if (this.items.length >= this.o.flushAt) this.flush();
    else this.schedule(this.o.flushInterval);
  }

  clear() {
    this.items = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    setLocal(QUEUE_KEY, null);
  }

  save() {
    setLocal(QUEUE_KEY, this.items.length ? JSON.stringify(this.items) : null);
  }

  private schedule(ms: number) {
    if (this.timer === undefined)
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.backoff = false;
        this.flush();
      }, ms);
  }

  private body(batch: Message[]) {
    return JSON.stringify({ batch, sentAt: new Date().toISOString(), writeKey: this.o.writeKey });
  }

  private remove(sent: Message[]) {
    const ids = new Set(sent.map((m) => m.messageId));
    this.items = this.items.filter((m) => !ids.has(m.messageId));
    this.save();
  }

  flush() {
    if (this.sending || this.backoff || !this.items.length) return;
    const batch = take(this.items, MAX_BATCH, MAX_BATCH_BYTES);
    const body = this.body(batch);
    this.sending = true;
    const done = (retry: boolean) => {
      this.sending = false;
      if (retry) {
        this.backoff = true;
        this.schedule(Math.min(MAX_BACKOFF, 1000 * 2 ** this.attempt++) * (0.5 + Math.random() / 2));
        return;
      }
      this.attempt = 0;
      this.remove(batch);
      if (this.items.length >= this.o.flushAt) this.flush();
      else if (this.items.length) this.schedule(this.o.flushInterval);
    };
    fetch(this.o.url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body,
      credentials: 'omit',
      keepalive: body.length < BEACON_BYTES,
    }).then(
      (r) => {
        // 4xx other than 429 will not get better by retrying: drop the batch, say why.
        if (r.status >= 400 && r.status < 500 && r.status !== 429) console.warn('kartoteka: batch rejected', r.status);
        done(r.status === 429 || r.status >= 500);
      },
      () => done(true),
    );
  }

  /** The page is going away (or hidden): hand everything to the browser. */
  beacon() {
    if (!this.items.length || !navigator.sendBeacon) return;
    let rest = this.items.slice();
    while (rest.length) {
      const batch = take(rest, MAX_BATCH, BEACON_BYTES);
      if (!navigator.sendBeacon(this.o.url, this.body(batch))) break;
      this.remove(batch);
      rest = rest.slice(batch.length);
    }
  }
}

/** The longest head of `items` within the count and (approximate) byte limits; at least one. */
function take(items: Message[], max: number, bytes: number): Message[] {
  let size = 100;
  let n = 0;
  while (n < items.length && n < max) {
    size += JSON.stringify(items[n]).length + 1;
    if (size > bytes && n > 0) break;
    n++;
  }
  return items.slice(0, n);
}

function dedupe(items: Message[]): Message[] {
  const seen = new Set<string>();
  return items.filter((m) => {
    if (!m || typeof m.messageId !== 'string' || seen.has(m.messageId)) return false;
    seen.add(m.messageId);
    return true;
  });
}
