import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { AppError } from '../../core/errors.ts';
import type { ChannelKernel } from './settings.ts';
import { fmtBytes, inboundOf, parseInboundEmail } from './mime.ts';

/** Recipients one message may name: more is a spam run, not a client writing to support. */
const MAX_RECIPIENTS = 20;

interface Target {
  ws: string;
  inboxId: string;
  address: string;
}

type Session = SMTPServerSession & { targets?: Target[] };

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * The built-in SMTP receiver for the email inboxes (KARTOTEKA_INBOUND_SMTP_PORT; the MX of the
 * support domain points here). It accepts mail only for addresses of existing email inboxes, in
 * whichever workspace they are (550 with the reason for any other), up to the size limit (552 with
 * the limit), and files each message through the MIME path (mime.ts) into `inbound.receive`. It
 * answers 250 only once the message is committed; a failure to store it is a 451, so the sending
 * MTA retries and nothing is lost (a retried message is one message: its Message-ID is the
 * idempotency key).
 *
 * No AUTH and no relaying: it delivers only to its own inboxes. No STARTTLS yet (no certificate
 * setting); put it behind a TLS-terminating MTA where mail must be encrypted in transit.
 */
export class SmtpReceiver {
  private server: SMTPServer;
  private listening: Promise<void>;
  /** Messages filed (each inbox counts once), for logs, tests and the bench. */
  filed = 0;

  constructor(
    private k: ChannelKernel,
    opts: { port: number; host?: string; maxBytes: number },
  ) {
    const log = k.log.child({ component: 'service.smtp' });
    const maxBytes = opts.maxBytes;
    this.server = new SMTPServer({
      name: 'kartoteka',
      banner: 'Kartoteka inbound mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: maxBytes,
      maxClients: 100,
      logger: false,
      disableReverseLookup: true,
      onMailFrom: (address, session: Session, callback) => {
        // A new transaction: one connection carries many messages, each to its own recipients.
        session.targets = [];
        const args = address.args as Record<string, string> | false;
        const declared = Number((args && args.SIZE) || 0);
        if (declared > maxBytes)
          return callback(
            smtpError(
              552,
              `5.3.4 The message is ${fmtBytes(declared)}; this server accepts at most ${fmtBytes(maxBytes)}`,
            ),
          );
        callback();
      },
      onRcptTo: (address, session: Session, callback) => {
        const to = address.address.trim().toLowerCase();
        if ((session.targets?.length ?? 0) >= MAX_RECIPIENTS)
          return callback(smtpError(452, `4.5.3 Too many recipients: at most ${MAX_RECIPIENTS} per message`));
        this.k.service.inboxes.byAddress(to).then(
          (hit) => {
            if (!hit || hit.inbox.channel !== 'email')
              return callback(smtpError(550, `5.1.1 <${to}>: no inbox here has this address`));
            session.targets = [...(session.targets ?? []), { ws: hit.ws, inboxId: hit.inbox.id, address: to }];
            callback();
          },
          (err: unknown) => {
            log.warn({ err }, 'inbox lookup failed');
            callback(smtpError(451, '4.3.0 Temporary failure looking up the recipient; try again later'));
          },
        );
      },
      onData: (stream, session: Session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= maxBytes) chunks.push(c);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded || size > maxBytes)
            return callback(smtpError(552, `5.3.4 The message exceeds this server's limit of ${fmtBytes(maxBytes)}`));
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          this.deliver(Buffer.concat(chunks), from || null, session.targets ?? []).then(
            () => callback(),
            (err: unknown) => {
              if (err instanceof SmtpRefusal) return callback(smtpError(err.code, err.message));
              log.warn({ err }, 'an inbound email could not be filed');
              callback(smtpError(451, '4.3.0 The message could not be stored now; try again later'));
            },
          );
        });
      },
    });
    this.server.on('error', (err) => log.warn({ err }, 'inbound SMTP receiver error'));
    this.listening = new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
        log.info({ port: this.port }, 'inbound SMTP receiver listening');
        resolve();
      });
    });
    this.listening.catch(() => {});
  }

  ready(): Promise<void> {
    return this.listening;
  }

  /** The port it listens on (the configured one, or the one the system chose for 0). */
  get port(): number {
    return ((this.server as unknown as { server: { address(): AddressInfo | null } }).server.address()?.port ??
      0) as number;
  }

  /** Parses one message and files it to each inbox it was addressed to. */
  async deliver(raw: Buffer, envelopeFrom: string | null, targets: Target[]): Promise<void> {
    const mail = await parseInboundEmail(raw, { envelopeFrom });
    const at = new Date();
    for (const t of targets) {
      const m = inboundOf(t.inboxId, mail, at);
      if (!m)
        throw new SmtpRefusal(550, '5.1.7 The message names no sender address (From: or MAIL FROM) to file it under');
      try {
        await this.k.service.inbound.receive(t.ws, m);
      } catch (err) {
        // Input the service refuses is this message's fault: retrying would not help (550, with why).
        if (err instanceof AppError && err.status < 500 && err.code !== 'RATE_LIMITED')
          throw new SmtpRefusal(550, `5.6.0 The message cannot be filed: ${err.message.slice(0, 300)}`);
        throw err;
      }
      this.filed++;
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class SmtpRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
