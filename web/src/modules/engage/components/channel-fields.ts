import type { ChannelType } from '../api.ts';

/**
 * The config fields of each channel type, as the drawer shows them (the shared contract's table;
 * the server validates). `secret`: write-only — shown as “set” when the channel has it, and left
 * out of the request while blank, which keeps the stored one.
 */
export interface FieldDef {
  key: FieldKey;
  input: 'text' | 'number' | 'bool' | 'secret' | 'secretText' | 'select';
  required?: boolean;
  placeholder?: string;
  options?: readonly string[];
  /** Shown only when the rest of the config says so (the SMS transport). */
  when?: (config: Record<string, unknown>) => boolean;
  /** What a new channel starts with. */
  initial?: unknown;
}

export type FieldKey =
  | 'host'
  | 'port'
  | 'secure'
  | 'from'
  | 'user'
  | 'password'
  | 'pool'
  | 'maxConnections'
  | 'returnPath'
  | 'dkimDomain'
  | 'dkimSelector'
  | 'dkimPrivateKey'
  | 'systemId'
  | 'sourceAddr'
  | 'url'
  | 'method'
  | 'token'
  | 'vapidPublicKey'
  | 'vapidPrivateKey'
  | 'subject'
  | 'baseUrl'
  | 'botToken'
  | 'webhookSecret'
  | 'phoneNumberId'
  | 'accessToken'
  | 'appSecret'
  | 'verifyToken'
  | 'groupId'
  | 'secret'
  | 'confirmation';

const smpp = (c: Record<string, unknown>) => (c.transport ?? 'smpp') === 'smpp';
const http = (c: Record<string, unknown>) => c.transport === 'http';

export const CHANNEL_FIELDS: Record<ChannelType, readonly FieldDef[]> = {
  email: [
    { key: 'host', input: 'text', required: true, placeholder: 'smtp.example.com' },
    { key: 'port', input: 'number', required: true, initial: 587 },
    { key: 'secure', input: 'bool', initial: false },
    { key: 'from', input: 'text', required: true, placeholder: 'Shop <news@example.com>' },
    { key: 'user', input: 'text' },
    { key: 'password', input: 'secret' },
    { key: 'pool', input: 'bool', initial: true },
    { key: 'maxConnections', input: 'number' },
    { key: 'returnPath', input: 'text', placeholder: 'bounces@example.com' },
    { key: 'dkimDomain', input: 'text', placeholder: 'example.com' },
    { key: 'dkimSelector', input: 'text', placeholder: 'mail' },
    { key: 'dkimPrivateKey', input: 'secretText' },
  ],
  sms: [
    { key: 'host', input: 'text', required: true, when: smpp },
    { key: 'port', input: 'number', required: true, when: smpp, initial: 2775 },
    { key: 'systemId', input: 'text', required: true, when: smpp },
    { key: 'password', input: 'secret', when: smpp },
    { key: 'sourceAddr', input: 'text', required: true, when: smpp },
    { key: 'url', input: 'text', required: true, when: http, placeholder: 'https://sms.example.com/send' },
    { key: 'method', input: 'select', options: ['POST', 'PUT'], when: http },
    { key: 'token', input: 'secret', when: http },
    { key: 'from', input: 'text', when: http },
  ],
  push: [
    { key: 'vapidPublicKey', input: 'text', required: true },
    { key: 'vapidPrivateKey', input: 'secret' },
    { key: 'subject', input: 'text', required: true, placeholder: 'mailto:admin@example.com' },
  ],
  telegram: [
    { key: 'baseUrl', input: 'text', placeholder: 'https://api.telegram.org' },
    { key: 'botToken', input: 'secret', required: true },
    { key: 'webhookSecret', input: 'secret' },
  ],
  whatsapp: [
    { key: 'baseUrl', input: 'text', placeholder: 'https://graph.facebook.com/v21.0' },
    { key: 'phoneNumberId', input: 'text', required: true },
    { key: 'accessToken', input: 'secret', required: true },
    { key: 'appSecret', input: 'secret' },
    { key: 'verifyToken', input: 'secret' },
  ],
  vk: [
    { key: 'baseUrl', input: 'text', placeholder: 'https://api.vk.com/method' },
    { key: 'groupId', input: 'text', required: true },
    { key: 'accessToken', input: 'secret', required: true },
    { key: 'secret', input: 'secret' },
    { key: 'confirmation', input: 'text' },
  ],
  webhook: [
    { key: 'url', input: 'text', required: true, placeholder: 'https://example.com/hooks/messages' },
    { key: 'secret', input: 'secret', required: true },
  ],
};

export const isSecret = (f: FieldDef) => f.input === 'secret' || f.input === 'secretText';

/** The form's starting values: a stored channel's public config, or a new one's defaults. */
export function initialConfig(type: ChannelType, stored?: Record<string, unknown>): Record<string, unknown> {
  if (stored) return { ...stored };
  const out: Record<string, unknown> = type === 'sms' ? { transport: 'smpp' } : {};
  for (const f of CHANNEL_FIELDS[type]) if (f.initial !== undefined) out[f.key] = f.initial;
  return out;
}

/**
 * What to send: the visible fields with a value. A blank secret is left out, which keeps the stored
 * one; a blank public field is left out too (the config is validated and stored as a whole).
 */
export function configToSend(type: ChannelType, form: Record<string, unknown>) {
  const out: Record<string, unknown> = type === 'sms' ? { transport: form.transport ?? 'smpp' } : {};
  for (const f of CHANNEL_FIELDS[type]) {
    if (f.when && !f.when(form)) continue;
    const v = form[f.key];
    if (v === undefined || v === null || v === '') continue;
    out[f.key] = v;
  }
  return out;
}
