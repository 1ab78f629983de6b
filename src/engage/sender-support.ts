import type { Engage } from './engage.ts';
import type { ChannelType, MessageKind } from './tables.ts';
import type { ChannelAdapter, ChannelKind } from './channels/types.ts';

/*
 * What the sender needs of the other engage parts (engage-contract.md), read at call time: each
 * part lands its service on its own, so they are reached through these shapes.
 */
export interface ChannelView {
  id: string;
  type: ChannelType;
  ratePerSecond: number | null;
}
export interface AdapterHandle {
  channel: ChannelView;
  kind: ChannelKind;
  adapter: ChannelAdapter;
}
export interface TemplateInfo {
  id: string;
  channel: string;
  kind: MessageKind;
  groupId: string | null;
  version: number;
}
export interface Rendered {
  templateId: string;
  version: number;
  locale: string | null;
  subject: string | null;
  html: string | null;
  text: string;
}
interface PartsApi {
  channels: {
    get(ws: string, id: string): Promise<ChannelView>;
    adapter(ws: string, id: string): Promise<AdapterHandle>;
  };
  templates: {
    get(ws: string, id: string): Promise<TemplateInfo>;
    renderMany(
      ws: string,
      id: string,
      people: (Record<string, unknown> & { personId: string })[],
    ): Promise<{ rendered: Rendered | null; error: Error | null }[]>;
  };
  tracking: {
    links?(ws: string, m: { messageId: string; personId: string }): { unsubscribeUrl: string; preferencesUrl: string };
    decorate?(
      ws: string,
      m: { messageId: string; personId: string; channelType: ChannelType; kind: MessageKind },
      rendered: Rendered,
    ):
      | { html: string | null; text: string; headers: Record<string, string> }
      | Promise<{ html: string | null; text: string; headers: Record<string, string> }>;
  };
}
/** The other parts as the contract describes them (each lands its service separately). */
export const api = (e: Engage) => e as unknown as PartsApi;

export type Ok<T> = { ok: true; value: T };
export type Resolved<T> = Ok<T> | { ok: false; error: Error };
export async function settle<T>(p: Promise<T>): Promise<Resolved<T>> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/** Per channel per process: `rate` messages a second, bursts up to one second's worth. */
export class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(readonly rate: number) {
    this.tokens = rate;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
    }
  }
}

export class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
