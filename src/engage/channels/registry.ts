import type { ChannelType } from '../tables.ts';
import type { ChannelKind } from './types.ts';
import { emailChannel } from './email.ts';
import { smsChannel } from './sms.ts';
import { pushChannel } from './push.ts';
import { telegramChannel } from './telegram.ts';
import { whatsappChannel } from './whatsapp.ts';
import { vkChannel } from './vk.ts';
import { webhookChannel } from './webhook.ts';

/** Every channel type, by `type`: adding one is its file plus a line here. */
export const CHANNEL_KINDS: Readonly<Record<ChannelType, ChannelKind>> = {
  email: emailChannel as unknown as ChannelKind,
  sms: smsChannel as unknown as ChannelKind,
  push: pushChannel as unknown as ChannelKind,
  telegram: telegramChannel as unknown as ChannelKind,
  whatsapp: whatsappChannel as unknown as ChannelKind,
  vk: vkChannel as unknown as ChannelKind,
  webhook: webhookChannel as unknown as ChannelKind,
};
export const CHANNEL_TYPES = Object.keys(CHANNEL_KINDS) as ChannelType[];

export function channelKind(type: string): ChannelKind | null {
  return (CHANNEL_KINDS as Record<string, ChannelKind>)[type] ?? null;
}
