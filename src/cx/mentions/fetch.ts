import { OutboundBlockedError, type Outbound } from '../../core/net/outbound.ts';
import { outboundRequest } from '../../core/net/request.ts';

/** Why a source's fetch failed, in words recorded on the source (never the response body). */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * One bounded request to a source's URL through the outbound policy (request.ts: the address is
 * checked at connect time, redirects are not followed): the body up to `maxBytes` (more is an
 * error, not a silently cut document), a non-2xx status or a timeout as a SourceError.
 */
export async function fetchSource(
  outbound: Outbound,
  url: string,
  limits: FetchLimits,
  req: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ body: string; contentType: string }> {
  let res: Awaited<ReturnType<typeof outboundRequest>>;
  try {
    res = await outboundRequest(outbound, url, {
      method: req.method ?? 'GET',
      headers: { 'user-agent': 'Kartoteka mentions', ...req.headers },
      body: req.body,
      timeoutMs: limits.timeoutMs,
      readBodyBytes: limits.maxBytes + 1,
    });
  } catch (err) {
    if (err instanceof OutboundBlockedError) throw new SourceError('blocked by the outbound policy');
    const e = err as Error;
    if (e.name === 'TimeoutError') throw new SourceError(`timed out after ${limits.timeoutMs} ms`);
    throw new SourceError(`unreachable: ${(e as NodeJS.ErrnoException).code ?? e.message}`.slice(0, 300));
  }
  if (res.status >= 300 && res.status < 400) throw new SourceError(`HTTP ${res.status} (redirects are not followed)`);
  if (res.status < 200 || res.status >= 300) throw new SourceError(`HTTP ${res.status}`);
  const body = res.body ?? '';
  if (Buffer.byteLength(body) > limits.maxBytes) throw new SourceError(`the answer is over ${limits.maxBytes} bytes`);
  const ct = res.headers?.['content-type'];
  return { body, contentType: String(Array.isArray(ct) ? ct[0] : (ct ?? '')).toLowerCase() };
}
