import { createHmac } from 'node:crypto';
import { z } from 'zod';
import {
  ChannelError,
  type CallbackRequest,
  type CallbackResult,
  type ChannelKind,
  type InboundMessage,
  type StatusReport,
} from './types.ts';
import { callProvider, field, header, sameSecret, type ProviderAnswer } from './provider-http.ts';

const config = z.object({
  baseUrl: z
    .url({ message: 'must be a URL' })
    .default('https://graph.facebook.com/v21.0')
    .describe('The Graph API base, with its version'),
  phoneNumberId: z
    .string()
    .regex(/^\d{5,30}$/, { message: 'must be the numeric phone number ID from the WhatsApp Manager' })
    .describe('The business phone number ID messages are sent from'),
  accessToken: z
    .string()
    .min(10, { message: 'must be an access token' })
    .describe('Secret: a system user access token'),
  appSecret: z
    .string()
    .min(8)
    .optional()
    .describe('Secret: the app secret; callbacks are checked against X-Hub-Signature-256 and refused without it'),
  verifyToken: z
    .string()
    .min(8)
    .optional()
    .describe('Secret: the verify token of the webhook subscription (the GET hub.challenge handshake)'),
});
export type WhatsappConfig = z.infer<typeof config>;

// Graph API error codes retrying can help: throttling (4, 80007, 130429, 131048, 131056),
// temporary service trouble (1, 2, 131000, 131016).
const TRANSIENT = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056]);
// The number is not a WhatsApp user / cannot receive messages: the address is dead.
const HARD = new Set([131026]);

function graphError(res: ProviderAnswer): ChannelError {
  const code = Number(field(res.json, 'error', 'code')) || res.status;
  const message = String(field(res.json, 'error', 'message') ?? `HTTP ${res.status}`);
  const transient = res.status === 429 || res.status >= 500 || TRANSIENT.has(code);
  return new ChannelError(`wa_${code}`, `WhatsApp: ${message}`, !transient, HARD.has(code) ? 'hard' : null);
}

const STATUS: Record<string, StatusReport['status'] | undefined> = {
  delivered: 'delivered',
  read: 'opened',
  failed: 'failed',
};

/** WhatsApp Cloud API: text messages to a phone (digits of E.164); statuses and inbound messages by webhook. */
export const whatsappChannel: ChannelKind<WhatsappConfig> = {
  type: 'whatsapp',
  label: { en: 'WhatsApp', ru: 'WhatsApp' },
  consent: 'messenger',
  address: 'phone',
  config,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  urlFields: ['baseUrl'],
  create: (c, { outbound }) => {
    const url = (path: string) => `${c.baseUrl.replace(/\/+$/, '')}/${c.phoneNumberId}${path}`;
    const auth = { authorization: `Bearer ${c.accessToken}` };
    return {
      async send(msg) {
        const to = msg.to.replace(/\D/g, '');
        if (to.length < 7 || to.length > 15)
          throw new ChannelError('wa_bad_address', 'WhatsApp: the address is not a phone number', true, 'hard');
        const res = await callProvider(outbound, url('/messages'), {
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to,
            type: 'text',
            text: { body: msg.text, preview_url: /https?:\/\//.test(msg.text) },
          }),
        });
        if (res.status < 200 || res.status > 299 || field(res.json, 'error')) throw graphError(res);
        const messages = field(res.json, 'messages');
        const id = Array.isArray(messages) ? field(messages[0], 'id') : undefined;
        // Accepted, not delivered: delivery comes as a status callback.
        return { providerId: typeof id === 'string' ? id : null, status: 'sent' };
      },
      async verify() {
        const res = await callProvider(outbound, url('?fields=id,display_phone_number'), {
          method: 'GET',
          headers: auth,
        });
        if (res.status < 200 || res.status > 299 || field(res.json, 'error')) throw graphError(res);
      },
      async close() {},
    };
  },
  callback(c, req: CallbackRequest): CallbackResult {
    if (req.method === 'GET') {
      // The subscription handshake: echo hub.challenge when the verify token matches.
      if (
        req.query['hub.mode'] !== 'subscribe' ||
        !c.verifyToken ||
        !sameSecret(req.query['hub.verify_token'], c.verifyToken)
      )
        throw new ChannelError('unauthenticated', 'WhatsApp: the verify token does not match', true);
      return {
        statuses: [],
        inbound: [],
        reply: { status: 200, body: req.query['hub.challenge'] ?? '', contentType: 'text/plain' },
      };
    }
    // Meta signs every callback with the app secret; without one we cannot tell a forgery.
    if (!c.appSecret) throw new ChannelError('unauthenticated', 'WhatsApp: set appSecret to receive callbacks', true);
    const expected = `sha256=${createHmac('sha256', c.appSecret).update(req.rawBody).digest('hex')}`;
    if (!sameSecret(header(req.headers, 'x-hub-signature-256'), expected))
      throw new ChannelError('unauthenticated', 'WhatsApp: the X-Hub-Signature-256 does not match', true);
    const statuses: StatusReport[] = [];
    const inbound: InboundMessage[] = [];
    const entries = field(req.body, 'entry');
    for (const entry of Array.isArray(entries) ? entries : []) {
      const changes = field(entry, 'changes');
      for (const change of Array.isArray(changes) ? changes : []) {
        const value = field(change, 'value');
        const st = field(value, 'statuses');
        for (const s of Array.isArray(st) ? st : []) {
          const status = STATUS[String(field(s, 'status'))];
          const id = field(s, 'id');
          if (!status || typeof id !== 'string') continue;
          const errors = field(s, 'errors');
          const err = Array.isArray(errors) ? errors[0] : undefined;
          const ts = Number(field(s, 'timestamp'));
          statuses.push({
            providerId: id,
            status,
            ...(err ? { reason: `wa_${field(err, 'code')}: ${field(err, 'title') ?? ''}`.trim() } : {}),
            ...(ts ? { at: new Date(ts * 1000) } : {}),
          });
        }
        const ms = field(value, 'messages');
        for (const m of Array.isArray(ms) ? ms : []) {
          const from = field(m, 'from');
          const text =
            field(m, 'text', 'body') ?? field(m, 'button', 'text') ?? field(m, 'interactive', 'button_reply', 'title');
          if (typeof from !== 'string' || typeof text !== 'string') continue;
          const ts = Number(field(m, 'timestamp'));
          inbound.push({ from, text, ...(ts ? { at: new Date(ts * 1000) } : {}), raw: m });
        }
      }
    }
    return { statuses, inbound };
  },
};
