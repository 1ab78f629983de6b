import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { AppError } from '../errors.ts';
import { nonPublicReason, embeddedIpv4 } from './ip.ts';
import { AllowList } from './allow-list.ts';
import {
  createOutbound,
  Outbound,
  OutboundBlockedError,
  SSRF_PROBES,
  SSRF_SCHEME_PROBES,
  type Resolver,
} from './outbound.ts';
import { outboundRequest } from './request.ts';

/**
 * The outbound requests policy: the SSRF address list refused when configured and when
 * connecting, public addresses allowed, the operator's allow-list, and DNS rebinding (a name that
 * resolved to a public address when configured and to loopback when connecting).
 */

/** A local HTTP server that counts what reaches it; `/redirect` answers 302 to `/target`. */
class Local {
  hits: string[] = [];
  private server: Server = createServer((req, res) => {
    this.hits.push(req.url ?? '/');
    req.resume();
    if (req.url === '/redirect') res.writeHead(302, { location: `${this.base}/target` }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('internal secret');
  });
  port = 0;
  get base() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A resolver that answers from a table, as the system's would; unknown names fail like NXDOMAIN. */
const fakeDns =
  (table: Record<string, string[] | (() => string[])>): Resolver =>
  async (host) => {
    const entry = table[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return (typeof entry === 'function' ? entry() : entry).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal, the URL was accepted');
}

const PUBLIC_URLS = [
  'http://93.184.215.14/',
  'https://8.8.8.8/dns-query',
  'http://1.1.1.1:8080/hook?x=1',
  'http://172.32.0.1/',
  'http://100.128.0.1/',
  'http://[2606:4700:4700::1111]/',
  'http://[::ffff:8.8.8.8]/',
  'http://[64:ff9b::808:808]/',
  'http://[2002:808:808::1]/',
  'https://hooks.example.com/kartoteka',
];

describe('outbound policy: the address classes', () => {
  it.each([
    ['0.0.0.0', 'this network'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'shared address space (CGNAT)'],
    ['100.127.255.255', 'shared address space (CGNAT)'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved and broadcast'],
    ['240.0.0.1', 'reserved and broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64 loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 private'],
    ['2002:7f00:1::', '6to4 loopback'],
    ['2002:c0a8:101::1', '6to4 private'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001::1', 'IETF protocol assignments (Teredo, ORCHID, …)'],
    ['2001:db8::1', 'documentation'],
    ['64:ff9b:1::1', 'reserved'],
  ])('%s is not public (%s)', (ip, reason) => {
    expect(nonPublicReason(ip)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '169.255.0.1',
    '192.167.255.255',
    '192.169.0.0',
    '223.255.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => expect(nonPublicReason(ip)).toBeNull());

  it('finds the IPv4 address inside mapped, compatible, NAT64 and 6to4 forms', () => {
    expect(embeddedIpv4('::ffff:10.0.0.1')).toEqual({ v4: '10.0.0.1', form: 'IPv4-mapped' });
    expect(embeddedIpv4('::a00:1')).toEqual({ v4: '10.0.0.1', form: 'IPv4-compatible' });
    expect(embeddedIpv4('64:ff9b::a9fe:a9fe')).toEqual({ v4: '169.254.169.254', form: 'NAT64' });
    expect(embeddedIpv4('2002:a9fe:a9fe:1::1')).toEqual({ v4: '169.254.169.254', form: '6to4' });
    expect(embeddedIpv4('2606:4700::1111')).toBeNull();
    expect(embeddedIpv4('127.0.0.1')).toBeNull();
  });
});

describe('outbound policy: configuration-time check', () => {
  // Offline: every public name resolves from a table, and nothing else does.
  const policy = new Outbound({
    resolve: fakeDns({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] }),
  });

  it.each([...SSRF_PROBES])('refuses %s with 422 OUTBOUND_BLOCKED naming the field', async (url) => {
    const e = await refusal(policy.checkUrl(url, 'url'));
    expect(e.code).toBe('OUTBOUND_BLOCKED');
    expect(e.status).toBe(422);
    expect(e.details).toEqual([
      { path: 'url', message: expect.stringContaining('outbound requests policy'), code: 'URL_BLOCKED' },
    ]);
  });

  it('names the field it was given', async () => {
    const e = await refusal(policy.checkUrl('http://10.0.0.1/', 'channel.host'));
    expect(e.details.map((d) => d.path)).toEqual(['channel.host']);
  });

  it.each([...SSRF_SCHEME_PROBES, 'not a url', 'http://'])('refuses %s as not an http(s) URL (400)', async (url) => {
    const e = await refusal(policy.checkUrl(url));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details[0]?.path).toBe('url');
  });

  it.each(PUBLIC_URLS)('allows the public %s', async (url) => {
    await expect(policy.checkUrl(url)).resolves.toBeInstanceOf(URL);
  });

  it('refuses a name that resolves to a private address, even when it also has a public one', async () => {
    const p = new Outbound({
      resolve: fakeDns({
        'evil.example.com': ['127.0.0.1'],
        'mixed.example.com': ['93.184.215.14', '10.0.0.7'],
        'v6.example.com': ['::ffff:169.254.169.254'],
      }),
    });
    for (const host of ['evil.example.com', 'mixed.example.com', 'v6.example.com'])
      expect((await refusal(p.checkUrl(`https://${host}/x`))).code).toBe('OUTBOUND_BLOCKED');
  });

  it('refuses a name the system resolver maps to loopback (localhost), with no allow-list', async () => {
    expect((await refusal(createOutbound({ outboundAllow: '' }).checkUrl('http://localhost:5432/'))).code).toBe(
      'OUTBOUND_BLOCKED',
    );
  });

  it('lets a name that does not resolve now through: the connection checks it', async () => {
    await expect(policy.checkUrl('https://not-yet.example.com/')).resolves.toBeInstanceOf(URL);
  });
});

describe('outbound policy: the allow-list (KARTOTEKA_OUTBOUND_ALLOW)', () => {
  it('opens a CIDR, and only that CIDR (IPv4-mapped forms of it too)', async () => {
    const p = createOutbound({ outboundAllow: '127.0.0.0/8, fd00::/8' });
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://127.8.9.10/',
      'http://[::ffff:127.0.0.1]/',
      'http://2130706433/',
      'http://[fd12::1]/',
    ])
      await expect(p.checkUrl(url)).resolves.toBeInstanceOf(URL);
    for (const url of [
      'http://10.0.0.1/',
      'http://169.254.169.254/',
      'http://[::1]/',
      'http://192.168.1.1/',
      'http://[fe80::1]/',
    ])
      expect((await refusal(p.checkUrl(url))).code).toBe('OUTBOUND_BLOCKED');
    expect(p.addressAllowed('8.8.8.8')).toBe(true);
  });

  it('opens a host name (and *.suffix) whatever it resolves to', async () => {
    const dns = fakeDns({
      'mail.internal': ['10.0.0.25'],
      'a.corp.example': ['192.168.3.4'],
      'other.example.com': ['192.168.3.4'],
    });
    const p = new Outbound({ allow: 'mail.internal,*.corp.example', resolve: dns });
    await expect(p.checkUrl('http://mail.internal:8025/')).resolves.toBeInstanceOf(URL);
    await expect(p.checkUrl('http://a.corp.example/')).resolves.toBeInstanceOf(URL);
    await expect(p.checkUrl('http://MAIL.INTERNAL./')).resolves.toBeInstanceOf(URL);
    expect((await refusal(p.checkUrl('http://other.example.com/'))).code).toBe('OUTBOUND_BLOCKED');
    expect((await refusal(p.checkUrl('http://10.0.0.25/'))).code).toBe('OUTBOUND_BLOCKED');
  });

  it('refuses a setting it cannot read', () => {
    for (const bad of ['10.0.0.0/33', '::/129', 'not a host!', '10.0.0.0/x', 'http://x/'])
      expect(() => new AllowList(bad), bad).toThrow(/KARTOTEKA_OUTBOUND_ALLOW/);
    expect(() => new AllowList(' 10.0.0.0/8 , ::1,localhost,*.lan ')).not.toThrow();
  });
});

describe('outbound policy: at connection time', () => {
  const local = new Local();
  beforeAll(() => local.start());
  afterAll(() => local.stop());

  it.each([...SSRF_PROBES])('refuses to connect to %s', async (url) => {
    const e = await outboundRequest(new Outbound({ resolve: fakeDns({}) }), url, { timeoutMs: 5000 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(OutboundBlockedError);
    expect((e as Error).message).toBe('blocked by the outbound policy');
  });

  it('refuses a host name that resolves to loopback when connecting, though it was public when configured (DNS rebinding)', async () => {
    let lookups = 0;
    const rebinding = new Outbound({
      resolve: fakeDns({ 'rebind.example.com': () => (lookups++ === 0 ? ['93.184.215.14'] : ['127.0.0.1']) }),
    });
    const url = `http://rebind.example.com:${local.port}/rebound`;
    await expect(rebinding.checkUrl(url)).resolves.toBeInstanceOf(URL);
    const e = await outboundRequest(rebinding, url, { body: '{}', timeoutMs: 5000 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OutboundBlockedError);
    expect((e as OutboundBlockedError).reason).toBe('resolves to a loopback address');
    expect(lookups).toBe(2);
    expect(local.hits).not.toContain('/rebound');
  });

  it('refuses localhost through the system resolver', async () => {
    const e = await outboundRequest(createOutbound({ outboundAllow: '' }), `http://localhost:${local.port}/system`, {
      timeoutMs: 5000,
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OutboundBlockedError);
    expect(local.hits).not.toContain('/system');
  });

  it('connects where the allow-list opens a CIDR or a host name, and reports only status and timing', async () => {
    const byRange = await outboundRequest(createOutbound({ outboundAllow: '127.0.0.0/8' }), `${local.base}/range`, {
      body: '{"a":1}',
      timeoutMs: 5000,
    });
    expect(Object.keys(byRange).sort()).toEqual(['durationMs', 'status']);
    expect(byRange.status).toBe(200);
    const byName = await outboundRequest(
      createOutbound({ outboundAllow: 'localhost' }),
      `http://localhost:${local.port}/name`,
      { timeoutMs: 5000 },
    );
    expect(byName.status).toBe(200);
    expect(local.hits).toEqual(expect.arrayContaining(['/range', '/name']));
    // An allowed range does not open a local-only name: it is listed by name or not at all.
    const e = await outboundRequest(
      createOutbound({ outboundAllow: '127.0.0.0/8' }),
      `http://localhost:${local.port}/unlisted`,
      { timeoutMs: 5000 },
    ).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(OutboundBlockedError);
  });

  it('reads a bounded answer only when asked (a provider API call)', async () => {
    const out = createOutbound({ outboundAllow: '127.0.0.0/8' });
    const whole = await outboundRequest(out, `${local.base}/answer`, { timeoutMs: 5000, readBodyBytes: 1000 });
    expect(whole.body).toBe('internal secret');
    expect(whole.headers?.['content-type']).toBe('text/plain');
    const cut = await outboundRequest(out, `${local.base}/answer`, { timeoutMs: 5000, readBodyBytes: 8 });
    expect(cut.body).toBe('internal');
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const r = await outboundRequest(createOutbound({ outboundAllow: '127.0.0.0/8' }), `${local.base}/redirect`, {
      timeoutMs: 5000,
    });
    expect(r.status).toBe(302);
    expect(local.hits).not.toContain('/target');
  });

  it('guards plain sockets too: its lookup refuses for net.connect (SMTP, databases, …)', async () => {
    const policy = createOutbound({ outboundAllow: '' });
    const err = await new Promise<unknown>((resolve) => {
      const s = connect({ host: 'localhost', port: local.port, lookup: policy.lookup });
      s.on('connect', () => {
        s.destroy();
        resolve(null);
      });
      s.on('error', resolve);
    });
    expect(err).toBeInstanceOf(OutboundBlockedError);
  });
});
