import type { ChannelType, TemplateChannel } from './tables.ts';

/** Which template family fits which channel type (broadcasts and campaigns check it). */
export const TEMPLATE_FAMILY: Readonly<Record<ChannelType, TemplateChannel>> = {
  email: 'email',
  sms: 'sms',
  push: 'push',
  telegram: 'messenger',
  whatsapp: 'messenger',
  vk: 'messenger',
  webhook: 'webhook',
};
