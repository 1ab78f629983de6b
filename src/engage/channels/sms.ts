import { z } from 'zod';
import { HttpGatewayAdapter, gatewayCallbackResult, httpConfigSchema } from './sms-http.ts';
import { SmppAdapter, smppConfigSchema } from './sms-smpp.ts';
import { ChannelError, type CallbackRequest, type ChannelKind } from './types.ts';

/**
 * The SMS channel: `transport: 'smpp'` binds to an SMSC (sms-smpp.ts), `transport: 'http'` posts
 * to an HTTP gateway (sms-http.ts, which documents the gateway protocol and its callbacks).
 * Addresses are people's `phone` identities (E.164); segment counting is in sms-text.ts.
 */
export const smsConfigSchema = z.discriminatedUnion('transport', [smppConfigSchema, httpConfigSchema]);
export type SmsConfig = z.infer<typeof smsConfigSchema>;

/** The stored config (public fields and secrets together) read back; a broken one is the channel's fault. */
function readConfig(config: Record<string, unknown>): SmsConfig {
  const parsed = smsConfigSchema.safeParse(config);
  if (!parsed.success) throw new ChannelError('invalid_config', 'the SMS channel configuration is not valid', true);
  return parsed.data;
}

export const smsChannel: ChannelKind = {
  type: 'sms',
  label: { en: 'SMS', ru: 'SMS' },
  consent: 'sms',
  address: 'phone',
  config: smsConfigSchema,
  secretFields: ['password', 'token'],
  urlFields: ['url'],
  hostFields: ['host'],
  create(config, deps) {
    const c = readConfig(config);
    return c.transport === 'smpp' ? new SmppAdapter(c, deps) : new HttpGatewayAdapter(c, deps);
  },
  callback(config, req: CallbackRequest) {
    const c = readConfig(config);
    if (c.transport !== 'http')
      throw new ChannelError('not_supported', 'an SMPP channel gets receipts on its session, not by callback', true);
    return gatewayCallbackResult(c, req);
  },
};
