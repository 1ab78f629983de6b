import { randomBytes } from 'node:crypto';
import { backgroundQueries } from '../core/db/database.ts';
import type { ServiceKernel } from './kernel.ts';
import type { ConversationChange } from './service.ts';

/**
 * The live hub: what agents' screens and chat visitors see change as it happens.
 *
 * Agents hold a WebSocket (/api/v1/service/live, channels/live-socket.ts) per tab; visitors hold
 * one per chat widget (channels/chat-socket.ts). The hub gets conversation changes from the
 * service's after-commit hook, typing from both sides, and presence from the agents' sockets, and
 * fans them out — only ever within one workspace: every event carries its workspace, and a socket
 * is registered under the workspace of its session (agents) or of its inbox (visitors).
 *
 * Across processes (several API processes against one PostgreSQL server) events travel through
 * PostgreSQL NOTIFY on one channel: ids and flags only, never message text (a NOTIFY payload is
 * small, and readable to any session of the database); a process that has a visitor of that
 * conversation reads the message itself. On PGlite (one process) delivery is in-process. Nothing
 * here is durable, and nothing needs to be: a reconnecting widget or agent tab reloads the
 * history over HTTP and presence/typing renew themselves within seconds.
 */

export const LIVE_CHANNEL = 'kartoteka_service_live';
/** A typing indicator lasts this long after the last keystroke report (clients repeat every few seconds). */
export const TYPING_TTL_MS = 6000;
/** Agents announce themselves this often; another process forgets an agent not heard of for 2.5×. */
const PRESENCE_EVERY_MS = 15_000;
/** How long the LISTEN connection stays after the last socket left. */
const IDLE_RELEASE_MS = 5000;

export interface AgentInfo {
  userId: string;
  name: string;
}

/** What agents receive (JSON over their socket). */
export type AgentEvent =
  | {
      type: 'conversation.created' | 'conversation.updated' | 'conversation.message';
      conversationId: string;
      messageId?: string;
      direction?: 'in' | 'out' | 'note';
      fields?: Record<string, unknown>;
    }
  | { type: 'typing'; conversationId: string; agent?: AgentInfo; visitor?: boolean; typing: boolean }
  | { type: 'collision'; conversationId: string; agents: AgentInfo[] }
  | { type: 'presence'; agents: AgentInfo[] };

/** What a chat visitor receives about their conversation. */
export type VisitorEvent =
  | { type: 'message'; message: VisitorMessage }
  | { type: 'typing'; typing: boolean; name?: string };

export interface VisitorMessage {
  id: string;
  direction: 'in' | 'out';
  body: string;
  authorKind: string;
  authorName: string | null;
  createdAt: string;
}

/** A sink the hub writes to: an agent's or a visitor's socket (tests: anything). */
export interface LiveSink<E> {
  send(event: E): void;
}

/** What travels between processes. */
type Wire =
  | { k: 'change'; c: string; ch: ConversationChange }
  | { k: 'typing'; c: string; a?: AgentInfo; v?: boolean; t: boolean }
  | { k: 'presence'; a: AgentInfo; on: boolean };

interface Envelope {
  /** The publishing process (it has delivered locally already). */
  o: string;
  ws: string;
  w: Wire;
}

type Notifiable = {
  query(text: string): Promise<unknown>;
  on(event: 'notification', fn: (n: { channel: string; payload?: string }) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  removeAllListeners(event?: string): void;
  release(err?: unknown): void;
};

export class LiveHub {
  private readonly origin = randomBytes(8).toString('hex');
  private agents = new Map<string, Set<{ sink: LiveSink<AgentEvent>; agent: AgentInfo }>>();
  private visitors = new Map<string, Set<LiveSink<VisitorEvent>>>();
  /** ws:conversation → userId → who and until when they type. */
  private typing = new Map<string, Map<string, { agent: AgentInfo; until: number }>>();
  /** ws → userId → agent and when last heard of (remote processes' agents). */
  private remotePresence = new Map<string, Map<string, { agent: AgentInfo; at: number }>>();
  private listener: Notifiable | null = null;
  private listening: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Events delivered to local sinks (tests and the bench read it). */
  delivered = 0;

  constructor(private k: ServiceKernel) {}

  /** Subscribes to the service's after-commit changes (called once, when the module's jobs are wired). */
  attach(): void {
    this.k.service.hooks.onMessage((ws, conversationId, change) => {
      this.publish(ws, { k: 'change', c: conversationId, ch: slim(change) });
    });
  }

  // ---- agents ----

  /** An agent's socket joins its workspace's events; returns the function that removes it. */
  addAgent(ws: string, agent: AgentInfo, sink: LiveSink<AgentEvent>): () => void {
    this.ensureRunning();
    const entry = { sink, agent };
    const set = this.agents.get(ws) ?? new Set();
    const wasOnline = [...set].some((e) => e.agent.userId === agent.userId);
    set.add(entry);
    this.agents.set(ws, set);
    if (!wasOnline) this.publish(ws, { k: 'presence', a: agent, on: true });
    else sink.send({ type: 'presence', agents: this.onlineAgents(ws) });
    return () => {
      set.delete(entry);
      if (!set.size) this.agents.delete(ws);
      this.idleSoon();
      const still = [...set].some((e) => e.agent.userId === agent.userId);
      if (!still) {
        // Its typing ends with it.
        for (const [key, m] of this.typing)
          if (key.startsWith(`${ws}:`) && m.has(agent.userId))
            this.publish(ws, { k: 'typing', c: key.slice(ws.length + 1), a: agent, t: false });
        this.publish(ws, { k: 'presence', a: agent, on: false });
      }
    };
  }

  /** An agent types (or stopped) in a conversation of their workspace. */
  agentTyping(ws: string, agent: AgentInfo, conversationId: string, typing: boolean): void {
    this.publish(ws, { k: 'typing', c: conversationId, a: agent, t: typing });
  }

  /** Agents with a live socket in the workspace, on any process (supervisor dashboard). */
  onlineAgents(ws: string): AgentInfo[] {
    const out = new Map<string, AgentInfo>();
    for (const e of this.agents.get(ws) ?? []) out.set(e.agent.userId, e.agent);
    const cutoff = Date.now() - PRESENCE_EVERY_MS * 2.5;
    for (const [id, r] of this.remotePresence.get(ws) ?? []) if (r.at >= cutoff) out.set(id, r.agent);
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  // ---- visitors ----

  /** A visitor's socket follows its conversation; returns the function that removes it. */
  addVisitor(ws: string, conversationId: string, sink: LiveSink<VisitorEvent>): () => void {
    this.ensureRunning();
    const key = `${ws}:${conversationId}`;
    const set = this.visitors.get(key) ?? new Set();
    set.add(sink);
    this.visitors.set(key, set);
    return () => {
      set.delete(sink);
      if (!set.size) this.visitors.delete(key);
      this.idleSoon();
    };
  }

  visitorTyping(ws: string, conversationId: string, typing: boolean): void {
    this.publish(ws, { k: 'typing', c: conversationId, v: true, t: typing });
  }

  /**
   * Pushes a message to the visitors of a conversation on this process now. The reply path needs
   * not call it: an agent's reply on a chat conversation reaches its visitors through the
   * after-commit hook (on every process); this is for callers outside that path.
   */
  deliverToVisitor(ws: string, conversationId: string, message: VisitorMessage): void {
    for (const s of this.visitors.get(`${ws}:${conversationId}`) ?? []) this.safeSend(s, { type: 'message', message });
  }

  // ---- fan-out ----

  private publish(ws: string, w: Wire): void {
    if (this.closed) return;
    this.receive({ o: this.origin, ws, w });
    if (this.k.database.kind !== 'postgres') return;
    const payload = JSON.stringify({ o: this.origin, ws, w } satisfies Envelope);
    // Ids and flags: far below NOTIFY's 8000-byte limit. Fire and forget: a lost event is a
    // screen refreshed on the next one, never lost data.
    void backgroundQueries(() => this.k.database.pool.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, payload])).catch(
      (err: unknown) => this.k.log.debug({ err }, 'live: NOTIFY failed'),
    );
  }

  private receive(env: Envelope): void {
    const { ws, w } = env;
    const local = env.o === this.origin;
    if (w.k === 'change') {
      this.toAgents(ws, {
        type: `conversation.${w.ch.kind}`,
        conversationId: w.c,
        ...(w.ch.messageId ? { messageId: w.ch.messageId } : {}),
        ...(w.ch.direction ? { direction: w.ch.direction } : {}),
        ...(w.ch.fields ? { fields: w.ch.fields } : {}),
      });
      if (w.ch.messageId && (w.ch.direction === 'in' || w.ch.direction === 'out') && this.visitors.has(`${ws}:${w.c}`))
        void this.messageToVisitors(ws, w.c, w.ch.messageId);
    } else if (w.k === 'typing') {
      if (w.a) {
        const key = `${ws}:${w.c}`;
        const m = this.typing.get(key) ?? new Map();
        if (w.t) m.set(w.a.userId, { agent: w.a, until: Date.now() + TYPING_TTL_MS });
        else m.delete(w.a.userId);
        if (m.size) this.typing.set(key, m);
        else this.typing.delete(key);
        this.toAgents(ws, { type: 'typing', conversationId: w.c, agent: w.a, typing: w.t });
        for (const s of this.visitors.get(key) ?? [])
          this.safeSend(s, { type: 'typing', typing: this.agentTypingIn(key) });
        const typing = this.typersOf(key);
        if (w.t && typing.length > 1) this.toAgents(ws, { type: 'collision', conversationId: w.c, agents: typing });
      } else if (w.v) this.toAgents(ws, { type: 'typing', conversationId: w.c, visitor: true, typing: w.t });
    } else if (w.k === 'presence') {
      if (!local) {
        const m = this.remotePresence.get(ws) ?? new Map();
        if (w.on) m.set(w.a.userId, { agent: w.a, at: Date.now() });
        else m.delete(w.a.userId);
        this.remotePresence.set(ws, m);
      }
      this.toAgents(ws, { type: 'presence', agents: this.onlineAgents(ws) });
    }
  }

  private typersOf(key: string): AgentInfo[] {
    const now = Date.now();
    const m = this.typing.get(key);
    if (!m) return [];
    for (const [id, t] of m) if (t.until < now) m.delete(id);
    return [...m.values()].map((t) => t.agent);
  }

  private agentTypingIn(key: string): boolean {
    return this.typersOf(key).length > 0;
  }

  private toAgents(ws: string, e: AgentEvent): void {
    for (const { sink } of this.agents.get(ws) ?? []) this.safeSend(sink, e);
  }

  private async messageToVisitors(ws: string, conversationId: string, messageId: string): Promise<void> {
    try {
      const m = await backgroundQueries(() =>
        this.k.db
          .selectFrom('service_messages as m')
          .leftJoin('users as u', 'u.id', 'm.author_user_id')
          .select(['m.id', 'm.direction', 'm.body', 'm.author_kind', 'm.created_at', 'u.name as author_name'])
          .where('m.workspace_id', '=', ws)
          .where('m.id', '=', messageId)
          .where('m.conversation_id', '=', conversationId)
          .executeTakeFirst(),
      );
      // Never a note: what agents write to each other stays with them.
      if (!m || (m.direction !== 'in' && m.direction !== 'out')) return;
      this.deliverToVisitor(ws, conversationId, visitorMessage(m));
    } catch (err) {
      this.k.log.warn({ err, conversationId }, 'live: a message could not be pushed to the chat');
    }
  }

  private safeSend<E>(sink: LiveSink<E>, e: E): void {
    try {
      sink.send(e);
      this.delivered++;
    } catch (err) {
      this.k.log.debug({ err }, 'live: a socket refused an event');
    }
  }

  // ---- lifecycle ----

  /** Starts what a process with sockets needs: the LISTEN connection (server) and the presence beat. */
  private ensureRunning(): void {
    if (this.closed) return;
    if (!this.timer) {
      this.timer = setInterval(() => this.beat(), PRESENCE_EVERY_MS);
      this.timer.unref();
    }
    if (this.k.database.kind === 'postgres' && !this.listening) this.listening = this.listen();
  }

  /** Resolves once this process receives other processes' events (at once on PGlite). */
  async ready(): Promise<void> {
    this.ensureRunning();
    await this.listening;
  }

  private async listen(): Promise<void> {
    try {
      const client = (await backgroundQueries(() => this.k.database.pool.connect())) as unknown as Notifiable;
      if (this.closed) return client.release();
      client.on('notification', (n) => {
        if (n.channel !== LIVE_CHANNEL || !n.payload) return;
        try {
          const env = JSON.parse(n.payload) as Envelope;
          if (env.o !== this.origin) this.receive(env);
        } catch {
          /* not ours */
        }
      });
      client.on('error', (err) => {
        this.k.log.warn({ err }, 'live: the LISTEN connection failed; reconnecting');
        this.dropListener(err);
      });
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.k.log.warn({ err }, 'live: LISTEN failed; retrying in 2 s');
      this.listening = null;
      setTimeout(() => this.ensureRunning(), 2000).unref();
    }
  }

  private dropListener(err?: unknown): void {
    const c = this.listener;
    this.listener = null;
    this.listening = null;
    if (c) {
      c.removeAllListeners('notification');
      c.release(err ?? new Error('dropped'));
    }
    if (!this.closed && (this.agents.size || this.visitors.size)) setTimeout(() => this.ensureRunning(), 1000).unref();
  }

  private idleTimer: NodeJS.Timeout | null = null;
  /**
   * With no socket left, the LISTEN connection goes back to the pool (after a grace period, so a
   * reconnecting tab does not churn it): a process without live clients holds no connection.
   */
  private idleSoon(): void {
    if (this.idleTimer || this.agents.size || this.visitors.size) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.agents.size && !this.visitors.size) void this.release();
    }, IDLE_RELEASE_MS);
    this.idleTimer.unref();
  }

  /** Gives the LISTEN connection back (the next socket takes one again). */
  async release(): Promise<void> {
    const listening = this.listening;
    this.listening = null;
    await listening?.catch(() => {});
    const c = this.listener;
    this.listener = null;
    if (c) {
      await c.query(`UNLISTEN ${LIVE_CHANNEL}`).catch(() => {});
      c.removeAllListeners('notification');
      c.removeAllListeners('error');
      c.release();
    }
  }

  private beat(): void {
    const cutoff = Date.now() - PRESENCE_EVERY_MS * 2.5;
    for (const [ws, m] of this.remotePresence) {
      let changed = false;
      for (const [id, r] of m)
        if (r.at < cutoff) {
          m.delete(id);
          changed = true;
        }
      if (changed) this.toAgents(ws, { type: 'presence', agents: this.onlineAgents(ws) });
    }
    if (this.k.database.kind !== 'postgres') return;
    for (const [ws, set] of this.agents) {
      const seen = new Set<string>();
      for (const { agent } of set)
        if (!seen.has(agent.userId)) {
          seen.add(agent.userId);
          this.publish(ws, { k: 'presence', a: agent, on: true });
        }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.release();
    this.agents.clear();
    this.visitors.clear();
  }
}

/** Only what the events need of a change. */
function slim(ch: ConversationChange): ConversationChange {
  return {
    kind: ch.kind,
    ...(ch.messageId ? { messageId: ch.messageId } : {}),
    ...(ch.direction ? { direction: ch.direction } : {}),
    ...(ch.fields ? { fields: smallFields(ch.fields) } : {}),
  };
}

/** Field values travel when small (status, priority, assignee); long ones (custom fields) as `true`: reload. */
function smallFields(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    const s = JSON.stringify(v ?? null);
    out[k] = s.length <= 200 ? v : true;
  }
  return out;
}

export function visitorMessage(m: {
  id: string;
  direction: string;
  body: string;
  author_kind: string;
  created_at: Date;
  author_name?: string | null;
}): VisitorMessage {
  return {
    id: m.id,
    direction: m.direction as 'in' | 'out',
    body: m.body,
    authorKind: m.author_kind,
    // Agents show by first name only to visitors.
    authorName: m.direction === 'out' ? (m.author_name?.split(/\s+/)[0] ?? null) : null,
    createdAt: new Date(m.created_at).toISOString(),
  };
}
