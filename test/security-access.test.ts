import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ROLES, can, type Permission } from '../src/core/auth/roles.ts';
import {
  fillUrl,
  missingFixtures,
  outOfScope,
  report,
  routeKey,
  runProbes,
  startSecurityEnv,
  tally,
  type Probe,
  type SecurityEnv,
} from './security-fixtures.ts';

/**
 * Security suite, part 1 — who may call what, over EVERY route the app registers: without a key a
 * non-public /api/v1 route answers 401; a key whose role lacks the route's permission answers 403.
 * Also the suite's own coverage check: a route the fixture map (test/security-fixtures.ts) cannot
 * serve fails here, naming what to add. The other-workspace check is test/isolation.test.ts.
 */
describe('security: access to every route', () => {
  let s: SecurityEnv;
  beforeAll(async () => {
    s = await startSecurityEnv();
  }, 120_000);
  afterAll(async () => s?.env.close());

  it('the fixture map serves every route (a new route without coverage fails here)', () => {
    expect(s.routes.length).toBeGreaterThan(100);
    expect(missingFixtures(s.env.app.routeList, s.doc), 'add these to test/security-fixtures.ts').toEqual([]);
    // Every route is either an /api/v1 route under the permission model, or a public one the suite knows.
    const unknown = s.routes
      .filter((r) => !r.url.startsWith('/api/v1/') && !r.public && !outOfScope(r) && r.method !== 'GET')
      .map(routeKey);
    expect(unknown, 'a write outside /api/v1 that is not public: give it a permission or mark it public').toEqual([]);
  });

  it('no key → 401 and a role without the permission → 403, on every /api/v1 route', async () => {
    const keys = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, (await s.env.workspace('sec', role)).auth] as const)),
    );
    const before = await s.snapshot();
    const t = tally();
    const probes: Probe[] = [];
    for (const r of s.routes.filter((r) => r.url.startsWith('/api/v1/') && !r.public)) {
      const url = fillUrl(r.url, s.ids);
      const withBody = ['POST', 'PATCH', 'PUT'].includes(r.method) ? { payload: {} } : {};
      probes.push({
        label: `${routeKey(r)} without a key`,
        request: { method: r.method as any, url, ...withBody },
        check: (res) =>
          res.statusCode === 401 && res.json().error.code === 'UNAUTHENTICATED'
            ? null
            : `expected 401, got ${res.statusCode}`,
      });
      probes.push({
        label: `${routeKey(r)} with a revoked-looking key`,
        request: { method: r.method as any, url, headers: { authorization: `Bearer kt_${randomUUID()}` }, ...withBody },
        check: (res) => (res.statusCode === 401 ? null : `expected 401, got ${res.statusCode}`),
      });
      for (const role of ROLES)
        if (!can(role, r.permission as Permission))
          probes.push({
            label: `${routeKey(r)} as ${role}`,
            request: { method: r.method as any, url, headers: keys[role], ...withBody },
            check: (res) =>
              res.statusCode === 403 && res.json().error.code === 'FORBIDDEN'
                ? null
                : `expected 403 FORBIDDEN, got ${res.statusCode}`,
          });
    }
    await runProbes(s.env, probes, t);
    report('access (401 / 403)', t);
    expect(t.failed, t.failed.slice(0, 40).join('\n')).toEqual([]);
    expect(await s.snapshot()).toEqual(before);
  });

  it('every public /api/v1 route is one the suite knows (login, logout, the demo logins)', () => {
    const pub = s.routes.filter((r) => r.url.startsWith('/api/v1/') && r.public).map(routeKey);
    // GET /auth/demo-accounts is a read (no CSRF question); what it may reveal is checked in src/core/auth/demo-accounts.test.ts.
    expect(pub, 'a new public /api/v1 route: decide how CSRF applies (src/core/http/csrf.ts) and list it here').toEqual(
      // A CSAT answer's credential is its signed token, never a cookie: nothing for CSRF to forge.
      [
        'GET /api/v1/auth/demo-accounts',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/csat/:token',
      ],
    );
  });
});
