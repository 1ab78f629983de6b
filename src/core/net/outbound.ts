import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors.ts';
import { AllowList, normalizeHost } from './allow-list.ts';
import { nonPublicReason, normalizeIp } from './ip.ts';

export { SSRF_PROBES, SSRF_SCHEME_PROBES } from './ssrf-probes.ts';

/**
 * The outbound requests policy: every URL a user can configure (webhooks, and audience syncs,
 * journey webhook steps, feeds and channel hosts as they come) reaches only public addresses,
 * unless the operator opened a range or a host name with KARTOTEKA_OUTBOUND_ALLOW (GitLab's
 * "allow requests to the local network", off by default).
 *
 * It is checked twice: when the URL is configured (`checkUrl`, a 422 OUTBOUND_BLOCKED naming the
 * field) and when a connection is made (`lookup`, `assertConnectable`, `request` in request.ts),
 * on the address the name resolved to at that moment, so DNS rebinding and records changed after
 * configuration are caught. A host name is accepted only if every address it resolves to is.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundOptions {
  /** KARTOTEKA_OUTBOUND_ALLOW: comma-separated CIDRs, addresses or host names. */
  allow?: string;
  /** Name resolution (default: the system resolver, as connections use it); tests inject one. */
  resolve?: Resolver;
  /** How long the configuration-time check waits for DNS before leaving the name to the connect-time check. */
  resolveTimeoutMs?: number;
}

/** What a refused connection records: no address, range or name (that would turn the log into a scanner). */
export const BLOCKED_MESSAGE = 'blocked by the outbound policy';

/** A connection the policy refused at connect time. `reason` is for logs, never for users. */
export class OutboundBlockedError extends Error {
  readonly code = 'OUTBOUND_BLOCKED';
  constructor(readonly reason: string) {
    super(BLOCKED_MESSAGE);
    this.name = 'OutboundBlockedError';
  }
}

const FIELD_MESSAGE =
  'points to a loopback, private, link-local or reserved address, which the outbound requests policy refuses';

// Names that only mean something inside a network: never public, whatever they resolve to here.
const LOCAL_SUFFIXES = ['localhost', 'internal', 'local', 'localdomain', 'home.arpa', 'intranet', 'lan', 'corp'];

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family }));

export class Outbound {
  private allowList: AllowList;
  private resolver: Resolver;
  private resolveTimeoutMs: number;

  constructor(opts: OutboundOptions = {}) {
    this.allowList = new AllowList(opts.allow ?? '');
    this.resolver = opts.resolve ?? systemResolver;
    this.resolveTimeoutMs = opts.resolveTimeoutMs ?? 3000;
  }

  /** Whether a connection may go to this address (public, or opened by the operator). */
  addressAllowed(address: string): boolean {
    return this.allowList.allowsAddress(address) || nonPublicReason(address) === null;
  }

  /** Whether the operator opened this host name (then it may resolve anywhere). */
  hostAllowed(host: string): boolean {
    return this.allowList.allowsHost(host);
  }

  /**
   * Why a URL's host is refused before any name is resolved (scheme, an address literal in any
   * notation the URL parser accepts, a local-only name), or null when it may proceed to resolution.
   */
  private staticVerdict(u: URL): string | null {
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `scheme ${u.protocol}`;
    return this.hostVerdict(normalizeHost(u.hostname));
  }

  /** The same for a bare host name or address (normalised by `normalizeHost`). */
  private hostVerdict(host: string): string | null {
    if (!host) return 'no host';
    if (this.hostAllowed(host)) return null;
    const ip = normalizeIp(host);
    if (ip) return this.addressAllowed(ip) ? null : (nonPublicReason(ip) ?? 'not allowed');
    if (!host.includes('.')) return 'single-label host name';
    if (LOCAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return 'local-only host name';
    return null;
  }

  /** The first resolved address the policy refuses, with why; null when all are allowed. */
  private refusedAmong(host: string, addresses: ResolvedAddress[]): string | null {
    if (this.hostAllowed(host)) return null;
    if (addresses.length === 0) return 'resolved to no address';
    for (const a of addresses)
      if (!this.addressAllowed(a.address)) return `resolves to a ${nonPublicReason(a.address) ?? 'refused'} address`;
    return null;
  }

  /**
   * Configuration-time check of a user-supplied URL. Throws 400 VALIDATION_FAILED for a URL that
   * is not http(s), 422 OUTBOUND_BLOCKED (details naming `field`) for a refused address or name,
   * or a name that resolves now to a refused address. A name that does not resolve now is let
   * through: every connection checks it again.
   */
  async checkUrl(url: string, field = 'url'): Promise<URL> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new AppError('VALIDATION_FAILED', `${field}: not a valid URL`, [
        { path: field, message: 'not a valid URL', code: 'INVALID_URL' },
      ]);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new AppError('VALIDATION_FAILED', `${field}: must be http or https`, [
        { path: field, message: 'must be http or https', code: 'URL_NOT_HTTP' },
      ]);
    const blocked = () =>
      new AppError('OUTBOUND_BLOCKED', `${field}: ${FIELD_MESSAGE}`, [
        { path: field, message: FIELD_MESSAGE, code: 'URL_BLOCKED' },
      ]);
    if (this.staticVerdict(u)) throw blocked();
    const host = normalizeHost(u.hostname);
    if (isIP(host) || this.hostAllowed(host)) return u;
    const addresses = await this.resolveWithin(host, this.resolveTimeoutMs);
    if (addresses && this.refusedAmong(host, addresses)) throw blocked();
    return u;
  }

  private async resolveWithin(host: string, ms: number): Promise<ResolvedAddress[] | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)));
    try {
      return await Promise.race([this.resolver(host).catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connect-time check of what can be judged without DNS; throws OutboundBlockedError. */
  assertConnectable(url: string | URL): URL {
    let u: URL;
    try {
      u = typeof url === 'string' ? new URL(url) : url;
    } catch {
      throw new OutboundBlockedError('not a valid URL');
    }
    const reason = this.staticVerdict(u);
    if (reason) throw new OutboundBlockedError(reason);
    return u;
  }

  /** Whether a socket connected to `remoteAddress` for `host` is one the policy allows (a second look after connect). */
  connectionAllowed(host: string, remoteAddress: string | undefined): boolean {
    if (this.hostAllowed(host)) return true;
    return !!remoteAddress && this.addressAllowed(remoteAddress);
  }

  /**
   * A `lookup` for net/tls/http(s) connections (and anything built on them: nodemailer, pg, …):
   * resolves, refuses the name unless every address is allowed, and hands the socket only
   * addresses it checked, so the connection goes where the check looked.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const cb = callback as (
      err: NodeJS.ErrnoException | null,
      address: string | ResolvedAddress[],
      family?: number,
    ) => void;
    const host = normalizeHost(hostname);
    const literal = normalizeIp(host);
    const resolved = literal ? Promise.resolve([{ address: literal, family: isIP(literal) }]) : this.resolver(host);
    resolved.then(
      (all) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const wanted =
          family === 4 || family === 6 || family === 'IPv4' || family === 'IPv6'
            ? all.filter((a) => a.family === (family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : family))
            : all;
        const refused = this.hostVerdict(host) ?? this.refusedAmong(host, all);
        if (refused) return cb(new OutboundBlockedError(refused), '', undefined);
        if (wanted.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = 'ENOTFOUND';
          return cb(err, '', undefined);
        }
        if (typeof options === 'object' && options.all) return cb(null, wanted);
        cb(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: NodeJS.ErrnoException) => cb(err, '', undefined),
    );
  };
}

/** The policy from the configuration (`outboundAllow` is KARTOTEKA_OUTBOUND_ALLOW). */
export function createOutbound(config: { outboundAllow: string }, opts: Omit<OutboundOptions, 'allow'> = {}): Outbound {
  return new Outbound({ ...opts, allow: config.outboundAllow });
}
