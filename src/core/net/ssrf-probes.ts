/**
 * URLs an attacker would configure to make the server call into its own network. The outbound
 * policy refuses every one of them by default (422 OUTBOUND_BLOCKED when configured, "blocked by
 * the outbound policy" when connecting). Shared with the security suite, which posts them to every
 * route that takes a URL; none needs DNS to be judged, so tests stay offline.
 */
export const SSRF_PROBES: readonly string[] = [
  // cloud metadata
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://metadata.google.internal./computeMetadata/v1/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  // loopback, by name and number, and the database port
  'http://127.0.0.1:5432/',
  'https://127.0.0.1/',
  'http://127.0.0.1./',
  'http://user:pass@127.0.0.1/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://kartoteka.localhost:3000/',
  'http://[::1]/',
  'http://[::]/',
  'http://0.0.0.0/',
  'http://0/',
  // IPv4 in other notations (the URL parser turns them into 127.0.0.1)
  'http://2130706433/',
  'http://0x7f000001/',
  'http://0177.0.0.1/',
  'http://017700000001/',
  'http://0x7f.0.0.1/',
  'http://127.1/',
  'http://%31%32%37.0.0.1/',
  // private, shared, link-local, multicast, reserved, broadcast
  'http://10.0.0.1/',
  'http://10.255.255.254:8080/',
  'http://172.16.0.1/',
  'http://172.31.255.255/',
  'http://192.168.0.1/',
  'http://192.168.1.1/admin',
  'http://100.64.0.1/',
  'http://169.254.0.1/',
  'http://224.0.0.1/',
  'http://240.0.0.1/',
  'http://255.255.255.255/',
  'http://192.0.2.1/',
  // IPv6 that reaches IPv4 inside: mapped, compatible, NAT64, 6to4
  'http://[::ffff:127.0.0.1]/',
  'http://[0:0:0:0:0:ffff:7f00:1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://[2002:c0a8:101::1]/',
  // IPv6 unique local, link-local, site-local, multicast, documentation
  'http://[fc00::1]/',
  'http://[fd12:3456:789a::1]/',
  'http://[fe80::1]/',
  'http://[fec0::1]/',
  'http://[ff02::1]/',
  'http://[2001:db8::1]/',
  // names that only mean something inside a network
  'http://db:5432/',
  'http://redis:6379/',
  'http://printer.local/',
  'http://router.home.arpa/',
];

/** URLs refused before any address is looked at: not http or https (400 VALIDATION_FAILED when configured). */
export const SSRF_SCHEME_PROBES: readonly string[] = [
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
  'ftp://127.0.0.1/',
  'dict://127.0.0.1:11211/stat',
  'javascript:alert(1)',
];
