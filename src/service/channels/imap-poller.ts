import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import { backgroundQueries } from '../../core/db/database.ts';
import type { ChannelKernel } from './settings.ts';
import type { StoredImap } from './imap-settings.ts';
import { fmtBytes, inboundOf, parseInboundEmail } from './mime.ts';

/** Messages filed per mailbox per poll: a mailbox with a backlog is emptied over several polls. */
const BATCH = 200;
/** How long a worker holds a mailbox it polls (another worker skips it meanwhile). */
const LEASE_SECONDS = 300;
/** The keyword a message the service refused is flagged with in the mailbox (besides \Seen). */
const KEYWORD_REFUSED = '$KartotekaRefused';

export interface PollResult {
  filed: number;
  refused: number;
  error?: string;
}

/**
 * Polls the IMAP mailboxes of email inboxes (`settings.imap`, imap-settings.ts) for new mail,
 * files each message through the same MIME path as the SMTP receiver, and marks it \Seen.
 *
 * New mail is what is UNSEEN or has a UID above the highest one filed (service_imap_state), so a
 * message someone read in another client meanwhile is still filed, and a restart between filing
 * and flagging files nothing twice (the Message-ID is the idempotency key). A changed UIDVALIDITY
 * (the mailbox was recreated) starts over from what is unseen. A worker leases the mailbox while it
 * polls, so several workers never poll one mailbox at once.
 *
 * The host goes through the outbound policy: resolved by `k.outbound.lookup`, so a name that
 * resolves to a refused address is never connected to.
 */
export class ImapPoller {
  private stopped = false;

  constructor(private k: ChannelKernel) {}

  stop(): void {
    this.stopped = true;
  }

  /** One round over every mailbox due (the periodic job). */
  async pollAll(): Promise<void> {
    if (this.stopped) return;
    const rows = await this.k.db
      .selectFrom('service_inboxes')
      .select(['workspace_id', 'id'])
      .where('channel', '=', 'email')
      .where('deleted_at', 'is', null)
      .where(sql<boolean>`settings ? 'imap'`)
      .where(sql<boolean>`coalesce((settings->'imap'->>'enabled')::boolean, true)`)
      .limit(1000)
      .execute();
    for (const r of rows) {
      if (this.stopped) return;
      await this.poll(r.workspace_id, r.id).catch((err: unknown) =>
        this.k.log.warn({ err, inboxId: r.id }, 'IMAP poll failed'),
      );
    }
  }

  /** Polls one inbox's mailbox now (null when another worker holds it). */
  async poll(ws: string, inboxId: string): Promise<PollResult | null> {
    return backgroundQueries(async () => {
      const claimed = await this.claim(ws, inboxId);
      if (!claimed) return null;
      // The stored settings (the inbox's API view hides the sealed password).
      const row = await this.k.db
        .selectFrom('service_inboxes')
        .select('settings')
        .where('workspace_id', '=', ws)
        .where('id', '=', inboxId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const imap = (row?.settings as { imap?: StoredImap } | undefined)?.imap;
      let result: PollResult = { filed: 0, refused: 0 };
      try {
        if (!imap?.passwordSealed) throw new Error('no IMAP password is set');
        result = await this.pollMailbox(ws, inboxId, imap, claimed);
        await this.release(ws, inboxId, null, result.filed);
      } catch (err) {
        const message = describe(err);
        result = { ...result, error: message };
        await this.release(ws, inboxId, message, result.filed);
      }
      return result;
    });
  }

  /** Takes the lease (creating the state row); null when another worker holds it. */
  private async claim(ws: string, inboxId: string): Promise<{ uidValidity: string | null; lastUid: number } | null> {
    await this.k.db
      .insertInto('service_imap_state')
      .values({ workspace_id: ws, inbox_id: inboxId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await this.k.db
      .updateTable('service_imap_state')
      .set({ lease_until: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('workspace_id', '=', ws)
      .where('inbox_id', '=', inboxId)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
      .returning(['uid_validity', 'last_uid'])
      .executeTakeFirst();
    // bigint columns read as a string or a number depending on the driver.
    return row
      ? { uidValidity: row.uid_validity == null ? null : String(row.uid_validity), lastUid: Number(row.last_uid) }
      : null;
  }

  private async release(ws: string, inboxId: string, error: string | null, filed: number) {
    await this.k.db
      .updateTable('service_imap_state')
      .set({
        lease_until: null,
        polled_at: new Date(),
        last_error: error,
        filed: sql`filed + ${filed}`,
      })
      .where('workspace_id', '=', ws)
      .where('inbox_id', '=', inboxId)
      .execute();
  }

  private async pollMailbox(
    ws: string,
    inboxId: string,
    imap: StoredImap,
    state: { uidValidity: string | null; lastUid: number },
  ): Promise<PollResult> {
    const host = imap.host;
    const client = new ImapFlow({
      host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: this.k.engage.secrets.decrypt(imap.passwordSealed!) },
      logger: false,
      // Merged into the socket options of net/tls.connect: the name resolves through the policy.
      tls: { lookup: this.k.outbound.lookup } as never,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
      disableAutoIdle: true,
    });
    client.on('error', (err) => this.k.log.debug({ err, inboxId }, 'IMAP connection error'));
    const result: PollResult = { filed: 0, refused: 0 };
    await client.connect();
    try {
      const lock = await client.getMailboxLock(imap.mailbox ?? 'INBOX');
      try {
        const box = client.mailbox;
        if (!box) throw new Error('the mailbox did not open');
        const validity = String(box.uidValidity);
        const fresh = state.uidValidity !== validity;
        let lastUid = fresh ? 0 : state.lastUid;
        // First poll (or a recreated mailbox): what is unseen; later: unseen or newer than the last filed.
        const query = fresh ? { seen: false } : { or: [{ seen: false }, { uid: `${lastUid + 1}:*` }] };
        const found = (await client.search(query, { uid: true })) || [];
        const uids = [...new Set(found)].sort((a, b) => a - b);
        const maxBytes = this.k.config.inboundSmtpMaxBytes;
        for (const uid of uids.slice(0, BATCH)) {
          if (this.stopped) break;
          const head = await client.fetchOne(
            String(uid),
            { size: true, internalDate: true, flags: true },
            { uid: true },
          );
          if (!head) continue;
          // Already filed and flagged by an earlier poll (a `N:*` range always names the newest).
          if (!fresh && uid <= lastUid && head.flags?.has('\\Seen')) continue;
          const mail = await this.fetchMail(client, uid, head.size ?? 0, maxBytes);
          if (!mail) continue;
          const at = head.internalDate instanceof Date ? head.internalDate : undefined;
          const m = inboundOf(inboxId, mail, at && at <= new Date() ? at : undefined);
          let refused = false;
          if (!m) refused = true;
          else
            try {
              await this.k.service.inbound.receive(ws, m);
              result.filed++;
            } catch (err) {
              // This message's own fault (the service refuses it): flagged and skipped, not retried forever.
              if (err instanceof AppError && err.status < 500) refused = true;
              else throw err;
            }
          if (refused) {
            result.refused++;
            await client.messageFlagsAdd(String(uid), [KEYWORD_REFUSED], { uid: true }).catch(() => false);
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          lastUid = Math.max(lastUid, uid);
          // During a first poll the validity is recorded only once all unseen mail is filed (below):
          // until then the next poll is a first poll too, and never files old read mail.
          await this.advance(ws, inboxId, fresh ? null : validity, lastUid);
        }
        if (fresh && uids.length <= BATCH && !this.stopped) {
          const next = Number(box.uidNext ?? 1);
          await this.advance(ws, inboxId, validity, Math.max(lastUid, next - 1));
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return result;
  }

  /**
   * The message as the MIME path reads it. One past the size limit is not downloaded: its headers
   * are filed with a note that it stays in the mailbox, so the agent still learns of it.
   */
  private async fetchMail(client: ImapFlow, uid: number, size: number, maxBytes: number) {
    if (size <= maxBytes) {
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return msg && msg.source ? parseInboundEmail(msg.source) : null;
    }
    const msg = await client.fetchOne(String(uid), { headers: true }, { uid: true });
    if (!msg || !msg.headers) return null;
    const mail = await parseInboundEmail(Buffer.concat([msg.headers, Buffer.from('\r\n')]));
    const note = `[Kartoteka: The message is ${fmtBytes(size)}, more than the limit of ${fmtBytes(maxBytes)}; it was not downloaded and stays in the mailbox.]`;
    const base = mail.text.replace(/\n*\[Kartoteka: The message had no text\.\]$/, '');
    return { ...mail, text: `${base}${base ? '\n\n' : ''}${note}` };
  }

  private async advance(ws: string, inboxId: string, validity: string | null, lastUid: number) {
    await this.k.db
      .updateTable('service_imap_state')
      .set({ uid_validity: validity, last_uid: lastUid })
      .where('workspace_id', '=', ws)
      .where('inbox_id', '=', inboxId)
      .execute();
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: string; responseText?: string; authenticationFailed?: boolean; message?: string };
    if (e.code === 'OUTBOUND_BLOCKED') return 'blocked by the outbound policy';
    if (e.authenticationFailed)
      return `authentication failed${e.responseText ? `: ${e.responseText.slice(0, 200)}` : ''}`;
    return (e.responseText || e.message || String(err)).slice(0, 300);
  }
  return String(err).slice(0, 300);
}
