import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { normalizeHost } from './allow-list.ts';
import { OutboundBlockedError, type Outbound } from './outbound.ts';

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /**
   * Read up to this many bytes of the response body (a provider's answer: a Bot API result, a
   * gateway's message id); more is cut off. Default 0: the body is not read.
   */
  readBodyBytes?: number;
}

/** What an outbound call reports: the status and how long it took, never the response body. */
export interface OutboundResponse {
  status: number;
  durationMs: number;
  /** The first `readBodyBytes` of the body (utf-8), when asked for. */
  body?: string;
  /** Response headers (lower-case names), when the body was asked for. */
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * One HTTP(S) request to a user-configured URL, through the outbound policy: the URL is checked,
 * the host name is resolved by the policy's `lookup` (so the socket connects only to an address it
 * checked), the connected peer is looked at again, and redirects are not followed (a 3xx is the
 * answer). The response body is never read: the socket is closed once the status line arrives.
 * Rejects with OutboundBlockedError when the policy refuses, a TimeoutError after `timeoutMs`.
 */
export function outboundRequest(outbound: Outbound, url: string, req: OutboundRequest): Promise<OutboundResponse> {
  let u: URL;
  try {
    u = outbound.assertConnectable(url);
  } catch (e) {
    return Promise.reject(e);
  }
  const host = normalizeHost(u.hostname);
  const started = Date.now();
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const done = (err: Error | null, status?: number, extra?: Pick<OutboundResponse, 'body' | 'headers'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ status: status!, durationMs: Date.now() - started, ...extra });
    };
    const limit = req.readBodyBytes ?? 0;
    const options: https.RequestOptions = {
      protocol: u.protocol,
      hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
      port: u.port || undefined,
      path: `${u.pathname}${u.search}`,
      method: req.method ?? 'POST',
      headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      ...(u.username ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` } : {}),
      // A fresh connection per request: a pooled socket would skip the lookup below.
      agent: false,
      lookup: outbound.lookup,
    };
    const request = (u.protocol === 'https:' ? https : http).request(options, (res) => {
      if (limit <= 0) {
        done(null, res.statusCode ?? 0);
        // The body is the receiver's business, not ours to read or keep.
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        done(null, res.statusCode ?? 0, {
          body: Buffer.concat(chunks).subarray(0, limit).toString('utf8'),
          headers: res.headers,
        });
        res.destroy();
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= limit) finish();
      });
      res.on('end', finish);
      res.on('error', (e) => done(e));
    });
    const timer = setTimeout(() => {
      const e = new Error(`timeout after ${req.timeoutMs} ms`);
      e.name = 'TimeoutError';
      request.destroy(e);
    }, req.timeoutMs);
    request.on('error', (e) => done(e));
    request.on('socket', (socket: Socket) => {
      // A second look at the peer actually connected to: the lookup is the guard, this the alarm.
      const check = () => {
        if (!outbound.connectionAllowed(host, socket.remoteAddress))
          request.destroy(new OutboundBlockedError('connected to a refused address'));
      };
      if (socket.remoteAddress) check();
      else socket.once('connect', check);
    });
    request.end(body);
  });
}
