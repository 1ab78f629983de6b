import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message the peer accepted. `headers` are lower-cased names → the raw header value. */
export interface PeerMessage {
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  raw: Buffer;
}

export interface SmtpPeerOptions {
  /** Require AUTH PLAIN/LOGIN with these credentials (otherwise any client may send). */
  auth?: { user: string; pass: string };
  /** RCPT TO addresses answered `550 5.1.1 mailbox unavailable` (a hard bounce). */
  rejectRecipients?: string[];
  /** RCPT TO addresses answered `451 4.3.0 try again later` (a transient failure). */
  deferRecipients?: string[];
  /** Keep the full parsed message (headers, html, text); off for the bench: only counts and ids. */
  parse?: boolean;
}

export interface SmtpPeer {
  port: number;
  messages: PeerMessage[];
  /** Message-IDs received (every delivery, duplicates included). */
  messageIds: string[];
  /** SMTP connections opened so far (a pool opens few, one per message opens many). */
  connections(): number;
  /** Resolves once at least `n` messages arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<PeerMessage[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port for tests and benches (smtp-server + mailparser): plain
 * SMTP (no STARTTLS), optional AUTH, recipients that bounce or defer on demand.
 */
export async function startSmtpPeer(opts: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: PeerMessage[] = [];
  const messageIds: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const parse = opts.parse ?? true;
  let connections = 0;
  const reject = new Set((opts.rejectRecipients ?? []).map((a) => a.toLowerCase()));
  const defer = new Set((opts.deferRecipients ?? []).map((a) => a.toLowerCase()));
  const wake = () => {
    for (const w of [...waiters])
      if (messageIds.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  const options: SMTPServerOptions = {
    logger: false,
    // No reverse DNS of each client: here it waits for a resolver that is not there, per connection.
    disableReverseLookup: true,
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    // Benches open many pooled connections at once.
    maxClients: 1000,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const a = address.address.toLowerCase();
      if (reject.has(a)) return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      if (defer.has(a)) return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        try {
          if (parse) {
            const m = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
            const headers: Record<string, string> = {};
            for (const line of m.headerLines) headers[line.key] ??= line.line.slice(line.line.indexOf(':') + 1).trim();
            messages.push({
              messageId: m.messageId ?? null,
              from,
              to,
              subject: m.subject ?? '',
              html: typeof m.html === 'string' ? m.html : null,
              text: m.text ?? null,
              headers,
              raw,
            });
            messageIds.push(m.messageId ?? '');
          } else {
            const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
            const id = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
            messageIds.push(id);
          }
        } catch (e) {
          return callback(e as Error);
        }
        callback();
        wake();
      });
    },
  };
  // close() waits for open sessions up to closeTimeout (30 s by default): the kernel's pooled
  // transport keeps one open, so every file closing its peer first waited out the 30 s.
  const server = new SMTPServer({ closeTimeout: 200, ...options });
  // A client that dies mid-session (a sender killed with -9) resets its connection: that ends the
  // session, not the peer.
  server.on('error', () => {});
  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    port,
    messages,
    messageIds,
    connections: () => connections,
    waitFor(n, timeoutMs = 30_000) {
      if (messageIds.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, rejectWait) => {
        const timer = setTimeout(
          () => rejectWait(new Error(`SMTP peer: ${messageIds.length} of ${n} messages within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
