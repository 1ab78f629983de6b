import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { ROLES } from './roles.ts';
import { verifyPassword } from './passwords.ts';

/**
 * The demo's password and the logins the login page offers while the demo is installed: one per
 * story's role (src/cli/demo.ts creates them; the password is printed there and in the README, so it
 * is public by design).
 */
export const DEMO_PASSWORD = 'kartoteka-demo';
export const DEMO_LOGIN_HINTS = [
  'admin@kartoteka.local',
  'olga.smirnova@apteka-plus.ru',
  'dmitry.volkov@tekhnosnab.ru',
  'igor.lebedev@tekhnosnab.ru',
  'elena.sokolova@voskhod-bank.ru',
  'james.wilson@example.com',
];

const account = z.object({ email: z.string(), name: z.string(), role: z.enum(ROLES), locale: z.string() });

/**
 * GET /auth/demo-accounts (public): the quick-login hints. Revealing a login here is acceptable only
 * because its password is the public demo password, so the answer names an account only when all of
 * these hold: it is one of DEMO_LOGIN_HINTS (never any other account, whatever its password), the
 * login is enabled and a member of a workspace (role as the login picks it: the first membership),
 * and its stored hash still verifies against DEMO_PASSWORD. Change the password and it is gone from
 * the list at the next request; an install without the demo answers an empty list.
 *
 * Verifying is argon2 (tens of ms each): results are kept per stored hash, which changes with the
 * password, so each request costs one query once the hints have been checked.
 */
export async function demoAccountRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const verified = new Map<string, boolean>();
  r.get(
    '/auth/demo-accounts',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'The demo logins for the login page (only those still with the public demo password)',
        security: [],
        response: { 200: z.object({ password: z.string().nullable(), accounts: z.array(account) }) },
      },
    },
    async () => {
      const { rows } = await sql<{
        email: string;
        name: string;
        locale: string;
        password_hash: string | null;
        role: string;
      }>`
      SELECT u.email, u.name, u.locale, u.password_hash,
        (SELECT m.role FROM workspace_members m WHERE m.user_id = u.id AND m.disabled_at IS NULL ORDER BY m.created_at LIMIT 1) AS role
      FROM users u
      WHERE lower(u.email) IN (${sql.join(DEMO_LOGIN_HINTS)}) AND u.disabled_at IS NULL`.execute(k.db);
      const accounts: z.infer<typeof account>[] = [];
      for (const email of DEMO_LOGIN_HINTS) {
        const u = rows.find((x) => x.email.toLowerCase() === email);
        if (!u?.password_hash || !u.role || !(ROLES as readonly string[]).includes(u.role)) continue;
        let ok = verified.get(u.password_hash);
        if (ok === undefined) {
          ok = await verifyPassword(u.password_hash, DEMO_PASSWORD);
          if (verified.size > 1000) verified.clear();
          verified.set(u.password_hash, ok);
        }
        if (ok)
          accounts.push({ email: u.email, name: u.name, role: u.role as (typeof ROLES)[number], locale: u.locale });
      }
      return { password: accounts.length ? DEMO_PASSWORD : null, accounts };
    },
  );
}
