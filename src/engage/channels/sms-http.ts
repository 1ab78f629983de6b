/**
 * SMS over a generic HTTP gateway — the protocol (what a gateway must speak to be used here):
 *
 * Sending: `POST <url>` (or PUT, config `method`) with `Content-Type: application/json`,
 * `Authorization: Bearer <token>` when a token is configured, and
 *   {"to":"+79123456789","from":"<config.from>","text":"…","reference":"<our message id>"}
 * `reference` is stable across retries, so the gateway may drop a repeat. A 2xx answer carries
 *   {"id":"<gateway message id>"}
 * which status callbacks refer to. 429 → retried later; other 4xx → the message fails (code
 * `http_<status>`); 5xx, a timeout or a connection failure → retried later.
 *
 * Callbacks: the gateway POSTs to our `POST /hooks/channels/<channel id>` one event or a JSON
 * array of events:
 *   {"type":"status","id":"<gateway message id>","status":"delivered"|"failed","reason":"…"?}
 *   {"type":"inbound","from":"+79123456789","text":"STOP"}
 * signed with `X-Signature: hex(HMAC-SHA256(token, raw request body))`. A callback without a
 * valid signature (or to a channel without a token) is refused.
 *
 * "Test connection" (verify): `GET <url>` with the token; 401/403 → `auth_failed`, 5xx or no
 * answer → the error; any other answer (200, 404, 405) proves the gateway is there.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OutboundBlockedError, BLOCKED_MESSAGE } from '../../core/net/outbound.ts';
import { outboundRequest, type OutboundResponse } from '../../core/net/request.ts';
import { recipientE164, toE164 } from './sms-phone.ts';
import {
  ChannelError,
  type AdapterDeps,
  type CallbackRequest,
  type CallbackResult,
  type ChannelAdapter,
  type InboundMessage,
  type OutboundMessage,
  type SendResult,
  type StatusReport,
} from './types.ts';

export const httpConfigSchema = z.object({
  transport: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  method: z.enum(['POST', 'PUT']).default('POST'),
  token: z.string().min(1).max(1000).optional(),
  /** The sender name or number the gateway shows. */
  from: z.string().trim().min(1).max(20),
  timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
});
export type HttpGatewayConfig = z.infer<typeof httpConfigSchema>;

const ANSWER_BYTES = 64_000;

/** The signature the gateway puts in X-Signature. */
export function gatewaySignature(token: string, rawBody: string): string {
  return createHmac('sha256', token).update(rawBody).digest('hex');
}

function requestError(e: unknown): ChannelError {
  if (e instanceof OutboundBlockedError)
    return new ChannelError('outbound_blocked', `config.url: ${BLOCKED_MESSAGE}`, true);
  if ((e as Error).name === 'TimeoutError')
    return new ChannelError('timeout', 'the SMS gateway did not answer in time', false);
  const code = (e as NodeJS.ErrnoException).code;
  return new ChannelError('unreachable', `cannot reach the SMS gateway: ${code ?? (e as Error).message}`, false);
}

/** A non-2xx answer: 429 and 5xx are passing, the rest are the gateway's final word. */
export function statusError(status: number): ChannelError {
  const transient = status === 429 || status >= 500;
  return new ChannelError(`http_${status}`, `the SMS gateway answered ${status}`, !transient);
}

export class HttpGatewayAdapter implements ChannelAdapter {
  constructor(
    private readonly config: HttpGatewayConfig,
    private readonly deps: AdapterDeps,
  ) {}

  private headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}),
    };
  }

  private async call(method: string, body?: string): Promise<OutboundResponse> {
    try {
      return await outboundRequest(this.deps.outbound, this.config.url, {
        method,
        headers: this.headers(),
        body,
        timeoutMs: this.config.timeoutMs,
        readBodyBytes: ANSWER_BYTES,
      });
    } catch (e) {
      throw requestError(e);
    }
  }

  async send(msg: OutboundMessage): Promise<SendResult> {
    const to = recipientE164(msg.to);
    const body = JSON.stringify({ to, from: this.config.from, text: msg.text, reference: msg.messageId });
    const res = await this.call(this.config.method, body);
    if (res.status < 200 || res.status >= 300) throw statusError(res.status);
    let id: unknown;
    try {
      id = (JSON.parse(res.body ?? '') as { id?: unknown })?.id;
    } catch {
      id = undefined;
    }
    // Accepted is accepted: without an id the message is sent, its receipts just cannot be matched.
    if (typeof id !== 'string' && typeof id !== 'number') {
      this.deps.log.warn({ status: res.status }, 'sms: the gateway accepted the message without an id');
      return { providerId: null, status: 'sent' };
    }
    return { providerId: String(id), status: 'sent' };
  }

  async verify(): Promise<void> {
    const res = await this.call('GET');
    if (res.status === 401 || res.status === 403)
      throw new ChannelError('auth_failed', `the SMS gateway refused the token (${res.status})`, true);
    if (res.status >= 500) throw statusError(res.status);
  }

  async close(): Promise<void> {}
}

const statusEvent = z.object({
  type: z.literal('status'),
  id: z.union([z.string().min(1).max(200), z.number()]),
  status: z.enum(['delivered', 'failed']),
  reason: z.string().max(500).optional(),
});
const inboundEvent = z.object({
  type: z.literal('inbound'),
  from: z.string().min(1).max(64),
  text: z.string().max(10_000),
});
const gatewayEvent = z.discriminatedUnion('type', [statusEvent, inboundEvent]);
const gatewayCallback = z.union([gatewayEvent, z.array(gatewayEvent).max(1000)]);

/** A gateway callback: the signature checked over the raw body, then its events read. */
export function gatewayCallbackResult(config: HttpGatewayConfig, req: CallbackRequest): CallbackResult {
  const header = req.headers['x-signature'];
  const given = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase() ?? '';
  if (!config.token)
    throw new ChannelError('unauthenticated', 'the channel has no token to check callbacks with', true);
  const expected = gatewaySignature(config.token, req.rawBody);
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    throw new ChannelError('unauthenticated', 'the X-Signature of the callback is missing or wrong', true);
  let json: unknown;
  try {
    json = JSON.parse(req.rawBody);
  } catch {
    throw new ChannelError('invalid_payload', 'the callback body is not JSON', true);
  }
  const parsed = gatewayCallback.safeParse(json);
  if (!parsed.success) throw new ChannelError('invalid_payload', 'the callback is not a status or inbound event', true);
  const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const statuses: StatusReport[] = [];
  const inbound: InboundMessage[] = [];
  for (const e of events) {
    if (e.type === 'status')
      statuses.push({ providerId: String(e.id), status: e.status, ...(e.reason ? { reason: e.reason } : {}) });
    else inbound.push({ from: toE164(e.from) ?? e.from, text: e.text, raw: e });
  }
  return { statuses, inbound };
}
