import { z } from 'zod';
import type { ServiceKernel } from '../kernel.ts';
import { int, type SettingsOf, type SettingsSpec } from '../../core/config.ts';

/** The inbound channels' settings (part of the service module's, src/service/settings.ts). */
export const channelSettings = {
  inboundSmtpPort: {
    env: 'KARTOTEKA_INBOUND_SMTP_PORT',
    schema: int(0, 65535),
    default: 0,
    description:
      'Port of the built-in SMTP receiver that files mail to the email inboxes by their address (point their MX here); 0 = off. `kartoteka serve --smtp-port N`',
  },
  inboundSmtpHost: {
    env: 'KARTOTEKA_INBOUND_SMTP_HOST',
    schema: z.string().max(255),
    default: '0.0.0.0',
    description: 'Interface the inbound SMTP receiver listens on',
  },
  inboundSmtpMaxBytes: {
    env: 'KARTOTEKA_INBOUND_SMTP_MAX_BYTES',
    schema: int(1024, 200 * 1024 * 1024),
    default: 25 * 1024 * 1024,
    description: 'The largest email the SMTP receiver accepts (bytes); a bigger one is refused with 552 and the limit',
  },
  imapPollSeconds: {
    env: 'KARTOTEKA_IMAP_POLL_SECONDS',
    schema: int(1, 86_400),
    default: 60,
    description: 'How often an email inbox with an IMAP mailbox (settings.imap) is polled for unseen mail',
  },
  chatMaxMessageChars: {
    env: 'KARTOTEKA_CHAT_MAX_MESSAGE_CHARS',
    schema: int(1, 100_000),
    default: 4000,
    description: 'The longest chat message a visitor may send (characters); a longer one is refused with the reason',
  },
  chatBurst: {
    env: 'KARTOTEKA_CHAT_BURST',
    schema: int(1, 10_000),
    default: 10,
    description: 'Chat flood control: messages a visitor may send at once before the rate applies',
  },
  chatPerMinute: {
    env: 'KARTOTEKA_CHAT_PER_MINUTE',
    schema: int(1, 100_000),
    default: 30,
    description:
      'Chat flood control: messages per minute a visitor may keep sending; past it each message is refused with when to retry (the widget resends it then)',
  },
} as const satisfies SettingsSpec;

export type ChannelSettings = SettingsOf<typeof channelSettings>;

/** The kernel as the channels see it: the service desk's, with these settings. */
export type ChannelKernel = ServiceKernel & { config: ChannelSettings };
