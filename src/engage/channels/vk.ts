import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ChannelError,
  type CallbackRequest,
  type CallbackResult,
  type ChannelKind,
  type InboundMessage,
} from './types.ts';
import { callProvider, field, sameSecret, type ProviderAnswer } from './provider-http.ts';

/** The VK API version we speak (request `v`, callback payloads). */
export const VK_API_VERSION = '5.199';

const config = z.object({
  baseUrl: z.url({ message: 'must be a URL' }).default('https://api.vk.com/method').describe('The VK API method base'),
  groupId: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().regex(/^\d{1,20}$/, { message: 'must be the numeric community ID' }))
    .describe('The community (group) messages are sent from'),
  accessToken: z
    .string()
    .min(10, { message: 'must be a community access token' })
    .describe('Secret: the community token'),
  secret: z
    .string()
    .min(1)
    .max(50)
    .optional()
    .describe('Secret: the Callback API secret key; callbacks without it are refused'),
  confirmation: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('The string VK expects in answer to the Callback API confirmation request'),
});
export type VkConfig = z.infer<typeof config>;

/**
 * messages.send's random_id, derived from the ledger id: VK drops a second message with the same
 * random_id to the same peer (its idempotency key), so a retried send is not delivered twice.
 */
export function vkRandomId(messageId: string): number {
  // A positive int32 (VK's type), never 0 (0 turns the check off).
  return createHash('sha256').update(messageId).digest().readUInt32BE(0) & 0x7fffffff || 1;
}

// Can't send to this user: no permission (901), privacy settings (902), blacklisted (900),
// access denied (7), authorization failed (5), bad parameter (100).
const HARD = new Set([901, 902, 900]);
// Too many requests per second (6), flood control (9), internal error (10), unknown (1).
const TRANSIENT = new Set([1, 6, 9, 10]);

function vkError(res: ProviderAnswer): ChannelError {
  const code = Number(field(res.json, 'error', 'error_code'));
  if (!code)
    return new ChannelError(
      `http_${res.status}`,
      `VK: unexpected answer (HTTP ${res.status})`,
      !(res.status === 429 || res.status >= 500),
    );
  const msg = String(field(res.json, 'error', 'error_msg') ?? 'error');
  return new ChannelError(`vk_${code}`, `VK: ${msg}`, !TRANSIENT.has(code), HARD.has(code) ? 'hard' : null);
}

/** VK messages API from a community: messages.send to a user id (identity `vk_id`); Callback API for inbound. */
export const vkChannel: ChannelKind<VkConfig> = {
  type: 'vk',
  label: { en: 'VK', ru: 'ВКонтакте' },
  consent: 'messenger',
  address: 'vk_id',
  config,
  secretFields: ['accessToken', 'secret'],
  urlFields: ['baseUrl'],
  create: (c, { outbound }) => {
    const call = (method: string, params: Record<string, string>, idempotent = false) =>
      callProvider(outbound, `${c.baseUrl.replace(/\/+$/, '')}/${method}`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, access_token: c.accessToken, v: VK_API_VERSION }).toString(),
        idempotent,
      });
    return {
      async send(msg) {
        const userId = msg.to.trim();
        if (!/^\d{1,20}$/.test(userId))
          throw new ChannelError('vk_bad_address', 'VK: the address is not a user id', true, 'hard');
        // random_id makes the send idempotent on VK's side: a timeout may be retried.
        const res = await call(
          'messages.send',
          { user_id: userId, random_id: String(vkRandomId(msg.messageId)), message: msg.text },
          true,
        );
        const response = field(res.json, 'response');
        if (response === undefined || field(res.json, 'error')) throw vkError(res);
        const id = typeof response === 'number' ? response : field(response, 'message_id');
        return { providerId: id === undefined || id === null ? null : String(id), status: 'sent' };
      },
      async verify() {
        const res = await call('groups.getById', { group_id: c.groupId });
        if (field(res.json, 'response') === undefined || field(res.json, 'error')) throw vkError(res);
      },
      async close() {},
    };
  },
  callback(c, req: CallbackRequest): CallbackResult {
    const body = req.body;
    const type = field(body, 'type');
    const groupId = field(body, 'group_id');
    if (groupId !== undefined && String(groupId) !== String(c.groupId))
      throw new ChannelError('unauthenticated', 'VK: the callback is for another community', true);
    if (type === 'confirmation') {
      if (!c.confirmation)
        return { statuses: [], inbound: [], reply: { status: 400, body: 'confirmation string not configured' } };
      return { statuses: [], inbound: [], reply: { status: 200, body: c.confirmation, contentType: 'text/plain' } };
    }
    if (
      c.secret &&
      !sameSecret(typeof field(body, 'secret') === 'string' ? String(field(body, 'secret')) : undefined, c.secret)
    )
      throw new ChannelError('unauthenticated', 'VK: the secret key does not match', true);
    const inbound: InboundMessage[] = [];
    if (type === 'message_new') {
      // Callback API 5.103+ wraps the message in `object.message`; older versions send it as `object`.
      const m = field(body, 'object', 'message') ?? field(body, 'object');
      const from = field(m, 'from_id');
      const text = field(m, 'text');
      if ((typeof from === 'number' || typeof from === 'string') && typeof text === 'string') {
        const date = Number(field(m, 'date'));
        inbound.push({ from: String(from), text, ...(date ? { at: new Date(date * 1000) } : {}), raw: body });
      }
    }
    // VK wants the plain text `ok` for every event, or it retries.
    return { statuses: [], inbound, reply: { status: 200, body: 'ok', contentType: 'text/plain' } };
  },
};
