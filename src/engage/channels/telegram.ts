import { z } from 'zod';
import {
  ChannelError,
  type CallbackRequest,
  type CallbackResult,
  type ChannelKind,
  type InboundMessage,
} from './types.ts';
import { callProvider, field, header, sameSecret, type ProviderAnswer } from './provider-http.ts';

const config = z.object({
  baseUrl: z
    .url({ message: 'must be a URL' })
    .default('https://api.telegram.org')
    .describe('The Bot API server (a local Bot API server or a test peer)'),
  botToken: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, { message: 'must be a bot token from @BotFather (123456:ABC…)' })
    .describe('Secret: the bot token'),
  webhookSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, { message: 'must be 1–256 characters A-Z, a-z, 0-9, _ and -' })
    .optional()
    .describe('Secret: the secret_token given to setWebhook; updates without it are refused'),
  disableWebPagePreview: z.boolean().optional().describe('Send messages without link previews'),
});
export type TelegramConfig = z.infer<typeof config>;

const base = (c: TelegramConfig) => `${c.baseUrl.replace(/\/+$/, '')}/bot${c.botToken}`;

/**
 * A Bot API answer that is not `ok`, as a ChannelError. Blocked by the user (403) and a chat that
 * does not exist (400) cannot be helped by retrying; 429 (its `retry_after`) and 5xx can.
 */
function botApiError(res: ProviderAnswer): ChannelError {
  const code = Number(field(res.json, 'error_code')) || res.status;
  const description = String(field(res.json, 'description') ?? `HTTP ${res.status}`);
  if (code === 429) {
    const after = Number(field(res.json, 'parameters', 'retry_after'));
    return new ChannelError('tg_429', `Telegram: ${description}${after ? ` (retry after ${after} s)` : ''}`, false);
  }
  if (code >= 500 || res.status >= 500) return new ChannelError(`tg_${code}`, `Telegram: ${description}`, false);
  // A chat that is not found is an address that does not exist: a hard bounce. A bot blocked by
  // the user is not: the user may unblock it, so the address is not suppressed.
  const hard = code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(description);
  return new ChannelError(`tg_${code}`, `Telegram: ${description}`, true, hard ? 'hard' : null);
}

async function call(c: TelegramConfig, outbound: Parameters<typeof callProvider>[0], method: string, body: object) {
  return callProvider(outbound, `${base(c)}/${method}`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Telegram Bot API: sendMessage to a chat id (identity `telegram_id`); inbound updates by webhook. */
export const telegramChannel: ChannelKind<TelegramConfig> = {
  type: 'telegram',
  label: { en: 'Telegram', ru: 'Telegram' },
  consent: 'messenger',
  address: 'telegram_id',
  config,
  secretFields: ['botToken', 'webhookSecret'],
  urlFields: ['baseUrl'],
  create: (c, { outbound }) => ({
    async send(msg) {
      const chatId = msg.to.trim();
      if (!/^-?\d+$/.test(chatId) && !/^@[A-Za-z0-9_]{5,}$/.test(chatId))
        throw new ChannelError('tg_bad_address', 'Telegram: the address is not a chat id', true, 'hard');
      const res = await call(c, outbound, 'sendMessage', {
        chat_id: chatId,
        text: msg.text,
        ...(c.disableWebPagePreview ? { disable_web_page_preview: true } : {}),
      });
      if (field(res.json, 'ok') !== true) throw botApiError(res);
      const id = field(res.json, 'result', 'message_id');
      // The Bot API answers after the message is in the chat: that is delivery.
      return { providerId: id === undefined || id === null ? null : String(id), status: 'delivered' };
    },
    async verify() {
      const res = await call(c, outbound, 'getMe', {});
      if (field(res.json, 'ok') !== true) throw botApiError(res);
    },
    async close() {},
  }),
  callback(c, req: CallbackRequest): CallbackResult {
    if (c.webhookSecret && !sameSecret(header(req.headers, 'x-telegram-bot-api-secret-token'), c.webhookSecret))
      throw new ChannelError('unauthenticated', 'Telegram: the secret token does not match', true);
    if (req.method !== 'POST') return { statuses: [], inbound: [], reply: { status: 405, body: 'POST only' } };
    const update = req.body;
    const message = field(update, 'message') ?? field(update, 'edited_message') ?? field(update, 'channel_post');
    const chatId = field(message, 'chat', 'id');
    const text = field(message, 'text') ?? field(message, 'caption');
    const inbound: InboundMessage[] = [];
    if ((typeof chatId === 'number' || typeof chatId === 'string') && typeof text === 'string') {
      const date = Number(field(message, 'date'));
      inbound.push({ from: String(chatId), text, ...(date ? { at: new Date(date * 1000) } : {}), raw: update });
    }
    return { statuses: [], inbound };
  },
};
