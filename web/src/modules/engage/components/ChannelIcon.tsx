import type { ChannelType } from '../api.ts';
import { IconBell, IconChat, IconHook, IconMail, IconSend, IconSms } from './icons.tsx';

const ICONS = {
  email: IconMail,
  sms: IconSms,
  push: IconBell,
  telegram: IconSend,
  whatsapp: IconChat,
  vk: IconChat,
  webhook: IconHook,
} as const;

export function ChannelIcon({ type, size = 18 }: { type: ChannelType; size?: number }) {
  const Icon = ICONS[type] ?? IconHook;
  return <Icon size={size} />;
}
