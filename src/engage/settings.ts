import { z } from 'zod';
import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';

/** The engage module's settings (`kartoteka config` lists them after core's). */
export const engageSettings = {
  secretKey: {
    env: 'KARTOTEKA_SECRET_KEY',
    schema: z.string(),
    default: '',
    description:
      "Key that encrypts channels' secrets (SMTP passwords, bot tokens, VAPID keys) and signs tracking and unsubscribe links: 32 bytes as 64 hex characters or base64. Empty: a key is generated once into <data dir>/secret.key (set it when several processes or machines share one database)",
  },
  sendConcurrency: {
    env: 'KARTOTEKA_SEND_CONCURRENCY',
    schema: int(1, 256),
    default: 16,
    description: 'Messages each worker process sends at once (over all channels)',
  },
  sendLeaseSeconds: {
    env: 'KARTOTEKA_SEND_LEASE_SECONDS',
    schema: int(6, 3600),
    default: 60,
    description:
      "How long a worker holds the messages it claimed; a message still held past it (its worker died mid-send) is marked failed 'interrupted', never sent again. A claim keeps a twelfth of it in messages of a slow channel",
  },
  sendRetryDelaySeconds: {
    env: 'KARTOTEKA_SEND_RETRY_DELAY_SECONDS',
    schema: int(1, 3600),
    default: 30,
    description:
      'First retry delay of a message whose channel failed for a passing reason (a timeout, a 5xx, a throttle); doubles with each attempt, five attempts in all',
  },
  channelRatePerSecond: {
    env: 'KARTOTEKA_CHANNEL_RATE_PER_SECOND',
    schema: int(1, 100_000),
    default: 2000,
    description: "A channel's throughput limit (messages per second) when the channel sets none",
  },
  bounceSmtpPort: {
    env: 'KARTOTEKA_BOUNCE_SMTP_PORT',
    schema: int(0, 65535),
    default: 0,
    description:
      'Port of the built-in SMTP receiver for bounce (DSN) and complaint reports; 0 = off. Point the Return-Path domain’s MX here',
  },
} as const satisfies SettingsSpec;

export type EngageSettings = SettingsOf<typeof engageSettings>;
