import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Outbound } from '../../core/net/outbound.ts';
import type { ChannelType } from '../tables.ts';

/**
 * Channels are adapters behind one interface (shared/DESIGN.md): send, delivery status, inbound.
 * Each channel type (email.ts, sms-smpp.ts, push.ts, telegram.ts, …) exports one `ChannelKind`;
 * registry.ts lists them. The sending engine (messages.ts) knows nothing of any provider.
 */

/** The consent channel (crm consents) a channel type's messages need. */
export type ConsentChannel = 'email' | 'sms' | 'push' | 'messenger';

/** Which of a person's identifiers is their address on a channel type. */
export type AddressKind = 'email' | 'phone' | 'telegram_id' | 'vk_id' | 'push_subscription' | 'none';

/** One rendered message, ready for a provider. */
export interface OutboundMessage {
  /** The ledger id (engage_messages.id): providers that take an idempotency key or a reference get it. */
  messageId: string;
  /** The address: an email, an E.164 phone, a chat or user id, a push subscription JSON; '' for webhook. */
  to: string;
  subject?: string | null;
  /** Email: the HTML (MJML already rendered). */
  html?: string | null;
  /** The text: the SMS / messenger / push body, the email's plain-text part. */
  text: string;
  /** Email only: extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
  /** Push: the click-through URL; webhook: anything else to post. */
  url?: string | null;
  data?: Record<string, unknown>;
}

export interface SendResult {
  /** The provider's id of the message (status callbacks and DSNs find the ledger row by it). */
  providerId: string | null;
  /** `delivered` when the provider's answer already proves delivery (a webhook's 2xx, a Telegram message id). */
  status: 'sent' | 'delivered';
}

/**
 * A send that failed. `permanent`: retrying cannot help (bad address, blocked chat, 5xx SMTP
 * reply to RCPT) — the message ends `failed` or `bounced`; otherwise the job retries with backoff.
 * `code` is stable and recorded as the message's reason (e.g. `smtp_550`, `http_403`, `unreachable`).
 */
export class ChannelError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
    /** A permanent failure that means the address is dead (hard bounce): it joins the suppression list. */
    readonly bounce: 'hard' | 'soft' | null = null,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** What a provider callback (a status report, a DSN, an inbound message) tells the engine. */
export interface StatusReport {
  providerId: string;
  status: 'delivered' | 'bounced' | 'failed' | 'complained' | 'opened';
  bounce?: 'hard' | 'soft';
  reason?: string;
  at?: Date;
}
export interface InboundMessage {
  /** The sender's address on the channel (phone, chat id, user id). */
  from: string;
  text: string;
  at?: Date;
  /** The provider's raw payload, kept for the service desk (issue 18). */
  raw?: unknown;
}
export interface CallbackResult {
  statuses: StatusReport[];
  inbound: InboundMessage[];
  /** What to answer the provider (default 200 `ok`): VK's confirmation string, a WhatsApp hub challenge. */
  reply?: { status: number; body: string; contentType?: string };
}

export interface ChannelAdapter {
  send(msg: OutboundMessage): Promise<SendResult>;
  /** "Test connection": connects and authenticates without sending; throws ChannelError with the reason. */
  verify(): Promise<void>;
  /** Releases pooled connections (SMTP pool, SMPP session). */
  close(): Promise<void>;
  /**
   * Opens a long-lived session now rather than at the first send (SMPP: the SMSC hands receipts
   * and replies only to a bound transceiver). Absent: nothing to keep open.
   */
  openSession?(): Promise<void>;
}

export interface CallbackRequest {
  method: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body as received (signatures are over the raw bytes). */
  rawBody: string;
  body: unknown;
}

export interface AdapterDeps {
  /** Every host and URL goes through it: `outbound.lookup` for sockets, `request()` (core/net/request.ts) for HTTP. */
  outbound: Outbound;
  log: Logger;
  /** Where status reports and inbound messages of connection-based protocols (SMPP deliver_sm) go. */
  onCallback?: (result: CallbackResult) => Promise<void>;
  /**
   * The provider said an address no longer exists (a push subscription answered 404/410): the
   * channel's owner forgets it (push: `engage.pushSubscriptions.removeAddress(ws, to)`).
   */
  onAddressGone?: (to: string) => Promise<void>;
}

export interface ChannelKind<C extends Record<string, unknown> = Record<string, unknown>> {
  type: ChannelType;
  /** Label for the UI. */
  label: { en: string; ru: string };
  /** null: not a message to a person's inbox (webhook), so no consent applies. */
  consent: ConsentChannel | null;
  address: AddressKind;
  /**
   * The whole config (public fields and secrets together) as POST /channels takes it. Fields named
   * in `secretFields` are split off, encrypted and never returned (the API shows `secretsSet`).
   */
  config: z.ZodType<C>;
  secretFields: readonly (keyof C & string)[];
  /** URL or host fields of `config` the outbound policy checks when configured (422 naming `config.<field>`). */
  urlFields?: readonly (keyof C & string)[];
  hostFields?: readonly (keyof C & string)[];
  create(config: C, deps: AdapterDeps): ChannelAdapter;
  /**
   * A provider calling us back at POST /hooks/channels/{channelId} (delivery reports, inbound
   * messages, bounces). It must authenticate the call with the channel's secret where the
   * provider signs (Telegram's secret token, WhatsApp's X-Hub-Signature-256, VK's secret) and
   * throw ChannelError('unauthenticated', …, true) otherwise.
   */
  callback?(config: C, req: CallbackRequest): Promise<CallbackResult> | CallbackResult;
}
