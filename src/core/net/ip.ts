import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses are not public: the IANA special-purpose registries (RFC 6890 and successors)
 * for IPv4, and for IPv6 everything outside global unicast 2000::/3 plus its special blocks. IPv6
 * forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside them.
 */

const V4_SPECIAL: [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved and broadcast'],
];

// Inside 2000::/3, the blocks that are not globally reachable unicast.
const V6_SPECIAL_GLOBAL: [string, number, string][] = [
  ['2001::', 23, 'IETF protocol assignments (Teredo, ORCHID, …)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
];

const v4Rules = V4_SPECIAL.map(([net, prefix, reason]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, 'ipv4');
  return { list, reason };
});
const v6Rules = V6_SPECIAL_GLOBAL.map(([net, prefix, reason]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, 'ipv6');
  return { list, reason };
});

/** An address without brackets or a zone id (`fe80::1%eth0`), or null when it is not an IP address. */
export function normalizeIp(raw: string): string | null {
  let s = raw.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0 && s.includes(':')) s = s.slice(0, zone);
  return isIP(s) ? s : null;
}

/** The 16 bytes of an IPv6 address (which must already be valid per `net.isIP`). */
export function ipv6Bytes(ip: string): Uint8Array {
  let s = ip;
  const bytes = new Uint8Array(16);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}

const v4Of = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/**
 * The IPv4 address an IPv6 address carries, if it is one of the forms that reach an IPv4 host:
 * mapped (::ffff:0:0/96), compatible (::/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16).
 */
export function embeddedIpv4(ip: string): { v4: string; form: string } | null {
  if (isIP(ip) !== 6) return null;
  const b = ipv6Bytes(ip);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return { v4: v4Of(b, 12), form: 'IPv4-mapped' };
  if (zeros(0, 12)) return { v4: v4Of(b, 12), form: 'IPv4-compatible' };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return { v4: v4Of(b, 12), form: 'NAT64' };
  if (b[0] === 0x20 && b[1] === 0x02) return { v4: v4Of(b, 2), form: '6to4' };
  return null;
}

/**
 * Why an address is not public (e.g. "loopback", "IPv4-mapped loopback"), or null when it is a
 * public address. Anything that is not an IP address is refused as "not an IP address".
 */
export function nonPublicReason(raw: string): string | null {
  const ip = normalizeIp(raw);
  if (!ip) return 'not an IP address';
  if (isIP(ip) === 4) return v4Rules.find((r) => r.list.check(ip, 'ipv4'))?.reason ?? null;
  const b = ipv6Bytes(ip);
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  const inner = embeddedIpv4(ip);
  if (inner) {
    // Compatible addresses are deprecated and route nowhere public; the others are judged by their IPv4.
    if (inner.form === 'IPv4-compatible') return inner.form;
    const reason = nonPublicReason(inner.v4);
    return reason ? `${inner.form} ${reason}` : null;
  }
  if ((b[0]! & 0xe0) !== 0x20) {
    if ((b[0]! & 0xfe) === 0xfc) return 'unique local';
    if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'link-local';
    if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return 'site-local';
    if (b[0] === 0xff) return 'multicast';
    return 'reserved';
  }
  return v6Rules.find((r) => r.list.check(ip, 'ipv6'))?.reason ?? null;
}
