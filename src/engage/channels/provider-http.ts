import { createHash, timingSafeEqual } from 'node:crypto';
import type { Outbound } from '../../core/net/outbound.ts';
import { outboundRequest } from '../../core/net/request.ts';
import { ChannelError } from './types.ts';

/** What a provider's answer may be at most: the Bot API / Graph API / VK answers are small JSON. */
const MAX_ANSWER_BYTES = 64 * 1024;
const TIMEOUT_MS = 15_000;

export interface ProviderAnswer {
  status: number;
  text: string;
  /** The parsed JSON answer, or null when the body is not JSON. */
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One HTTP call to a messenger or push provider through the outbound policy (core/net/request.ts).
 * Failures before an answer become ChannelErrors: a refused address is permanent (configuration),
 * a refused or reset connection transient. A timeout is transient only for `idempotent` calls
 * (the provider dedupes, as VK does by random_id): otherwise the provider may have taken the
 * message and a retry could deliver it twice, so the message ends failed with `timeout`.
 */
export async function callProvider(
  outbound: Outbound,
  url: string,
  req: { method?: string; headers?: Record<string, string>; body?: string | Buffer; idempotent?: boolean },
): Promise<ProviderAnswer> {
  let res: Awaited<ReturnType<typeof outboundRequest>>;
  try {
    res = await outboundRequest(outbound, url, {
      method: req.method ?? 'POST',
      headers: req.headers,
      body: req.body,
      timeoutMs: TIMEOUT_MS,
      readBodyBytes: MAX_ANSWER_BYTES,
    });
  } catch (e) {
    throw transportError(e, req.idempotent ?? false);
  }
  const text = res.body ?? '';
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers ?? {} };
}

export function transportError(e: unknown, idempotent: boolean): ChannelError {
  const err = e as { code?: string; name?: string; message?: string };
  if (err?.code === 'OUTBOUND_BLOCKED')
    return new ChannelError('outbound_blocked', 'The address is blocked by the outbound requests policy', true);
  if (err?.name === 'TimeoutError')
    return new ChannelError(
      'timeout',
      idempotent
        ? 'The provider did not answer in time'
        : 'The provider did not answer in time; it may have taken the message',
      !idempotent,
    );
  return new ChannelError('unreachable', `The provider is unreachable: ${err?.message ?? String(e)}`, false);
}

/** A string field of a JSON object, or undefined. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** A header of a callback request, first value, lower-case name. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Compares a presented secret with the configured one in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
