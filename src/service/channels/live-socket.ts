import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { sameHost } from '../../core/http/csrf.ts';
import { SESSION_COOKIE } from '../../core/auth/session-cookie.ts';
import type { ChannelKernel } from './settings.ts';
import type { AgentEvent, AgentInfo, LiveHub } from '../live.ts';
import { FloodGate } from './flood.ts';

/** How often an open agent socket re-checks that its session is still valid (logout, disabled member). */
const RECHECK_MS = 60_000;
/** A socket that answered no ping for this long is dead (a laptop lid closed) and is dropped. */
const PING_MS = 30_000;

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('typing'), conversationId: z.uuid(), typing: z.boolean() }),
  z.object({ type: z.literal('ping') }),
]);

/**
 * GET /api/v1/service/live — the agents' WebSocket (the agent UI's live updates). Authenticated
 * like every /api/v1 route (the session cookie, or a bearer key for other clients) and gated by
 * `service:read`, before the upgrade; a cookie-authenticated upgrade must also come from our own
 * origin (a page elsewhere could otherwise open it with the agent's cookie: cross-site WebSocket
 * hijacking). It receives its workspace's events only (live.ts) and sends `typing`.
 *
 *   server → agent: {type:'hello',userId,workspaceId} · {type:'conversation.created|updated|message',
 *     conversationId,messageId?,direction?,fields?} · {type:'typing',conversationId,agent?|visitor?,typing}
 *     · {type:'collision',conversationId,agents} · {type:'presence',agents} · {type:'error',code,message}
 *   agent → server: {type:'typing',conversationId,typing} · {type:'ping'}
 */
export function liveSocketRoute(scope: FastifyInstance, k: ChannelKernel, hub: LiveHub): void {
  const typingGate = new FloodGate({ burst: 20, perSecond: 5 });
  scope.route({
    method: 'GET',
    url: '/api/v1/service/live',
    config: { permission: 'service:read' },
    schema: { hide: true },
    handler: async () => {
      throw new AppError('BAD_REQUEST', 'This endpoint is a WebSocket: connect with an Upgrade: websocket request');
    },
    wsHandler: (socket: WebSocket, req: FastifyRequest) => {
      const p = req.principal;
      if (!p) return socket.close(4401, 'unauthenticated');
      const byCookie = !req.headers.authorization;
      if (byCookie) {
        const origin = req.headers.origin;
        if (!origin || !sameHost(origin, req.host)) {
          send(socket, {
            type: 'error',
            code: 'CSRF_REJECTED',
            message: 'The live socket opens only from this server’s pages',
          });
          return socket.close(4403, 'cross-site');
        }
      }
      const ws = p.actor.workspaceId;
      const agent: AgentInfo = {
        userId: p.actor.id ?? p.apiKeyId ?? 'unknown',
        name: (p.actor.label ?? '').replace(/\s*<[^>]*>\s*$/, '') || (p.actor.label ?? 'agent'),
      };
      send(socket, { type: 'hello', userId: agent.userId, workspaceId: ws });
      const remove = hub.addAgent(ws, agent, { send: (e: AgentEvent) => send(socket, e) });

      let alive = true;
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, PING_MS);
      socket.on('pong', () => (alive = true));
      const token = req.cookies?.[SESSION_COOKIE];
      const recheck =
        byCookie && token
          ? setInterval(() => {
              k.auth.authenticateSession(token).then(
                (still) => {
                  if (!still) socket.close(4401, 'session ended');
                },
                () => {},
              );
            }, RECHECK_MS)
          : null;

      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        let parsed: z.infer<typeof clientMessage>;
        try {
          parsed = clientMessage.parse(JSON.parse(String(data)));
        } catch {
          return send(socket, { type: 'error', code: 'BAD_REQUEST', message: 'Unknown or malformed message' });
        }
        if (parsed.type === 'ping') return send(socket, { type: 'pong' });
        if (typingGate.take(`${ws}:${agent.userId}`) > 0) return;
        hub.agentTyping(ws, agent, parsed.conversationId, parsed.typing);
      });
      socket.on('close', () => {
        clearInterval(ping);
        if (recheck) clearInterval(recheck);
        remove();
      });
    },
  } as never);
}

function send(socket: WebSocket, e: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(e));
}
