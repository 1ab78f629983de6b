/**
 * SMS over SMPP 3.4 (what SMS aggregators speak), with the `smpp` package's client session.
 *
 * One transceiver session per adapter (so per channel): bound on first use, kept alive with
 * enquire_link, re-bound with backoff when lost (delivery receipts and MO messages arrive on it).
 * The host goes through the outbound policy: resolved by `outbound.lookup`, the socket connects to
 * the checked address, and the connected peer is checked again.
 *
 * Sending: GSM-7 (data_coding 0, unpacked septets) when the text fits the alphabet, else UCS-2
 * (data_coding 8); a long text goes as several submit_sm with an 8-bit concatenation UDH
 * (05 00 03 ref total seq) and registered_delivery=1. The message's providerId is the first
 * part's message_id; receipts of the other parts are folded into it while this adapter lives
 * (delivered when every part is, failed as soon as one fails).
 *
 * At most once: a submit_sm written to the socket and never answered (connection lost, no
 * response in time) is a permanent `no_response` failure, not a retry — the SMSC may have taken it.
 */
import { randomInt } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import smpp, { type PDU, type Session } from 'smpp';
import { z } from 'zod';
import { normalizeHost } from '../../core/net/allow-list.ts';
import { OutboundBlockedError } from '../../core/net/outbound.ts';
import {
  bindError,
  buildParts,
  connectError,
  parseReceipt,
  pduText,
  submitError,
  type Submit,
} from './sms-smpp-pdu.ts';
import { phoneFromSmpp, smppDestination, smppSource } from './sms-phone.ts';
import {
  ChannelError,
  type AdapterDeps,
  type CallbackResult,
  type ChannelAdapter,
  type InboundMessage,
  type OutboundMessage,
  type SendResult,
  type StatusReport,
} from './types.ts';

export { buildParts, parseReceipt, submitError } from './sms-smpp-pdu.ts';

export const smppConfigSchema = z.object({
  transport: z.literal('smpp'),
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(2775),
  systemId: z.string().min(1).max(15),
  password: z.string().min(1).max(64),
  /** The sender: an alphanumeric name (≤ 11 characters) or a number. */
  sourceAddr: z.string().trim().min(1).max(20),
  systemType: z.string().max(12).optional(),
  tls: z.boolean().default(false),
  /** PEM of the CA that signed the SMSC's certificate, when it is not one the system trusts. */
  tlsCa: z
    .string()
    .max(20_000)
    .regex(/-----BEGIN CERTIFICATE-----/, { message: 'must be a PEM certificate' })
    .optional(),
  /** Seconds between enquire_link keepalives. */
  enquireLinkSeconds: z.number().int().min(5).max(600).default(30),
});
export type SmppConfig = z.infer<typeof smppConfigSchema>;

const CONNECT_TIMEOUT_MS = 10_000;
const RESPONSE_TIMEOUT_MS = 30_000;
const MAX_RECONNECT_MS = 60_000;
/** Receipts of the parts of long messages kept to be folded (a bound: the adapter is long-lived). */
const MAX_PART_GROUPS = 20_000;
/** message_ids sent recently, by numeric value, to match receipts that spell them in another base. */
const MAX_RECENT_IDS = 50_000;

interface PartGroup {
  primary: string;
  ids: string[];
  /** The final state of each part that has reported. */
  states: Map<string, 'delivered' | 'failed'>;
  /** The message's fate has been reported. */
  done: boolean;
}

/** What a deliver_sm tells, and the bookkeeping to keep once it has been stored (not before: the SMSC repeats it otherwise). */
interface Reading {
  result: CallbackResult | null;
  commit(): void;
}
const NOTHING = () => {};

export class SmppAdapter implements ChannelAdapter {
  private session: Session | null = null;
  private binding: Promise<Session> | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectAttempts = 0;
  private ref = randomInt(256);
  private groups = new Map<string, PartGroup>();
  /** Recent message_ids read as hex (`h:<value>`) and as decimal (`d:<value>`) → the id as the SMSC gave it. */
  private recentIds = new Map<string, string>();
  /** Concatenated MO messages being reassembled: key → parts by sequence. */
  private moParts = new Map<string, { total: number; parts: Map<number, string> }>();

  constructor(
    private readonly config: SmppConfig,
    private readonly deps: AdapterDeps,
  ) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const dest = smppDestination(msg.to);
    const src = smppSource(this.config.sourceAddr);
    this.ref = (this.ref + 1) % 256;
    const { dataCoding, parts } = buildParts(msg.text, this.ref);
    const session = await this.bound();
    const ids: string[] = [];
    for (const part of parts) {
      const pdu = {
        ...src,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: dest,
        registered_delivery: 1,
        data_coding: dataCoding,
        ...part,
      };
      // Once a part is out, a throttled later part waits here: retrying the message would resend the first.
      ids.push(ids.length === 0 ? await this.submit(session, pdu) : await this.submitRest(pdu));
    }
    if (ids.length > 1) this.remember(ids);
    for (const id of ids) this.index(id);
    return { providerId: ids[0]!, status: 'sent' };
  }

  private async submitRest(pdu: Submit): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        // The session of this try: a lost one is re-bound (the parts need not share one).
        return await this.submit(await this.bound(), pdu);
      } catch (e) {
        if (!(e instanceof ChannelError) || e.permanent || attempt >= 4) {
          const reason = e instanceof ChannelError ? e.code : 'error';
          throw new ChannelError('partly_sent', `a later part of the message failed (${reason})`, true);
        }
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  }

  private submit(session: Session, options: Submit): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const pending = (e: ChannelError) => {
        clearTimeout(timer);
        session.removeListener('close', onClose);
        reject(e);
      };
      const onClose = () =>
        pending(new ChannelError('no_response', 'the SMSC connection closed before it answered', true));
      const timer = setTimeout(
        () => pending(new ChannelError('no_response', 'the SMSC did not answer the submit in time', true)),
        RESPONSE_TIMEOUT_MS,
      );
      session.once('close', onClose);
      const written = session.submit_sm(options, (resp) => {
        clearTimeout(timer);
        session.removeListener('close', onClose);
        if (resp.command_status !== 0) return reject(submitError(resp.command_status));
        resolve(String(resp.message_id ?? ''));
      });
      if (!written) pending(new ChannelError('unreachable', 'the SMSC connection is not writable', false));
    });
  }

  /**
   * Some SMSCs answer submit_sm with a hex message_id and put it in decimal in the receipt's
   * `id:` (or the reverse): Kannel's msg-id-type. Ids are indexed by value both ways.
   */
  private index(id: string): void {
    if (/^[0-9a-f]{1,24}$/i.test(id)) this.recentIds.set(`h:${BigInt(`0x${id}`)}`, id);
    if (/^\d{1,30}$/.test(id)) this.recentIds.set(`d:${BigInt(id)}`, id);
    while (this.recentIds.size > MAX_RECENT_IDS) this.recentIds.delete(this.recentIds.keys().next().value!);
  }

  /** A receipt's id as the SMSC gave it at submit time: same base first, then the other; else as is. */
  private sentAs(id: string): string {
    const hex = /^[0-9a-f]{1,24}$/i.test(id) ? BigInt(`0x${id}`) : null;
    const dec = /^\d{1,30}$/.test(id) ? BigInt(id) : null;
    return (
      (hex !== null && this.recentIds.get(`h:${hex}`)) ||
      (dec !== null && this.recentIds.get(`d:${dec}`)) ||
      (dec !== null && this.recentIds.get(`h:${dec}`)) ||
      (hex !== null && this.recentIds.get(`d:${hex}`)) ||
      id
    );
  }

  private remember(ids: string[]): void {
    const group: PartGroup = { primary: ids[0]!, ids, states: new Map(), done: false };
    for (const id of ids) this.groups.set(id, group);
    while (this.groups.size > MAX_PART_GROUPS) this.forget(this.groups.values().next().value!);
  }

  private forget(group: PartGroup): void {
    for (const id of group.ids) this.groups.delete(id);
  }

  /**
   * A part's receipt folded into its message's: no report while the message's fate is open
   * (delivered once every part is, failed as soon as one fails), none after it was reported.
   */
  private fold(report: StatusReport): { report: StatusReport | null; commit(): void } {
    const id = report.providerId;
    const group = this.groups.get(id);
    if (!group) return { report, commit: NOTHING };
    if (group.states.has(id)) return { report: null, commit: NOTHING }; // a repeated receipt
    const states = new Map(group.states).set(id, report.status === 'delivered' ? 'delivered' : 'failed');
    const all = [...states.values()].filter((v) => v === 'delivered').length === group.ids.length;
    const out = !group.done && (report.status !== 'delivered' || all) ? { ...report, providerId: group.primary } : null;
    return {
      report: out,
      commit: () => {
        group.states = states;
        if (out) group.done = true;
        // The group stays (until the bound pushes it out): a repeated or late receipt must not report again.
      },
    };
  }

  async openSession(): Promise<void> {
    await this.bound();
  }

  async verify(): Promise<void> {
    const session = await this.open(false);
    await this.unbind(session);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const session = this.session ?? (await this.binding?.catch(() => null)) ?? null;
    this.session = null;
    if (session) await this.unbind(session);
  }

  private unbind(session: Session): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        session.destroy();
        resolve();
      };
      const timer = setTimeout(done, 2000);
      if (!session.unbind({}, done)) done();
    });
  }

  /** The bound session, binding it first when there is none. */
  private bound(): Promise<Session> {
    if (this.closed) return Promise.reject(new ChannelError('closed', 'the channel adapter is closed', false));
    if (this.session) return Promise.resolve(this.session);
    this.binding ??= this.open(true)
      .then((s) => {
        this.reconnectAttempts = 0;
        if (this.closed) {
          void this.unbind(s);
          throw new ChannelError('closed', 'the channel adapter is closed', false);
        }
        this.session = s;
        return s;
      })
      .finally(() => {
        this.binding = null;
      });
    return this.binding;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = Math.min(MAX_RECONNECT_MS, 1000 * 2 ** this.reconnectAttempts++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.bound().catch((e: Error) => {
        this.deps.log.warn({ err: e.message }, 'sms: SMPP re-bind failed');
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  /** Connects through the outbound policy and binds a transceiver; `live` sessions get the handlers. */
  private async open(live: boolean): Promise<Session> {
    const { host, port } = this.config;
    let socket: Socket;
    try {
      socket = await this.connect(host, port);
    } catch (e) {
      throw connectError(e, host);
    }
    const session = new smpp.Session({ socket });
    return new Promise<Session>((resolve, reject) => {
      let settled = false;
      const fail = (e: ChannelError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        session.destroy();
        reject(e);
      };
      const timer = setTimeout(
        () => fail(new ChannelError('timeout', 'the SMSC did not answer the bind', false)),
        CONNECT_TIMEOUT_MS,
      );
      session.on('error', (e: Error) => {
        if (!settled) fail(connectError(e, host));
        else this.deps.log.warn({ err: e.message }, 'sms: SMPP session error');
      });
      session.once('close', () =>
        fail(new ChannelError('unreachable', 'the SMSC closed the connection during the bind', false)),
      );
      // Before the bind answer: a deliver_sm may follow it in the same read. A verify session
      // handles receipts too (an SMSC hands queued ones to whichever transceiver binds).
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('deliver_sm', (pdu: PDU) => void this.onDeliver(session, pdu));
      session.bind_transceiver(
        {
          system_id: this.config.systemId,
          password: this.config.password,
          system_type: this.config.systemType ?? '',
          interface_version: 0x34,
        },
        (resp) => {
          if (resp.command_status !== 0) return fail(bindError(resp.command_status));
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (live) this.attach(session);
          resolve(session);
        },
      );
    });
  }

  private connect(host: string, port: number): Promise<Socket> {
    const { outbound } = this.deps;
    return new Promise<Socket>((resolve, reject) => {
      outbound.lookup(host, {}, (err, address) => {
        if (err) return reject(err);
        const ip = address as string;
        const opts = { host: ip, port, timeout: CONNECT_TIMEOUT_MS };
        const socket = this.config.tls
          ? tls.connect({
              ...opts,
              servername: isIP(host) ? undefined : host,
              ...(this.config.tlsCa ? { ca: this.config.tlsCa } : {}),
            })
          : net.connect(opts);
        const ready = this.config.tls ? 'secureConnect' : 'connect';
        const onError = (e: Error) => {
          socket.destroy();
          reject(e);
        };
        socket.once('error', onError);
        socket.once('timeout', () => onError(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
        socket.once(ready, () => {
          socket.removeListener('error', onError);
          socket.setTimeout(0);
          // The second look: the peer actually connected to.
          if (!outbound.connectionAllowed(normalizeHost(host), socket.remoteAddress)) {
            socket.destroy();
            return reject(new OutboundBlockedError('connected to a refused address'));
          }
          resolve(socket);
        });
      });
    });
  }

  private attach(session: Session): void {
    const period = this.config.enquireLinkSeconds * 1000;
    let awaiting = false;
    const keepalive = setInterval(() => {
      // No answer to the last enquire_link: the link is dead even if TCP has not noticed.
      if (awaiting) return session.destroy();
      awaiting = true;
      session.enquire_link({}, () => {
        awaiting = false;
      });
    }, period);
    keepalive.unref();
    session.on('close', () => {
      clearInterval(keepalive);
      if (this.session === session) this.session = null;
      this.scheduleReconnect();
    });
  }

  private async onDeliver(session: Session, pdu: PDU): Promise<void> {
    let status = 0;
    try {
      const { result, commit } = this.readDeliver(pdu);
      if (result && this.deps.onCallback) await this.deps.onCallback(result);
      commit();
    } catch (e) {
      this.deps.log.error({ err: (e as Error).message }, 'sms: handling a deliver_sm failed');
      // ESME_RX_T_APPN: a temporary fault on our side, the SMSC delivers it again.
      status = 0x64;
    }
    session.send(pdu.response({ command_status: status }));
  }

  private readDeliver(pdu: PDU): Reading {
    const esm = Number(pdu.esm_class ?? 0);
    const type = esm & 0x3c;
    if (type === 0x04 || type === 0x08) {
      const parsed = parseReceipt(pdu);
      if (!parsed) return { result: null, commit: NOTHING };
      const report = { ...parsed, providerId: this.sentAs(parsed.providerId) };
      const folded = this.fold(report);
      return { result: folded.report && { statuses: [folded.report], inbound: [] }, commit: folded.commit };
    }
    const { message, commit } = this.inbound(pdu);
    return { result: message && { statuses: [], inbound: [message] }, commit };
  }

  /** An MO message; a concatenated one once all its parts are here. */
  private inbound(pdu: PDU): { message: InboundMessage | null; commit(): void } {
    const from = phoneFromSmpp(String(pdu.source_addr ?? ''), Number(pdu.source_addr_ton ?? 0));
    const { text, udh } = pduText(pdu);
    const concat = udh.find((u) => (u[0] === 0x00 && u.length >= 5) || (u[0] === 0x08 && u.length >= 6));
    const raw = { sourceAddr: pdu.source_addr, destinationAddr: pdu.destination_addr, dataCoding: pdu.data_coding };
    if (!concat) return { message: { from, text, raw }, commit: NOTHING };
    const wide = concat[0] === 0x08;
    const ref = wide ? concat.readUInt16BE(2) : concat[2]!;
    const total = concat[wide ? 4 : 3]!;
    const seq = concat[wide ? 5 : 4]!;
    const key = `${from}:${ref}`;
    const entry = this.moParts.get(key) ?? { total, parts: new Map<number, string>() };
    entry.parts.set(seq, text);
    this.moParts.set(key, entry);
    if (this.moParts.size > 1000) this.moParts.delete(this.moParts.keys().next().value!);
    if (entry.parts.size < entry.total) return { message: null, commit: NOTHING };
    const full = [...entry.parts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => t)
      .join('');
    return { message: { from, text: full, raw }, commit: () => this.moParts.delete(key) };
  }
}
