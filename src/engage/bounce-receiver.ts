import { SMTPServer } from 'smtp-server';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import { parseReport } from './channels/dsn.ts';
import type { StatusReport } from './channels/types.ts';

/** A bounce or complaint is a few kilobytes; anything much larger is not one. */
const MAX_REPORT_BYTES = 2 * 1024 * 1024;

/**
 * The built-in SMTP receiver for bounces (DSN) and complaints (ARF), on KARTOTEKA_BOUNCE_SMTP_PORT:
 * the Return-Path domain's MX points here. It accepts any recipient (it relays nothing), parses
 * each message and hands the reports to the send ledger, in the workspace of the message the
 * report quotes (found by its provider id, the Message-ID we set) when the report's recipient is
 * the address that message went to.
 */
export class BounceReceiver {
  private server: SMTPServer;
  private listening: Promise<void>;
  /** Reports handed over (for logs and tests). */
  handled = 0;

  constructor(
    private k: EngageBaseKernel,
    private engage: Engage,
    port: number,
  ) {
    const log = k.log.child({ component: 'engage.bounces' });
    this.server = new SMTPServer({
      name: 'kartoteka-bounces',
      banner: 'Kartoteka bounce receiver',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_REPORT_BYTES,
      maxClients: 50,
      logger: false,
      // The client's reverse DNS name is not used; looking it up costs a resolver round trip per connection.
      disableReverseLookup: true,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_REPORT_BYTES) chunks.push(c);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded || size > MAX_REPORT_BYTES) {
            const err = Object.assign(new Error('Message too large'), { responseCode: 552 });
            return callback(err);
          }
          this.receive(Buffer.concat(chunks)).then(
            () => callback(),
            (err: unknown) => {
              log.warn({ err }, 'a bounce report could not be applied');
              // 451: the sender's MTA retries later, so a database hiccup loses no bounce.
              callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
            },
          );
        });
      },
    });
    this.server.on('error', (err) => log.warn({ err }, 'bounce receiver error'));
    this.listening = new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, () => {
        log.info({ port }, 'bounce receiver listening');
        resolve();
      });
    });
    // The caller decides what a port already taken means (channels.ts retries later).
    this.listening.catch(() => {});
  }

  /** Resolves once listening. */
  ready(): Promise<void> {
    return this.listening;
  }

  /** Parses one report and applies it; returns the reports matched to a ledger row. */
  async receive(raw: Buffer | string): Promise<number> {
    const parsed = await parseReport(raw);
    let matched = 0;
    const recipient = parsed.recipient?.toLowerCase() ?? null;
    for (const r of parsed.reports) {
      const owner = await this.ownerOf(r);
      if (!owner) continue;
      // A report about another address than the one we sent to is not about this message: a forged
      // or misrouted DSN must not bounce (and suppress) someone else's address.
      if (recipient && owner.address && owner.address.toLowerCase() !== recipient) continue;
      matched++;
      await this.engage.channels.deliverCallback(owner.workspace_id, owner.channel_id, {
        statuses: [r],
        inbound: [],
      });
    }
    this.handled += matched;
    return matched;
  }

  /** The ledger row a report is about: provider ids are our Message-IDs, unique across workspaces. */
  private ownerOf(r: StatusReport) {
    return this.k.db
      .selectFrom('engage_messages')
      .select(['workspace_id', 'channel_id', 'address'])
      .where('provider_id', '=', r.providerId)
      .where('channel_type', '=', 'email')
      .limit(1)
      .executeTakeFirst();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
