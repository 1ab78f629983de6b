import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { backgroundQueries } from '../../core/db/database.ts';
import type { ChannelKernel } from './settings.ts';
import { visitorMessage, type LiveHub, type VisitorEvent } from '../live.ts';
import { FloodGate } from './flood.ts';

const PING_MS = 30_000;
/** Messages shown to a visitor who comes back (the newest). */
const HISTORY = 200;

const token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    /** The chat session the widget keeps (localStorage); absent: a new one. */
    session: token.optional(),
    /** The visitor's anonymous id (the tracking SDK's, or the widget's own). */
    anonymousId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
      .optional(),
  }),
  z.object({
    type: z.literal('identify'),
    email: z.email().max(320).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{5,30}$/)
      .optional(),
  }),
  z.object({ type: z.literal('message'), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), text: z.string() }),
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
  z.object({ type: z.literal('ping') }),
]);

interface ChatInbox {
  ws: string;
  id: string;
  allowedOrigins: string[];
}

/** The thread key of a chat session: a digest, so the database never holds the visitor's secret. */
export const sessionKey = (session: string) =>
  `chat:${createHash('sha256').update(session).digest('base64url').slice(0, 32)}`;

/**
 * GET /chat/ws?inbox=<chat inbox id> — the chat widget's WebSocket, for anonymous visitors.
 *
 * A visitor says hello with the session and anonymous id the widget keeps (new ones are made and
 * handed back otherwise), gets their history, and sends messages; each goes through
 * `inbound.receive` (identities: the anonymous id, plus the email/phone the visitor gave;
 * thread key: the session) and is acknowledged with its id, or refused with the reason — too long,
 * too many too fast (with when to retry: the widget resends then, so nothing a person wrote is
 * lost), or a temporary failure (retry). Agents' replies and typing arrive live (live.ts).
 * The inbox's `settings.allowedOrigins` (e.g. ["https://bank.example"]) limits which sites may
 * open it; none set: any site.
 *
 *   visitor → server: {type:'hello',session?,anonymousId?} · {type:'identify',email?,name?,phone?}
 *     · {type:'message',id,text} · {type:'typing',typing} · {type:'ping'}
 *   server → visitor: {type:'welcome',session,anonymousId,history} · {type:'ack',id,messageId}
 *     · {type:'refused',id?,code,reason,retryAfterMs?} · {type:'message',message} · {type:'typing',typing}
 *     · {type:'identified'} · {type:'error',code,reason}
 */
export function chatSocketRoute(scope: FastifyInstance, k: ChannelKernel, hub: LiveHub): void {
  const flood = new FloodGate({ burst: k.config.chatBurst, perSecond: k.config.chatPerMinute / 60 });
  // Per address too (a script opening session after session), 20× looser: an office or a mobile
  // carrier puts many real visitors behind one address.
  const floodByIp = new FloodGate({ burst: k.config.chatBurst * 20, perSecond: (k.config.chatPerMinute * 20) / 60 });
  // Hellos and identifies are cheap but not free (each may read history): their own looser gate.
  // Per address: an office or a carrier's NAT puts many visitors behind one, so it is generous;
  // a refused hello says when to retry (the widget does).
  const control = new FloodGate({ burst: 100, perSecond: 5 });
  scope.route({
    method: 'GET',
    url: '/chat/ws',
    schema: { hide: true },
    handler: async () => {
      throw new AppError('BAD_REQUEST', 'This endpoint is a WebSocket: the chat widget (/chat.js) connects to it');
    },
    wsHandler: (socket: WebSocket, req: FastifyRequest) => {
      // The widget says hello as soon as the socket opens, while the inbox is still being looked
      // up: what arrives meanwhile is held, then handled in order.
      const early: [RawData, boolean][] = [];
      const hold = (data: RawData, isBinary: boolean) => early.push([data, isBinary]);
      socket.on('message', hold);
      const takeEarly = () => {
        socket.off('message', hold);
        return early;
      };
      void backgroundQueries(() => serve(socket, req, takeEarly));
    },
  } as never);

  async function serve(socket: WebSocket, req: FastifyRequest, takeEarly: () => [RawData, boolean][]): Promise<void> {
    const inboxId = String((req.query as Record<string, unknown>)?.inbox ?? '');
    const inbox = z.uuid().safeParse(inboxId).success ? await chatInbox(k, inboxId) : null;
    if (!inbox) {
      send(socket, { type: 'error', code: 'NOT_FOUND', reason: 'No chat inbox has this id (data-inbox)' });
      return socket.close(4404, 'no such inbox');
    }
    const origin = req.headers.origin ?? '';
    if (inbox.allowedOrigins.length && !inbox.allowedOrigins.includes(origin.replace(/\/$/, '').toLowerCase())) {
      send(socket, {
        type: 'error',
        code: 'FORBIDDEN_ORIGIN',
        reason: `This chat is not enabled on ${origin || 'this page'} (the inbox's allowed origins)`,
      });
      return socket.close(4403, 'origin not allowed');
    }
    const ws = inbox.ws;
    const ip = req.ip;
    let session: string | null = null;
    let anonymousId = '';
    let conversationId: string | null = null;
    let unsubscribe: (() => void) | null = null;
    const given: { email?: string; name?: string; phone?: string } = {};
    const sink = { send: (e: VisitorEvent) => send(socket, e) };
    const follow = (id: string) => {
      if (conversationId === id) return;
      unsubscribe?.();
      conversationId = id;
      unsubscribe = hub.addVisitor(ws, id, sink);
    };
    // Messages are handled one at a time per socket, in the order sent.
    let queue = Promise.resolve();

    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, PING_MS);
    socket.on('pong', () => (alive = true));
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe?.();
      if (conversationId) hub.visitorTyping(ws, conversationId, false);
    });

    const onMessage = (data: RawData, isBinary: boolean) => {
      queue = queue
        .then(() => backgroundQueries(() => handle(data.toString(), isBinary)))
        .catch((err: unknown) => {
          k.log.warn({ err }, 'chat: a visitor message failed');
        });
    };
    for (const [data, isBinary] of takeEarly()) onMessage(data, isBinary);
    socket.on('message', onMessage);

    async function handle(raw: string, isBinary: boolean): Promise<void> {
      if (isBinary) return send(socket, { type: 'error', code: 'BAD_REQUEST', reason: 'Text frames only' });
      let msg: z.infer<typeof clientMessage>;
      try {
        msg = clientMessage.parse(JSON.parse(raw));
      } catch {
        return send(socket, { type: 'error', code: 'BAD_REQUEST', reason: 'Unknown or malformed message' });
      }
      if (msg.type === 'ping') return send(socket, { type: 'pong' });
      if (msg.type === 'typing') {
        if (conversationId && control.take(`t:${ip}`) === 0) hub.visitorTyping(ws, conversationId, msg.typing);
        return;
      }
      if (msg.type === 'hello' || msg.type === 'identify') {
        const wait = control.take(`c:${ip}`);
        if (wait > 0)
          return send(socket, {
            type: 'refused',
            code: 'FLOOD',
            reason: 'Too many requests; wait and retry',
            retryAfterMs: wait,
          });
      }
      if (msg.type === 'hello') {
        session = msg.session ?? randomBytes(24).toString('base64url');
        anonymousId = msg.anonymousId ?? `chat-${randomBytes(12).toString('base64url')}`;
        const found = await conversationOf(k, ws, sessionKey(session));
        if (found) follow(found);
        const history = found ? await historyOf(k, ws, found) : [];
        return send(socket, { type: 'welcome', session, anonymousId, history });
      }
      if (!session) return send(socket, { type: 'error', code: 'BAD_REQUEST', reason: 'Say hello first' });
      if (msg.type === 'identify') {
        if (msg.email) given.email = msg.email.toLowerCase();
        if (msg.name) given.name = msg.name;
        if (msg.phone) given.phone = msg.phone;
        // The identities join the visitor's next message (the identity graph links them there).
        return send(socket, { type: 'identified' });
      }
      // A message.
      const text = msg.text.trim();
      if (!text) return send(socket, { type: 'refused', id: msg.id, code: 'EMPTY', reason: 'The message is empty' });
      const max = k.config.chatMaxMessageChars;
      if (text.length > max)
        return send(socket, {
          type: 'refused',
          id: msg.id,
          code: 'TOO_LONG',
          reason: `The message is ${text.length} characters long; at most ${max} are allowed`,
        });
      const wait = Math.max(flood.wait(`${ws}:${session}`), floodByIp.wait(`${ws}:${ip}`));
      if (wait === 0) {
        flood.take(`${ws}:${session}`);
        floodByIp.take(`${ws}:${ip}`);
      }
      if (wait > 0)
        return send(socket, {
          type: 'refused',
          id: msg.id,
          code: 'FLOOD',
          reason: `Too many messages: wait ${Math.ceil(wait / 1000)} s before sending again`,
          retryAfterMs: wait,
        });
      const key = sessionKey(session);
      try {
        const r = await k.service.inbound.receive(ws, {
          inboxId: inbox!.id,
          channel: 'chat',
          identities: [
            { kind: 'anonymous_id', value: anonymousId },
            ...(given.email ? [{ kind: 'email', value: given.email }] : []),
            ...(given.phone ? [{ kind: 'phone', value: given.phone }] : []),
          ],
          traits: given.name ? { name: given.name } : undefined,
          externalId: `${key}:${msg.id}`,
          threadKeys: [key],
          text,
        });
        follow(r.conversationId);
        send(socket, { type: 'ack', id: msg.id, messageId: r.messageId, duplicate: r.duplicate });
      } catch (err) {
        if (err instanceof AppError && err.status < 500)
          return send(socket, { type: 'refused', id: msg.id, code: err.code, reason: err.message });
        k.log.warn({ err }, 'chat: a message could not be stored');
        send(socket, {
          type: 'refused',
          id: msg.id,
          code: 'RETRY',
          reason: 'The message could not be stored now; it is sent again shortly',
          retryAfterMs: 2000,
        });
      }
    }
  }
}

/** The chat inbox a widget names, in whichever workspace it is. */
async function chatInbox(k: ChannelKernel, id: string): Promise<ChatInbox | null> {
  const row = await k.db
    .selectFrom('service_inboxes')
    .select(['workspace_id', 'id', 'settings'])
    .where('id', '=', id)
    .where('channel', '=', 'chat')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const raw = (row.settings as { allowedOrigins?: unknown })?.allowedOrigins;
  const allowedOrigins = Array.isArray(raw)
    ? raw.filter((o): o is string => typeof o === 'string').map((o) => o.replace(/\/$/, '').toLowerCase())
    : [];
  return { ws: row.workspace_id, id: row.id, allowedOrigins };
}

/** The conversation a chat session is in now (merges followed). */
async function conversationOf(k: ChannelKernel, ws: string, key: string): Promise<string | null> {
  const hit = await k.db
    .selectFrom('service_thread_keys')
    .select('conversation_id')
    .where('workspace_id', '=', ws)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!hit) return null;
  const live = await k.service.conversations.liveOf(k.db, ws, hit.conversation_id);
  return live?.id ?? null;
}

async function historyOf(k: ChannelKernel, ws: string, conversationId: string) {
  const rows = await k.db
    .selectFrom('service_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.direction', 'm.body', 'm.author_kind', 'm.created_at', 'u.name as author_name'])
    .where('m.workspace_id', '=', ws)
    .where('m.conversation_id', '=', conversationId)
    .where('m.direction', 'in', ['in', 'out'])
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(HISTORY)
    .execute();
  return rows.reverse().map(visitorMessage);
}

function send(socket: WebSocket, e: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(e));
}
