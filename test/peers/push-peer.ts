import http from 'node:http';
import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// http_ece (web-push's own dependency) ships no types: the one function the peer needs.
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(buffer: Buffer, params: { version: string; privateKey: ECDH; authSecret: string }): Buffer;
};

export interface PushDelivery {
  subscriptionId: string;
  headers: http.IncomingHttpHeaders;
  /** The VAPID JWT's claims, checked: ES256 signature by `vapidKey`, aud = this origin, exp within 24 h. */
  claims: { aud: string; exp: number; sub: string };
  /** The `k=` of the Authorization header: the sender's VAPID public key. */
  vapidKey: string;
  /** The aes128gcm body decrypted with the subscription's private key. */
  payload: string;
  ttl: number;
}

export interface PeerSubscription {
  id: string;
  /** What a browser's `subscription.toJSON()` gives. */
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/**
 * A Web Push service (RFC 8030) on loopback that does what a browser vendor's does with a request:
 * checks the VAPID JWT (RFC 8292) and, playing the browser, decrypts the aes128gcm payload
 * (RFC 8291) with the subscription's private key. Refused requests are recorded in `refused`.
 */
export class PushPeer {
  readonly deliveries: PushDelivery[] = [];
  readonly refused: { subscriptionId: string; status: number; why: string }[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));
  private subs = new Map<string, { ecdh: ECDH; auth: string; answer?: number }>();
  origin = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** A new browser subscription: fresh P-256 key pair and auth secret, as a browser makes them. */
  subscribe(): PeerSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16).toString('base64url');
    this.subs.set(id, { ecdh, auth });
    return {
      id,
      json: {
        endpoint: `${this.origin}/push/${id}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
      },
    };
  }

  /** Makes the push service answer `status` for a subscription (410: the browser unsubscribed). */
  answer(subscriptionId: string, status: number): void {
    const s = this.subs.get(subscriptionId);
    if (s) s.answer = status;
  }

  private refuse(res: http.ServerResponse, subscriptionId: string, status: number, why: string) {
    this.refused.push({ subscriptionId, status, why });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(why);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const id = /^\/push\/([0-9a-f-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const sub = this.subs.get(id);
    if (req.method !== 'POST' || !sub) return this.refuse(res, id, 404, 'no such subscription');
    if (sub.answer) return this.refuse(res, id, sub.answer, 'told to');
    const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!m) return this.refuse(res, id, 401, 'no VAPID authorization');
    const [, jwt, vapidKey] = m;
    const claims = checkJwt(jwt, vapidKey);
    if (typeof claims === 'string') return this.refuse(res, id, 403, claims);
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== this.origin) return this.refuse(res, id, 403, `aud ${claims.aud}`);
    if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) return this.refuse(res, id, 403, 'exp');
    if (!/^(mailto:|https:)/.test(claims.sub ?? '')) return this.refuse(res, id, 403, 'sub');
    if (req.headers['content-encoding'] !== 'aes128gcm') return this.refuse(res, id, 415, 'encoding');
    if (req.headers.ttl === undefined) return this.refuse(res, id, 400, 'TTL');
    let payload: string;
    try {
      payload = ece
        .decrypt(body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth })
        .toString('utf8');
    } catch (e) {
      return this.refuse(res, id, 400, `decrypt: ${(e as Error).message}`);
    }
    const messageId = randomUUID();
    this.deliveries.push({
      subscriptionId: id,
      headers: req.headers,
      claims,
      vapidKey,
      payload,
      ttl: Number(req.headers.ttl),
    });
    res.writeHead(201, { location: `${this.origin}/message/${messageId}` }).end();
  }
}

/** Verifies an ES256 JWT against a raw P-256 public key; returns its claims or why it is refused. */
function checkJwt(jwt: string, publicKey: string): { aud: string; exp: number; sub: string } | string {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'malformed JWT';
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  if (header.alg !== 'ES256') return `alg ${header.alg}`;
  const raw = Buffer.from(publicKey, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) return 'bad key';
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2], 'base64url'),
  );
  if (!ok) return 'bad signature';
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}
