/**
 * kartoteka.js — the browser tracking snippet. Segment-spec messages (identify, track, page, alias)
 * batched to {host}/v1/batch; anonymous id and user id in first-party storage; consent-aware.
 *
 *   <script src="https://YOUR-KARTOTEKA/sdk.js"></script>
 *   <script>kartoteka.load('WRITE_KEY'); kartoteka.page();</script>
 */
import { Queue, type Message } from './queue.ts';
import { get, set } from './storage.ts';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

const AID = 'kt_aid';
const UID = 'kt_uid';
const CONSENT = 'kt_consent';
const MAX_MESSAGE = 32 * 1024;
const MAX_PENDING = 200;

export interface LoadOptions {
  /** Where the Kartoteka server is; default: the origin this script was loaded from. */
  host?: string;
  /** Send and store nothing until consent(true). The workspace setting can also require it. */
  requireConsent?: boolean;
  /** Send when this many messages are queued (default 20)… */
  flushAt?: number;
  /** …or this many milliseconds after the first one was queued (default 500: events reach the live debugger within about a second, and a burst still goes as one request). */
  flushInterval?: number;
}

type Dict = Record<string, unknown>;

// The origin of this script: the default host.
const scriptOrigin = (() => {
  try {
    return new URL((document.currentScript as HTMLScriptElement).src).origin;
  } catch {
    return location.origin;
  }
})();

function uuid(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Plain-http pages have no randomUUID: build a v4 from getRandomValues (or Math.random).
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function pageInfo() {
  return {
    path: location.pathname,
    url: location.href,
    title: document.title,
    referrer: document.referrer,
    search: location.search,
  };
}

let writeKey = '';
let host = '';
let queue: Queue | null = null;
let anonymousId = get(AID) || uuid();
let userId: string | null = get(UID);
/** 'granted' | 'denied' | null (not asked) — remembered across pages once given. */
let consentState = get(CONSENT) === '1' ? 'granted' : get(CONSENT) === '0' ? 'denied' : null;
/** Consent required by load() or by the workspace; null while the workspace setting is unknown. */
let required: boolean | null = null;
/** Messages held in memory only (before load, before the workspace setting is known, before consent). */
let pending: Message[] = [];

function allowed() {
  return consentState === 'granted' || (consentState === null && required === false);
}

/** Once sending is allowed: store the ids, move held messages to the (persisted) queue. */
function release() {
  if (!queue || !allowed()) return;
  set(AID, anonymousId);
  set(UID, userId);
  queue.restore();
  const held = pending;
  pending = [];
  if (held.length) queue.push(held);
}

/**
 * Segment's `options` argument: its `context` is merged over what the SDK fills in (e.g.
 * `{ context: { externalIds: [{ id, type: 'loyalty_card', collection: 'users', encoding: 'none' }] } }`).
 */
export interface CallOptions {
  context?: Dict;
}

function enqueue(type: string, fields: Dict, options?: CallOptions) {
  if (consentState === 'denied') return;
  const extra = options?.context && typeof options.context === 'object' ? options.context : null;
  const msg: Message = {
    type,
    messageId: uuid(),
    timestamp: new Date().toISOString(),
    anonymousId,
    ...(userId ? { userId } : {}),
    ...fields,
    context: {
      library: { name: 'kartoteka.js', version: VERSION },
      page: pageInfo(),
      userAgent: navigator.userAgent,
      locale: navigator.language,
      ...(typeof Intl === 'object' ? { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone } : {}),
      ...extra,
    },
  };
  if (JSON.stringify(msg).length > MAX_MESSAGE) {
    console.warn('kartoteka: message over 32 KB dropped', type);
    return;
  }
  if (queue && allowed()) queue.push([msg]);
  else if (pending.length < MAX_PENDING) pending.push(msg);
}

const api = {
  VERSION,

  load(key: string, opts: LoadOptions = {}) {
    if (queue || !key) return;
    writeKey = key;
    host = (opts.host || scriptOrigin).replace(/\/+$/, '');
    queue = new Queue({
      url: `${host}/v1/batch`,
      writeKey,
      flushAt: Math.max(1, opts.flushAt || 20),
      flushInterval: opts.flushInterval ?? 500,
    });
    if (opts.requireConsent) required = true;
    else {
      // The workspace may require consent: until its answer arrives, nothing is sent or stored.
      const ask = (attempt: number) =>
        fetch(`${host}/v1/projects/${encodeURIComponent(key)}/settings`, { credentials: 'omit' })
          .then((r) => (r.ok ? r.json() : r.status >= 500 ? Promise.reject() : {}))
          .then((s: Dict) => {
            required = s.requireConsent === true;
            release();
          })
          .catch(() => setTimeout(() => ask(attempt + 1), Math.min(60_000, 1000 * 2 ** attempt)));
      ask(0);
    }
    release();
    const hide = () => queue?.beacon();
    addEventListener('pagehide', hide);
    addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && hide());
  },

  identify(id?: string | Dict | null, traits?: Dict, options?: CallOptions) {
    if (id && typeof id === 'object') {
      options = traits as CallOptions;
      traits = id;
      id = null;
    }
    if (typeof id === 'string' && id) {
      userId = id;
      if (allowed()) set(UID, id);
    }
    enqueue('identify', { traits: traits || {} }, options);
  },

  track(event: string, properties?: Dict, options?: CallOptions) {
    enqueue('track', { event, properties: properties || {} }, options);
  },

  page(name?: string | Dict | null, properties?: Dict, options?: CallOptions) {
    if (name && typeof name === 'object') {
      options = properties as CallOptions;
      properties = name;
      name = null;
    }
    enqueue('page', { ...(name ? { name } : {}), properties: { ...pageInfo(), ...properties } }, options);
  },

  alias(newId: string) {
    if (!newId) return;
    enqueue('alias', { previousId: userId || anonymousId, userId: newId });
    userId = newId;
    if (allowed()) set(UID, newId);
  },

  /** Logged out: forget the user id, start a new anonymous id. */
  reset() {
    userId = null;
    anonymousId = uuid();
    if (allowed()) {
      set(AID, anonymousId);
      set(UID, null);
    }
  },

  consent(granted: boolean) {
    consentState = granted ? 'granted' : 'denied';
    // Remembering a refusal is strictly necessary: it keeps the next page from asking or tracking.
    set(CONSENT, granted ? '1' : '0');
    if (granted) return release();
    pending = [];
    if (queue) queue.clear();
    set(AID, null);
    set(UID, null);
  },

  anonymousId: () => anonymousId,
  userId: () => userId,
  /** Sends what is queued now (also handy in tests). */
  flush: () => queue?.flush(),
};

// Calls recorded by an async stub (`window.kartoteka = [['load', key], ['page']]`) run now.
const w = window as unknown as { kartoteka?: unknown };
const early = Array.isArray(w.kartoteka) ? (w.kartoteka as [keyof typeof api, ...unknown[]][]) : [];
w.kartoteka = api;
for (const call of early)
  if (typeof api[call[0]] === 'function') (api[call[0]] as (...a: unknown[]) => unknown)(...call.slice(1));
