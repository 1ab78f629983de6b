import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

type Service = 'telegram' | 'whatsapp' | 'vk';

export interface PeerRequest {
  service: Service;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed body: JSON, or the form fields (application/x-www-form-urlencoded). */
  body: Record<string, unknown>;
  raw: string;
}

interface Answer {
  status: number;
  json: unknown;
}

/**
 * One HTTP server playing the parts of three messengers' APIs that the channels call, with their
 * real request and answer shapes and their error conventions:
 * - Telegram Bot API: POST /bot<token>/sendMessage, /bot<token>/getMe → `{ok, result}` or
 *   `{ok:false, error_code, description, parameters?}` with the HTTP status = error_code.
 * - WhatsApp Cloud API: POST /<version>/<phoneNumberId>/messages, GET /<version>/<phoneNumberId>,
 *   Bearer token → `{messaging_product, contacts, messages:[{id}]}` or `{error:{message, type, code}}`.
 * - VK API: POST /method/messages.send, /method/groups.getById (form or query: access_token, v) →
 *   HTTP 200 `{response}` or `{error:{error_code, error_msg}}`; messages.send drops a repeated
 *   random_id to the same user (VK's idempotency) and answers the first message's id.
 * Every request is recorded; `fail(service, status, json)` scripts the next answer of a service.
 */
export class MessengerPeer {
  readonly requests: PeerRequest[] = [];
  readonly telegram = {
    token: '123456:TEST-bot-token-abcdef',
    chats: new Set<string>(['1001', '1002']),
    blocked: new Set<string>(['1003']),
    messages: [] as { chatId: string; text: string; messageId: number }[],
  };
  readonly whatsapp = {
    version: 'v21.0',
    phoneNumberId: '106540352242922',
    token: 'EAAG-test-access-token',
    messages: [] as { to: string; body: string; id: string }[],
  };
  readonly vk = {
    token: 'vk1.a.test-community-token',
    groupId: '229000001',
    users: new Set<string>(['501', '502']),
    privacy: new Set<string>(['503']),
    messages: [] as { userId: string; message: string; randomId: string; id: number }[],
  };
  private scripted = new Map<Service, Answer[]>();
  private server = http.createServer((req, res) => void this.handle(req, res));
  private nextId = 1;
  origin = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** The base URLs a channel config points at. */
  get telegramBase() {
    return this.origin;
  }
  get whatsappBase() {
    return `${this.origin}/${this.whatsapp.version}`;
  }
  get vkBase() {
    return `${this.origin}/method`;
  }

  /** The next request to `service` gets this answer instead of the normal one. */
  fail(service: Service, status: number, json: unknown): void {
    const q = this.scripted.get(service) ?? [];
    q.push({ status, json });
    this.scripted.set(service, q);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const type = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown> = {};
    if (type.startsWith('application/json') && raw) body = JSON.parse(raw);
    else if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
    for (const [k, v] of url.searchParams) if (!(k in body)) body[k] = v;
    const service: Service = url.pathname.startsWith('/bot')
      ? 'telegram'
      : url.pathname.startsWith('/method/')
        ? 'vk'
        : 'whatsapp';
    this.requests.push({ service, method: req.method ?? '', path: url.pathname, headers: req.headers, body, raw });
    const send = (a: Answer) =>
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.json));
    const scripted = this.scripted.get(service)?.shift();
    if (scripted) return send(scripted);
    if (service === 'telegram') return send(this.telegramAnswer(url.pathname, body));
    if (service === 'vk') return send({ status: 200, json: this.vkAnswer(url.pathname, body) });
    return send(this.whatsappAnswer(req.method ?? '', url.pathname, req.headers.authorization, body));
  }

  private telegramAnswer(path: string, body: Record<string, unknown>): Answer {
    const tg = (code: number, description: string): Answer => ({
      status: code,
      json: { ok: false, error_code: code, description },
    });
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (!m) return tg(404, 'Not Found');
    if (m[1] !== this.telegram.token) return tg(401, 'Unauthorized');
    if (m[2] === 'getMe')
      return {
        status: 200,
        json: { ok: true, result: { id: 123456, is_bot: true, first_name: 'Test', username: 'test_bot' } },
      };
    if (m[2] !== 'sendMessage') return tg(404, 'Not Found: method not found');
    const chatId = String(body.chat_id ?? '');
    const text = typeof body.text === 'string' ? body.text : '';
    if (!chatId) return tg(400, 'Bad Request: chat_id is empty');
    if (!text.trim()) return tg(400, 'Bad Request: message text is empty');
    if (this.telegram.blocked.has(chatId)) return tg(403, 'Forbidden: bot was blocked by the user');
    if (!this.telegram.chats.has(chatId)) return tg(400, 'Bad Request: chat not found');
    const messageId = this.nextId++;
    this.telegram.messages.push({ chatId, text, messageId });
    return {
      status: 200,
      json: {
        ok: true,
        result: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'private' },
          text,
        },
      },
    };
  }

  private whatsappAnswer(
    method: string,
    path: string,
    authorization: string | undefined,
    body: Record<string, unknown>,
  ): Answer {
    const err = (status: number, code: number, message: string, type = 'OAuthException'): Answer => ({
      status,
      json: { error: { message, type, code, fbtrace_id: randomBytes(6).toString('hex') } },
    });
    if (authorization !== `Bearer ${this.whatsapp.token}`)
      return err(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const m = /^\/(v\d+\.\d+)\/(\d+)(\/messages)?$/.exec(path);
    if (!m || m[1] !== this.whatsapp.version) return err(400, 2500, 'Unknown path components');
    if (m[2] !== this.whatsapp.phoneNumberId)
      return err(400, 100, 'Unsupported post request. Object does not exist', 'GraphMethodException');
    if (!m[3]) {
      if (method !== 'GET') return err(400, 100, 'Unsupported request');
      return { status: 200, json: { id: this.whatsapp.phoneNumberId, display_phone_number: '+1 555-0100' } };
    }
    if (body.messaging_product !== 'whatsapp')
      return err(400, 100, '(#100) The parameter messaging_product is required.');
    const to = String(body.to ?? '');
    if (!/^\d{7,15}$/.test(to)) return err(400, 100, '(#100) Invalid parameter');
    const text = body.text as { body?: unknown } | undefined;
    if (body.type !== 'text' || typeof text?.body !== 'string')
      return err(400, 100, '(#100) Param text[body] is required');
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    this.whatsapp.messages.push({ to, body: text.body, id });
    return {
      status: 200,
      json: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id }] },
    };
  }

  private vkAnswer(path: string, body: Record<string, unknown>): unknown {
    const error = (error_code: number, error_msg: string) => ({
      error: { error_code, error_msg, request_params: [{ key: 'method', value: path.slice(8) }] },
    });
    if (!body.v) return error(8, 'Invalid request: v is required');
    if (body.access_token !== this.vk.token) return error(5, 'User authorization failed: invalid access_token (4).');
    if (path === '/method/groups.getById')
      return {
        response: {
          groups: [{ id: Number(this.vk.groupId), name: 'Test community', screen_name: 'club' }],
          profiles: [],
        },
      };
    if (path !== '/method/messages.send') return error(3, 'Unknown method passed.');
    const userId = String(body.user_id ?? '');
    const randomId = String(body.random_id ?? '');
    const message = String(body.message ?? '');
    if (!randomId)
      return error(100, 'One of the parameters specified was missing or invalid: random_id is a required parameter');
    if (!message)
      return error(100, 'One of the parameters specified was missing or invalid: message is empty or invalid');
    if (this.vk.privacy.has(userId))
      return error(902, "Can't send messages to this user due to their privacy settings");
    if (!this.vk.users.has(userId)) return error(901, "Can't send messages for users without permission");
    const same = this.vk.messages.find((m) => m.userId === userId && m.randomId === randomId);
    if (same) return { response: same.id };
    const id = this.nextId++;
    this.vk.messages.push({ userId, message, randomId, id });
    return { response: id };
  }
}
