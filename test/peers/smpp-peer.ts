/**
 * A real SMSC for tests, built on the `smpp` package's server side: accepts bind_transceiver
 * with one system_id/password, answers submit_sm with a message_id (or a status the test asks
 * for), reassembles concatenated messages (8-bit and 16-bit reference UDH), and sends deliver_sm
 * delivery receipts ("id:… stat:DELIVRD") and mobile-originated messages to the bound client.
 */
import type { AddressInfo } from 'node:net';
import smpp, { type DecodedMessage, type PDU, type Session } from 'smpp';

export interface SmppPeerOptions {
  systemId?: string;
  password?: string;
  /** Speak SMPP over TLS with TEST_SMSC_CERT (for 127.0.0.1 and localhost). */
  tls?: boolean;
  /** message_ids in upper-case hex (`1F4A0`), as SMSCs that later put them in decimal in receipts do. */
  hexIds?: boolean;
}

/** A self-signed test certificate (127.0.0.1, localhost; valid until 2126): the client's `tlsCa`. */
export const TEST_SMSC_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUGaUUgjiFnSxVLM97cjPqtSqTwRQwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJdGVzdC1zbXNjMCAXDTI2MTIwNTIwMzEwN1oYDzIxMjYxMTEx
MjAzMTA3WjAUMRIwEAYDVQQDDAl0ZXN0LXNtc2MwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ2wb4ETwt2URnbe1K2jTJerij8RlSfsF/mqzhO5RCoX6refhvDMA+S
5HrxvZWeSTmxjKRTQt02COCePN5J1ysQo28wbTAdBgNVHQ4EFgQU/z/7mrwniKCM
OcbBDmlKOhdhjF0wHwYDVR0jBBgwFoAU/z/7mrwniKCMOcbBDmlKOhdhjF0wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDRwAwRAIgSwswno0Rs0RZXYOOojJX0mFHzaippPgE2ItMwSnH9YsCIERw
PHYFwYLnaqrvy8ZV2OGuznPJDXoLF8dPP7kovfIO
-----END CERTIFICATE-----
`;
const TEST_SMSC_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg6GjyncKw8aRG0tmf
NWtVWqKA0aFnFVtB78IrqKhIMPehRANCAAQ2wb4ETwt2URnbe1K2jTJerij8RlSf
sF/mqzhO5RCoX6refhvDMA+S5HrxvZWeSTmxjKRTQt02COCePN5J1ysQ
-----END PRIVATE KEY-----
`;

/** One message as the handset would see it (all its parts joined). */
export interface ReceivedSms {
  from: string;
  sourceTon: number;
  to: string;
  destTon: number;
  destNpi: number;
  text: string;
  dataCoding: number;
  registeredDelivery: number;
  parts: number;
  /** The message_id answered for each part, in part order. */
  messageIds: string[];
}

export interface BindAttempt {
  systemId: string;
  ok: boolean;
}

export class SmppPeer {
  readonly received: ReceivedSms[] = [];
  readonly binds: BindAttempt[] = [];
  /** Every submit_sm PDU, with the status it was answered. */
  readonly submits: { pdu: PDU; status: number }[] = [];
  private nextStatuses: number[] = [];
  private bound: Session[] = [];
  private counter = 0;
  private partial = new Map<string, { total: number; parts: Map<number, { text: string; id: string; pdu: PDU }> }>();
  private waiters: (() => void)[] = [];
  hexIds = false;

  private constructor(
    private readonly server: smpp.Server,
    readonly port: number,
    private readonly systemId: string,
    private readonly password: string,
  ) {}

  static async start(opts: SmppPeerOptions = {}): Promise<SmppPeer> {
    const holder: { peer?: SmppPeer } = {};
    const tlsOptions = opts.tls ? { key: TEST_SMSC_KEY, cert: TEST_SMSC_CERT } : {};
    const server = smpp.createServer(tlsOptions, (session: Session) => holder.peer!.accept(session));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    holder.peer = new SmppPeer(server, port, opts.systemId ?? 'kartoteka', opts.password ?? 'secret');
    holder.peer.hexIds = opts.hexIds ?? false;
    return holder.peer;
  }

  /** The next submit_sm PDUs are answered with these command_status values (then 0 again). */
  failNext(...statuses: number[]): void {
    this.nextStatuses.push(...statuses);
  }

  get sessions(): number {
    return this.bound.length;
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `cond` holds (checked after every PDU the peer handles). */
  async until(cond: () => boolean, what = 'condition', timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`smpp peer: timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  private accept(session: Session): void {
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok = pdu.system_id === this.systemId && pdu.password === this.password;
      this.binds.push({ systemId: String(pdu.system_id), ok });
      if (!ok) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVPASWD }));
        session.close();
        this.notify();
        return;
      }
      session.send(pdu.response({ system_id: 'test-smsc' }));
      this.bound.push(session);
      this.notify();
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => this.submit(session, pdu));
    session.on('close', () => {
      this.bound = this.bound.filter((s) => s !== session);
      this.notify();
    });
  }

  private submit(session: Session, pdu: PDU): void {
    if (!this.bound.includes(session)) {
      session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
      return;
    }
    const status = this.nextStatuses.shift() ?? 0;
    this.submits.push({ pdu, status });
    if (status !== 0) {
      session.send(pdu.response({ command_status: status }));
      this.notify();
      return;
    }
    const n = ++this.counter;
    const id = this.hexIds ? (0x1f4a0 + n).toString(16).toUpperCase() : `msg${n.toString(16).padStart(6, '0')}`;
    session.send(pdu.response({ message_id: id }));
    const decoded = pdu.short_message as DecodedMessage;
    const text = typeof decoded.message === 'string' ? decoded.message : decoded.message.toString('latin1');
    const concat = (decoded.udh ?? []).find((u) => u[0] === 0x00 || u[0] === 0x08);
    if (!concat) {
      this.received.push(this.message(pdu, [{ text, id, pdu }]));
    } else {
      const wide = concat[0] === 0x08;
      const ref = wide ? concat.readUInt16BE(2) : concat[2]!;
      const total = concat[wide ? 4 : 3]!;
      const seq = concat[wide ? 5 : 4]!;
      const key = `${pdu.source_addr}>${pdu.destination_addr}#${ref}`;
      const entry = this.partial.get(key) ?? { total, parts: new Map() };
      entry.parts.set(seq, { text, id, pdu });
      this.partial.set(key, entry);
      if (entry.parts.size === entry.total) {
        this.partial.delete(key);
        const parts = [...entry.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
        this.received.push(this.message(pdu, parts));
      }
    }
    this.notify();
  }

  private message(pdu: PDU, parts: { text: string; id: string; pdu: PDU }[]): ReceivedSms {
    return {
      from: String(pdu.source_addr),
      sourceTon: Number(pdu.source_addr_ton),
      to: String(pdu.destination_addr),
      destTon: Number(pdu.dest_addr_ton),
      destNpi: Number(pdu.dest_addr_npi),
      text: parts.map((p) => p.text).join(''),
      dataCoding: Number(pdu.data_coding),
      registeredDelivery: Number(pdu.registered_delivery),
      parts: parts.length,
      messageIds: parts.map((p) => p.id),
    };
  }

  private deliver(options: Record<string, unknown>): Promise<number> {
    const session = this.bound[0];
    if (!session) return Promise.reject(new Error('smpp peer: no bound session to deliver to'));
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('smpp peer: no deliver_sm_resp')), 15_000);
      session.deliver_sm(options, (resp) => {
        clearTimeout(timer);
        resolve(resp.command_status);
      });
    });
  }

  /** A delivery receipt for a message_id; resolves with the client's deliver_sm_resp status. */
  receipt(messageId: string, stat = 'DELIVRD', err = '000'): Promise<number> {
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2612052000 done date:2612052001 stat:${stat} err:${err} text:`;
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '79000000000',
      destination_addr: 'Kartoteka',
      esm_class: smpp.consts.ESM_CLASS!.MC_DELIVERY_RECEIPT,
      data_coding: 0,
      short_message: { message: text },
    });
  }

  /** A mobile-originated message (GSM-7, or UCS-2 when the text needs it). */
  mo(from: string, text: string, to = 'Kartoteka'): Promise<number> {
    const ascii = /^[\x20-\x7e]*$/.test(text);
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      destination_addr: to,
      esm_class: 0,
      data_coding: ascii ? 0 : 8,
      short_message: { message: text },
    });
  }

  /** A concatenated MO message: one deliver_sm per part, with an 8-bit reference UDH; the statuses answered. */
  async moParts(from: string, parts: string[], ref = 7, to = 'Kartoteka'): Promise<number[]> {
    const statuses: number[] = [];
    for (const [i, text] of parts.entries())
      statuses.push(
        await this.deliver({
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: from,
          destination_addr: to,
          esm_class: 0x40,
          data_coding: 8,
          short_message: { udh: Buffer.from([5, 0, 3, ref, parts.length, i + 1]), message: text },
        }),
      );
    return statuses;
  }

  /** Drops every bound connection, as a failing SMSC would. */
  drop(): void {
    for (const s of this.bound) s.destroy();
  }

  async close(): Promise<void> {
    for (const s of [...this.server.sessions]) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
