import { BlockList, isIP } from 'node:net';
import { embeddedIpv4, normalizeIp } from './ip.ts';

/**
 * What an operator opened with KARTOTEKA_OUTBOUND_ALLOW: comma-separated CIDRs (`127.0.0.0/8`,
 * `fd00::/8`), single addresses (`10.0.0.5`, `::1`) and host names (`mail.internal`, or
 * `*.corp.example` for a name and everything under it). An allowed host name may resolve to any
 * address; an allowed range opens those addresses whatever name led to them.
 */
export class AllowList {
  private ranges = new BlockList();
  private hasRanges = false;
  private names = new Set<string>();
  private suffixes: string[] = [];

  constructor(spec: string) {
    for (const raw of spec.split(/[\s,]+/)) {
      const entry = raw.trim();
      if (entry) this.add(entry);
    }
  }

  private add(entry: string) {
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const ip = normalizeIp(entry.slice(0, slash));
      const prefix = Number(entry.slice(slash + 1));
      const family = ip ? isIP(ip) : 0;
      const max = family === 4 ? 32 : 128;
      if (!ip || !/^\d{1,3}$/.test(entry.slice(slash + 1)) || prefix > max) throw bad(entry);
      this.ranges.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
      this.hasRanges = true;
      return;
    }
    const ip = normalizeIp(entry);
    if (ip) {
      this.ranges.addAddress(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
      this.hasRanges = true;
      return;
    }
    const name = normalizeHost(entry);
    const wildcard = name.startsWith('*.');
    const bare = wildcard ? name.slice(2) : name;
    if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(bare)) throw bad(entry);
    if (wildcard) this.suffixes.push(bare);
    else this.names.add(bare);
  }

  /** Whether the operator opened this host name (lower-case, without a trailing dot). */
  allowsHost(host: string): boolean {
    const h = normalizeHost(host);
    return this.names.has(h) || this.suffixes.some((s) => h === s || h.endsWith(`.${s}`));
  }

  /** Whether the operator opened this address (an IPv6 form carrying an IPv4 address counts as that IPv4). */
  allowsAddress(address: string): boolean {
    if (!this.hasRanges) return false;
    const ip = normalizeIp(address);
    if (!ip) return false;
    if (this.ranges.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6')) return true;
    const inner = embeddedIpv4(ip);
    return !!inner && this.ranges.check(inner.v4, 'ipv4');
  }
}

/** Lower case, no brackets, no trailing dot: the form host names are compared in. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

const bad = (entry: string) =>
  new Error(
    `KARTOTEKA_OUTBOUND_ALLOW: "${entry}" is not a CIDR (10.0.0.0/8), an address or a host name (mail.internal, *.corp.example)`,
  );
