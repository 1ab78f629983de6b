/**
 * A real HTTP SMS gateway for tests, speaking the protocol of src/engage/channels/sms-http.ts:
 * `POST /send` with a bearer token and `{to, from, text, reference}` → `{"id": "…"}`; `GET /send`
 * answers 200 to the right token (the adapter's "test connection"). It posts signed callbacks
 * (`X-Signature: hex(HMAC-SHA256(token, body))`) — status receipts and inbound messages — to
 * `callbackUrl` when asked, or a `delivered` receipt after each message with `autoDeliver`.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewaySms {
  to: string;
  from: string;
  text: string;
  reference: string;
  id: string;
}

export interface SmsGatewayPeerOptions {
  token?: string;
  /** Where callbacks go (our POST /hooks/channels/:id). */
  callbackUrl?: string;
  /** Post a `delivered` status for every accepted message. */
  autoDeliver?: boolean;
}

/** What the next send answers instead of 200: a status, or `hang` (never answers). */
export type GatewayFault = number | 'hang';

export class SmsGatewayPeer {
  readonly received: GatewaySms[] = [];
  /** Every request, including refused ones. */
  readonly requests: { method: string; authorization?: string; body: string; status: number | 'hang' }[] = [];
  /** Answers of the callbacks posted (status codes). */
  readonly callbackAnswers: number[] = [];
  callbackUrl: string | undefined;
  autoDeliver: boolean;
  private faults: GatewayFault[] = [];
  private counter = 0;
  private hanging: http.ServerResponse[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    readonly token: string,
    opts: SmsGatewayPeerOptions,
  ) {
    this.callbackUrl = opts.callbackUrl;
    this.autoDeliver = opts.autoDeliver ?? false;
  }

  static async start(opts: SmsGatewayPeerOptions = {}): Promise<SmsGatewayPeer> {
    const holder: { peer?: SmsGatewayPeer } = {};
    const server = http.createServer((req, res) => void holder.peer!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    holder.peer = new SmsGatewayPeer(server, port, opts.token ?? 'gateway-token', opts);
    return holder.peer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/send`;
  }

  failNext(...faults: GatewayFault[]): void {
    this.faults.push(...faults);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const authorization = req.headers.authorization;
    const answer = (status: number, json: unknown) => {
      this.requests.push({ method: req.method ?? '', authorization, body, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.url !== '/send') return answer(404, { error: 'not found' });
    if (authorization !== `Bearer ${this.token}`) return answer(401, { error: 'bad token' });
    if (req.method === 'GET') return answer(200, { ok: true });
    if (req.method !== 'POST' && req.method !== 'PUT') return answer(405, { error: 'method' });
    const fault = this.faults.shift();
    if (fault === 'hang') {
      this.requests.push({ method: req.method, authorization, body, status: 'hang' });
      this.hanging.push(res);
      return;
    }
    if (fault !== undefined) return answer(fault, { error: `fault ${fault}` });
    let sms: Omit<GatewaySms, 'id'>;
    try {
      sms = JSON.parse(body) as Omit<GatewaySms, 'id'>;
    } catch {
      return answer(400, { error: 'not JSON' });
    }
    if (!/^\+\d{8,15}$/.test(sms.to ?? '') || typeof sms.text !== 'string')
      return answer(400, { error: 'bad to/text' });
    const id = `gw-${++this.counter}`;
    this.received.push({ to: sms.to, from: sms.from, text: sms.text, reference: sms.reference, id });
    answer(200, { id });
    if (this.autoDeliver && this.callbackUrl) void this.status(id, 'delivered').catch(() => {});
  }

  /** The signature header value for a body. */
  sign(body: string): string {
    return createHmac('sha256', this.token).update(body).digest('hex');
  }

  /** Posts a callback body (signed with the token unless `signature` is given) to `callbackUrl`. */
  async post(event: unknown, signature?: string): Promise<number> {
    if (!this.callbackUrl) throw new Error('sms gateway peer: no callbackUrl');
    const body = JSON.stringify(event);
    const res = await fetch(this.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature ?? this.sign(body) },
      body,
    });
    await res.arrayBuffer();
    this.callbackAnswers.push(res.status);
    return res.status;
  }

  status(id: string, status: 'delivered' | 'failed', reason?: string): Promise<number> {
    return this.post({ type: 'status', id, status, ...(reason ? { reason } : {}) });
  }

  inbound(from: string, text: string): Promise<number> {
    return this.post({ type: 'inbound', from, text });
  }

  async close(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
