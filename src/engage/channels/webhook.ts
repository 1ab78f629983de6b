import { z } from 'zod';
import { OutboundBlockedError, type Outbound } from '../../core/net/outbound.ts';
import { outboundRequest } from '../../core/net/request.ts';
import { SIGNATURE_HEADER, signPayload, verifySignature } from '../../core/webhooks/webhooks.ts';
import {
  ChannelError,
  type CallbackRequest,
  type CallbackResult,
  type ChannelAdapter,
  type ChannelKind,
  type OutboundMessage,
  type StatusReport,
} from './types.ts';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export const webhookConfig = z
  .object({
    url: z.string().trim().url().max(2000),
    secret: z.string().min(16, 'at least 16 characters').max(500).describe('Signs each post (kartoteka-signature)'),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfig>;

/** An HTTP answer or a failed request as the engine's ChannelError (permanent only where a retry cannot help). */
export function httpChannelError(e: unknown): ChannelError {
  if (e instanceof ChannelError) return e;
  if (e instanceof OutboundBlockedError) return new ChannelError('outbound_blocked', e.message, true);
  if (e instanceof Error && e.name === 'TimeoutError')
    return new ChannelError('timeout', `no answer within ${WEBHOOK_TIMEOUT_MS} ms`, false);
  const sys = (e as NodeJS.ErrnoException)?.code;
  const named = typeof sys === 'string' && /^[A-Z0-9_]+$/.test(sys) ? ` (${sys})` : '';
  return new ChannelError('unreachable', `connection failed${named}`, false);
}

/** 408 and 429 ask to come back later; any other 4xx will get the same answer next time. */
export const httpStatusError = (status: number) =>
  new ChannelError(
    `http_${status}`,
    `the receiver answered HTTP ${status}`,
    status >= 400 && status < 500 && status !== 408 && status !== 429,
  );

async function post(outbound: Outbound, config: WebhookConfig, payload: unknown, idempotencyKey: string) {
  const body = JSON.stringify(payload);
  let status: number;
  try {
    ({ status } = await outboundRequest(outbound, config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kartoteka-Engage/1',
        [SIGNATURE_HEADER]: signPayload(config.secret, body),
        'idempotency-key': idempotencyKey,
      },
      body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
    }));
  } catch (e) {
    throw httpChannelError(e);
  }
  if (status < 200 || status >= 300) throw httpStatusError(status);
}

function createWebhookAdapter(config: WebhookConfig, outbound: Outbound): ChannelAdapter {
  return {
    async send(msg: OutboundMessage) {
      const personId = typeof msg.data?.personId === 'string' ? msg.data.personId : undefined;
      await post(
        outbound,
        config,
        {
          messageId: msg.messageId,
          ...(personId ? { personId } : {}),
          subject: msg.subject ?? null,
          text: msg.text,
          html: msg.html ?? null,
          data: msg.data ?? {},
        },
        msg.messageId,
      );
      // The receiver's 2xx is the delivery; its later reports (callback below) name the message id.
      return { providerId: msg.messageId, status: 'delivered' };
    },
    async verify() {
      // A signed ping the receiver can tell from a message by `type`.
      await post(outbound, config, { type: 'ping' }, `ping-${Date.now()}`);
    },
    async close() {},
  };
}

const report = z.object({
  messageId: z.string().min(1).max(200),
  status: z.enum(['delivered', 'bounced', 'failed', 'complained', 'opened']),
  bounce: z.enum(['hard', 'soft']).optional(),
  reason: z.string().max(300).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});
const callbackBody = z.object({ statuses: z.array(report).max(1000) });

/**
 * The receiver reports what became of messages later (e.g. its own downstream delivery): a POST to
 * the channel's hook URL, `{"statuses":[{"messageId","status","bounce?","reason?","at?"}]}`, signed
 * like our posts to it (kartoteka-signature with the channel's secret).
 */
function webhookCallback(config: WebhookConfig, req: CallbackRequest): CallbackResult {
  if (req.method !== 'POST') throw new ChannelError('method', 'only POST', true);
  const sig = req.headers[SIGNATURE_HEADER];
  if (typeof sig !== 'string' || !verifySignature(config.secret, req.rawBody, sig))
    throw new ChannelError('unauthenticated', 'missing or wrong kartoteka-signature', true);
  const parsed = callbackBody.safeParse(req.body);
  if (!parsed.success) throw new ChannelError('malformed', 'expected {"statuses":[{"messageId","status"}]}', true);
  const statuses: StatusReport[] = parsed.data.statuses.map((s) => ({
    providerId: s.messageId,
    status: s.status,
    ...(s.bounce ? { bounce: s.bounce } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.at ? { at: new Date(s.at) } : {}),
  }));
  return { statuses, inbound: [] };
}

export const webhookChannel: ChannelKind<WebhookConfig> = {
  type: 'webhook',
  label: { en: 'Webhook', ru: 'Вебхук' },
  consent: null,
  address: 'none',
  config: webhookConfig,
  secretFields: ['secret'],
  urlFields: ['url'],
  create: (config, deps) => createWebhookAdapter(config, deps.outbound),
  callback: webhookCallback,
};
