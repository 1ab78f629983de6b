import { createPrivateKey } from 'node:crypto';
import net from 'node:net';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { OutboundBlockedError, type Outbound } from '../../core/net/outbound.ts';
import { normalizeHost } from '../../core/net/allow-list.ts';
import { ChannelError, type ChannelAdapter, type ChannelKind, type SendResult } from './types.ts';

/** How long connecting (DNS, TCP, greeting, TLS) may take: "test connection" answers within it. */
export const SMTP_CONNECT_TIMEOUT_MS = 8_000;

const EMAIL = /^[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+$/;

/** The address of a `from` written `Name <a@b>` or `a@b`; null when there is none. */
export function addressOf(from: string): string | null {
  const m = /<([^<>]+)>\s*$/.exec(from);
  const a = (m ? m[1]! : from).trim();
  return EMAIL.test(a) ? a : null;
}

/** The domain our Message-IDs carry, so that a DSN quoting one maps back to the ledger row. */
export const messageIdOf = (ledgerId: string, from: string) =>
  `<${ledgerId}@${(addressOf(from) ?? 'kartoteka.invalid').split('@')[1]}>`;

function isPrivateKey(pem: string): boolean {
  try {
    return ['rsa', 'ed25519'].includes(createPrivateKey(pem).asymmetricKeyType ?? '');
  } catch {
    return false;
  }
}

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'must be a host name or an IP address');
const fromField = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .refine((v) => addressOf(v) !== null, 'must be an email address, optionally as "Name <a@b.c>"');

export const emailConfig = z
  .object({
    host,
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false).describe('TLS from the first byte (port 465); false: STARTTLS when offered'),
    from: fromField,
    /** The envelope sender (MAIL FROM): where DSN bounces go (the bounce receiver's domain). */
    returnPath: z.string().trim().regex(EMAIL, 'must be an email address').max(320).optional(),
    user: z.string().max(320).optional(),
    password: z.string().max(1000).optional(),
    pool: z.boolean().default(true),
    maxConnections: z.number().int().min(1).max(100).default(5),
    dkimDomain: z.string().trim().min(1).max(253).optional(),
    dkimSelector: z.string().trim().min(1).max(63).optional(),
    dkimPrivateKey: z.string().max(20_000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.dkimDomain || c.dkimSelector || c.dkimPrivateKey) {
      for (const f of ['dkimDomain', 'dkimSelector', 'dkimPrivateKey'] as const)
        if (!c[f])
          ctx.addIssue({
            code: 'custom',
            path: [f],
            message: 'DKIM needs dkimDomain, dkimSelector and dkimPrivateKey',
          });
      if (c.dkimPrivateKey && !isPrivateKey(c.dkimPrivateKey))
        ctx.addIssue({
          code: 'custom',
          path: ['dkimPrivateKey'],
          message: 'must be a PEM private key (RSA or Ed25519)',
        });
    }
    if (c.password && !c.user) ctx.addIssue({ code: 'custom', path: ['user'], message: 'a password needs a user' });
  });
export type EmailConfig = z.infer<typeof emailConfig>;

/**
 * Opens the TCP connection for nodemailer (its `getSocket` hook) through the outbound policy: the
 * host is resolved by the policy's lookup, so the socket reaches only an address it checked, and
 * the connected peer is looked at once more. TLS (implicit or STARTTLS) is nodemailer's, over this
 * socket, with the configured host name as the TLS server name.
 */
export function policySocket(
  outbound: Outbound,
  hostName: string,
  port: number,
  timeoutMs: number,
  callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
) {
  const h = normalizeHost(hostName).replace(/^\[|\]$/g, '');
  let settled = false;
  const done = (err: Error | null, socket?: net.Socket) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (err) {
      socket?.destroy();
      return callback(err);
    }
    socket!.removeListener('error', onError);
    callback(null, { connection: socket! });
  };
  const socket = net.connect({ host: h, port, lookup: outbound.lookup });
  const onError = (e: Error) => done(e, socket);
  socket.once('error', onError);
  socket.once('connect', () => {
    if (!outbound.connectionAllowed(h, socket.remoteAddress))
      return done(new OutboundBlockedError('connected to a refused address'), socket);
    done(null, socket);
  });
  const timer = setTimeout(() => {
    const e = Object.assign(new Error(`Connection timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
    done(e, socket);
  }, timeoutMs);
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/**
 * nodemailer's error as the engine's ChannelError. A 5xx to RCPT is a hard bounce (the mailbox
 * does not exist); other 5xx replies are permanent; 4xx replies and broken connections are
 * transient. Connection errors say what kind of failure, never the address resolved.
 */
export function smtpChannelError(e: unknown): ChannelError {
  if (e instanceof ChannelError) return e;
  if (e instanceof OutboundBlockedError) return new ChannelError('outbound_blocked', e.message, true);
  const f = (e ?? {}) as SmtpFailure;
  const reply = (f.response ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
  const rc = f.responseCode;
  if (f.code === 'EAUTH')
    return new ChannelError('smtp_auth', `authentication failed${reply ? `: ${reply}` : ''}`, true);
  // No reply code: nodemailer refused the address itself (malformed, empty) before asking the server.
  if (f.code === 'EENVELOPE' && !rc) return new ChannelError('invalid_address', f.message ?? 'invalid recipient', true);
  if (rc && rc >= 500) {
    const rcpt = f.command === 'RCPT TO' || f.code === 'EENVELOPE';
    return new ChannelError(`smtp_${rc}`, reply || `SMTP ${rc}`, true, rcpt ? 'hard' : null);
  }
  if (rc && rc >= 400) return new ChannelError(`smtp_${rc}`, reply || `SMTP ${rc}`, false);
  if (f.code === 'ETIMEDOUT' || f.code === 'CONNECT_TIMEOUT' || /timeout/i.test(f.message ?? ''))
    return new ChannelError('timeout', 'the SMTP server did not answer in time', false);
  const sys = (e as NodeJS.ErrnoException)?.code;
  const named = typeof sys === 'string' && /^[A-Z0-9_]+$/.test(sys) ? ` (${sys})` : '';
  return new ChannelError('unreachable', `connection failed${named}`, false);
}

function createEmailAdapter(config: EmailConfig, outbound: Outbound): ChannelAdapter {
  const getSocket = (_opts: unknown, cb: (err: Error | null, socketOptions?: unknown) => void) =>
    policySocket(outbound, config.host, config.port, SMTP_CONNECT_TIMEOUT_MS, cb);
  const options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    pool: config.pool,
    maxConnections: config.maxConnections,
    // A connection is reused for this many messages before a fresh one (servers cap a session).
    maxMessages: 1000,
    getSocket,
    connectionTimeout: SMTP_CONNECT_TIMEOUT_MS,
    greetingTimeout: SMTP_CONNECT_TIMEOUT_MS,
    socketTimeout: 60_000,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    ...(config.dkimDomain && config.dkimSelector && config.dkimPrivateKey
      ? {
          dkim: {
            domainName: config.dkimDomain,
            keySelector: config.dkimSelector,
            privateKey: config.dkimPrivateKey,
          },
        }
      : {}),
    // nodemailer logs nothing by default; its debug output would carry addresses and bodies.
    logger: false,
  };
  // biome-ignore lint/suspicious/noExplicitAny: one options object serves the pooled and the single transport
  const transporter = createTransport(options as any);
  const from = config.from;
  return {
    async send(msg): Promise<SendResult> {
      // A service reply names its own Message-ID (the client's reply threads back by it).
      const headers = { ...(msg.headers ?? {}) };
      const given = Object.keys(headers).find((h) => h.toLowerCase() === 'message-id');
      const messageId = given ? headers[given]! : messageIdOf(msg.messageId, from);
      if (given) delete headers[given];
      try {
        await transporter.sendMail({
          from,
          to: msg.to,
          subject: msg.subject ?? '',
          text: msg.text,
          ...(msg.html ? { html: msg.html } : {}),
          headers,
          messageId,
          ...(config.returnPath ? { envelope: { from: config.returnPath, to: msg.to } } : {}),
        });
      } catch (e) {
        throw smtpChannelError(e);
      }
      return { providerId: messageId, status: 'sent' };
    },
    async verify() {
      try {
        await transporter.verify();
      } catch (e) {
        throw smtpChannelError(e);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

export const emailChannel: ChannelKind<EmailConfig> = {
  type: 'email',
  label: { en: 'Email (SMTP)', ru: 'Email (SMTP)' },
  consent: 'email',
  address: 'email',
  config: emailConfig as unknown as z.ZodType<EmailConfig>,
  secretFields: ['password', 'dkimPrivateKey'],
  hostFields: ['host'],
  create: (config, deps) => createEmailAdapter(config, deps.outbound),
};
