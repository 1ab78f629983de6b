import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { CONVERSATION_KEY, CONVERSATIONS_KEY, MESSAGES_KEY, SERVICE_KEY } from './api.ts';

/**
 * The agents' live socket (WS /api/v1/service/live, S-CHAN's src/service/live.ts), one per tab,
 * shared by every page of the inbox: it opens while a page listens and closes a little after the last
 * one leaves. It reconnects with a growing pause (1 s … 15 s) and, once back, asks the pages to
 * reload what they show (events missed while away are not replayed). The server speaks JSON frames
 * `{type, conversationId?, userId?, …}`; anything unknown is ignored.
 */
export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveEvent {
  type: string;
  conversationId?: string;
  userId?: string;
  userName?: string;
  [k: string]: unknown;
}

type Listener = (e: LiveEvent) => void;

class LiveClient {
  private ws: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<() => void>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: string[] = [];
  status: LiveStatus = 'closed';
  /** The latest presence list (the hub sends it on connect and on each change); null before any. */
  presence: { userId: string; name: string }[] | null = null;
  /** Reconnections so far: pages refetch when it grows. */
  reconnects = 0;

  subscribe(l: Listener) {
    this.listeners.add(l);
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
    if (!this.ws && !this.timer) this.connect();
    return () => {
      this.listeners.delete(l);
      if (this.listeners.size === 0)
        this.closeTimer = setTimeout(() => {
          if (this.listeners.size === 0) this.stop();
        }, 5_000);
    };
  }

  onStatus(l: () => void) {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }

  send(frame: Record<string, unknown>) {
    const text = JSON.stringify(frame);
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
    else if (this.queue.length < 20 && frame.type !== 'typing') this.queue.push(text);
    // typing is worth nothing later: dropped while the socket is away
  }

  private setStatus(s: LiveStatus) {
    this.status = s;
    for (const l of this.statusListeners) l();
  }

  private connect() {
    this.timer = null;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/service/live`;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      this.schedule();
      return;
    }
    this.ws = ws;
    this.setStatus('connecting');
    ws.onopen = () => {
      const wasRetry = this.retry > 0 || this.reconnects > 0;
      this.retry = 0;
      this.setStatus('open');
      for (const q of this.queue.splice(0)) ws.send(q);
      if (wasRetry) this.emit({ type: 'reconnected' });
      this.reconnects++;
    };
    ws.onmessage = (m) => {
      let e: unknown;
      try {
        e = JSON.parse(String(m.data));
      } catch {
        return;
      }
      for (const one of Array.isArray(e) ? e : [e])
        if (one && typeof one === 'object' && typeof (one as LiveEvent).type === 'string') this.emit(one as LiveEvent);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.presence = null;
      this.setStatus('closed');
      if (this.listeners.size > 0) this.schedule();
    };
  }

  private schedule() {
    const pause = Math.min(15_000, 1_000 * 2 ** this.retry++);
    this.timer = setTimeout(() => this.connect(), pause);
  }

  private stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    this.presence = null;
    ws?.close();
    this.setStatus('closed');
  }

  private emit(e: LiveEvent) {
    if (e.type === 'presence' && Array.isArray(e.agents))
      this.presence = e.agents as { userId: string; name: string }[];
    for (const l of this.listeners) l(e);
  }
}

export const live = new LiveClient();

/** The socket's state, for the "live"/"reconnecting" mark. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (cb) => live.onStatus(cb),
    () => live.status,
  );
}

/** Kinds of event that change what the lists and the pane show. */
const DATA_EVENTS = /^conversation\./;

/**
 * Listens on the live socket while mounted: data events refresh the conversation they name (and
 * the lists), a reconnect refreshes everything of the inbox; `onEvent` sees every event too.
 */
export function useLive(onEvent?: Listener) {
  const qc = useQueryClient();
  useEffect(() => {
    // The lists refresh at most every 300 ms however many events arrive (200 busy chats send many);
    // the conversation an event names refreshes at once.
    let listTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshLists = () => {
      listTimer ??= setTimeout(() => {
        listTimer = null;
        void qc.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
        void qc.invalidateQueries({ queryKey: [...SERVICE_KEY, 'dashboard'] });
      }, 300);
    };
    const off = live.subscribe((e) => {
      if (e.type === 'reconnected') void qc.invalidateQueries({ queryKey: SERVICE_KEY });
      else if (DATA_EVENTS.test(e.type)) {
        const id = e.conversationId;
        if (id) {
          void qc.invalidateQueries({ queryKey: [...CONVERSATION_KEY, id] });
          void qc.invalidateQueries({ queryKey: [...MESSAGES_KEY, id] });
        }
        refreshLists();
      }
      onEvent?.(e);
    });
    return () => {
      off();
      if (listTimer) clearTimeout(listTimer);
    };
  }, [qc, onEvent]);
}

export interface Typist {
  /** The agent's user id, or 'visitor' for the client typing in the chat widget. */
  userId: string;
  name: string | null;
  at: number;
}

interface AgentInfo {
  userId: string;
  name: string;
}

/** How long a "typing" frame counts: the sender repeats it every few seconds while typing (the hub's TYPING_TTL_MS). */
const TYPING_TTL = 6_000;

/**
 * Who else is typing in this conversation, from the socket's `typing` and `collision` frames (the
 * caller's own left out; the chat visitor as `visitor`). Entries fade after TYPING_TTL without a
 * repeat, and go at once on `typing: false` or when their message arrives.
 */
export function useTypists(conversationId: string, myId: string) {
  const [typists, setTypists] = useState<Typist[]>([]);
  useEffect(() => {
    const sweep = setInterval(
      () =>
        setTypists((ts) =>
          ts.some((x) => Date.now() - x.at > TYPING_TTL) ? ts.filter((x) => Date.now() - x.at <= TYPING_TTL) : ts,
        ),
      1_000,
    );
    const put = (who: Typist) => setTypists((ts) => [...ts.filter((x) => x.userId !== who.userId), who]);
    const drop = (userId: string) => setTypists((ts) => ts.filter((x) => x.userId !== userId));
    const off = live.subscribe((e) => {
      if (e.conversationId !== conversationId) return;
      if (e.type === 'typing') {
        const agent = e.agent as AgentInfo | undefined;
        const userId = e.visitor ? 'visitor' : agent?.userId;
        if (!userId || userId === myId) return;
        if (e.typing === false) drop(userId);
        else put({ userId, name: agent?.name ?? null, at: Date.now() });
      } else if (e.type === 'collision') {
        for (const a of (e.agents as AgentInfo[] | undefined) ?? [])
          if (a.userId !== myId) put({ userId: a.userId, name: a.name, at: Date.now() });
      } else if (e.type === 'conversation.message') {
        // The message that was being typed has arrived: its author stops typing.
        if (e.direction === 'in') drop('visitor');
      }
    });
    setTypists([]);
    return () => {
      clearInterval(sweep);
      off();
    };
  }, [conversationId, myId]);
  return typists;
}

/** Tells the others that this agent is typing in a conversation (at most once every 2 s), or has stopped. */
let lastTyping = 0;
export function sendTyping(conversationId: string, typing = true) {
  if (typing && Date.now() - lastTyping < 2_000) return;
  lastTyping = typing ? Date.now() : 0;
  live.send({ type: 'typing', conversationId, typing });
}

/** The agents online now, from the socket's presence frames (the hub sends the full list on each change). */
export function usePresence(): AgentInfo[] | null {
  const [online, setOnline] = useState<AgentInfo[] | null>(live.presence);
  useEffect(() => {
    setOnline(live.presence);
    return live.subscribe((e) => {
      if (e.type === 'presence') setOnline(live.presence);
    });
  }, []);
  return online;
}
