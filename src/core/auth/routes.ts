import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/app.ts';
import { dateTime, idParam } from '../http/schemas.ts';
import { SESSION_COOKIE } from './session-cookie.ts';
import { PERMISSIONS, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, ROLES } from './roles.ts';
import { AppError } from '../errors.ts';

const role = z.enum(ROLES);
const email = z.email({ message: 'must be a valid email address' }).max(320);
const password = z.string().min(8, { message: 'must be at least 8 characters' }).max(200);
const locale = z.enum(['ru', 'en']);

const member = z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string(), role, disabled: z.boolean(), createdAt: dateTime });
const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role,
  createdBy: z.string().nullable(),
  createdAt: dateTime,
  lastUsedAt: dateTime.nullable(),
  revokedAt: dateTime.nullable(),
});
const workspace = z.object({ id: z.string(), slug: z.string(), name: z.string(), settings: z.record(z.string(), z.unknown()), createdAt: dateTime });
// Settings other modules read; unknown keys are kept for modules to come.
const workspaceSettings = z
  .object({
    requireConsent: z.boolean().describe('The browser SDK sends nothing before consent').optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. RUB')
      .describe("The currency of the profile's revenue, average check and LTV (RUB when not set); orders in other currencies are listed apart")
      .optional(),
    maxIdentitiesPerPerson: z.number().int().min(1).max(10_000).describe('Identifiers one person may hold').optional(),
    traitPrecedence: z
      .record(z.string().min(1).max(200), z.array(z.string().min(1).max(50)).max(20))
      .describe('Per trait: source kinds from most to least trusted')
      .optional(),
  })
  .catchall(z.unknown());
const me = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() }).nullable(),
  apiKey: z.object({ id: z.string().nullable(), label: z.string() }).nullable(),
  workspace,
  role,
  permissions: z.array(z.string()),
  workspaces: z.array(z.object({ slug: z.string(), name: z.string(), role: z.string() })),
});

export async function authRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = k.config.secureCookies;
  const withPermissions = async (p: ReturnType<typeof principalOf>) => {
    const m = await k.auth.me(p);
    return { ...m, permissions: ROLE_PERMISSIONS[m.role] };
  };

  r.post('/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: 60_000 } } as any,
    schema: {
      tags: ['auth'],
      summary: 'Log in (UI session cookie)',
      security: [],
      body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200), workspace: z.string().max(63).optional() }),
      response: { 200: me },
    },
  }, async (req, reply) => {
    const s = await k.auth.login({ ...req.body, userAgent: req.headers['user-agent'], ip: req.ip });
    reply.setCookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'lax', path: '/', secure, expires: s.expiresAt });
    const principal = await k.auth.authenticateSession(s.token, req.id);
    return withPermissions(principal!);
  });

  r.post('/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'Log out', response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await k.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  r.get('/auth/me', { config: { permission: 'account:self' }, schema: { tags: ['auth'], summary: 'Who am I: user or key, workspace, role, permissions', response: { 200: me } } }, async (req) =>
    withPermissions(principalOf(req)),
  );

  r.patch('/auth/me', {
    config: { permission: 'account:self' },
    schema: { tags: ['auth'], summary: 'Change my name, language or password', body: z.object({ name: z.string().min(1).max(200).optional(), locale: locale.optional(), password: password.optional(), currentPassword: z.string().max(200).optional() }), response: { 200: me } },
  }, async (req) => {
    await k.auth.updateSelf(principalOf(req), req.body);
    return withPermissions(principalOf(req));
  });

  r.post('/auth/switch-workspace', {
    config: { permission: 'account:self' },
    schema: { tags: ['auth'], summary: 'Switch the session to another workspace of mine', body: z.object({ slug: z.string().min(1).max(63) }), response: { 204: z.null() } },
  }, async (req, reply) => {
    const p = principalOf(req);
    if (!p.sessionId || !p.userId) throw new AppError('FORBIDDEN', 'An API key belongs to one workspace');
    await k.auth.switchWorkspace(p.sessionId, p.userId, req.body.slug);
    return reply.status(204).send(null);
  });

  r.get('/workspace', { config: { permission: 'settings:read' }, schema: { tags: ['workspace'], summary: 'The current workspace', response: { 200: workspace } } }, async (req) =>
    k.auth.getWorkspace(principalOf(req).actor.workspaceId),
  );
  r.patch('/workspace', {
    config: { permission: 'settings:manage' },
    schema: { tags: ['workspace'], summary: 'Rename the workspace or change its settings', body: z.object({ name: z.string().min(1).max(200).optional(), settings: workspaceSettings.optional() }), response: { 200: workspace } },
  }, async (req) => k.auth.updateWorkspace(principalOf(req).actor, req.body));

  r.get('/roles', {
    config: { permission: 'settings:read' },
    schema: {
      tags: ['users'],
      summary: 'Roles and their permissions',
      response: { 200: z.object({ data: z.array(z.object({ role, description: z.object({ en: z.string(), ru: z.string() }), permissions: z.array(z.string()) })), permissions: z.array(z.object({ permission: z.string(), en: z.string(), ru: z.string() })) }) },
    },
  }, async () => ({
    data: ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role], permissions: ROLE_PERMISSIONS[role] })),
    permissions: Object.entries(PERMISSIONS).map(([permission, d]) => ({ permission, ...d })),
  }));

  r.get('/users', { config: { permission: 'settings:read' }, schema: { tags: ['users'], summary: 'Members of this workspace', response: { 200: z.object({ data: z.array(member), nextCursor: z.null() }) } } }, async (req) => ({
    data: await k.auth.listMembers(principalOf(req).actor.workspaceId),
    nextCursor: null,
  }));
  r.get('/users/:id', { config: { permission: 'settings:read' }, schema: { tags: ['users'], summary: 'One member', params: idParam, response: { 200: member } } }, async (req) =>
    k.auth.getMember(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.post('/users', {
    config: { permission: 'settings:manage' },
    schema: { tags: ['users'], summary: 'Add a user to this workspace', body: z.object({ email, name: z.string().min(1).max(200), password, role, locale: locale.optional() }), response: { 201: member } },
  }, async (req, reply) => reply.status(201).send(await k.auth.createMember(principalOf(req).actor, req.body)));
  r.patch('/users/:id', {
    config: { permission: 'settings:manage' },
    schema: { tags: ['users'], summary: 'Change a member: name, role, language, password, disabled', params: idParam, body: z.object({ name: z.string().min(1).max(200).optional(), role: role.optional(), locale: locale.optional(), disabled: z.boolean().optional(), password: password.optional() }), response: { 200: member } },
  }, async (req) => k.auth.updateMember(principalOf(req).actor, req.params.id, req.body));
  r.delete('/users/:id', { config: { permission: 'settings:manage' }, schema: { tags: ['users'], summary: 'Remove a member from this workspace', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await k.auth.removeMember(principalOf(req).actor, req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api-keys', { config: { permission: 'settings:manage' }, schema: { tags: ['api keys'], summary: 'API keys of this workspace (never the secret)', response: { 200: z.object({ data: z.array(apiKey), nextCursor: z.null() }) } } }, async (req) => ({
    data: await k.auth.listApiKeys(principalOf(req).actor.workspaceId),
    nextCursor: null,
  }));
  r.post('/api-keys', {
    config: { permission: 'settings:manage' },
    schema: { tags: ['api keys'], summary: 'Create an API key; the key is shown only in this response', body: z.object({ name: z.string().min(1).max(200), role }), response: { 201: apiKey.extend({ key: z.string() }) } },
  }, async (req, reply) => reply.status(201).send(await k.auth.createApiKey(principalOf(req).actor, req.body)));
  r.delete('/api-keys/:id', { config: { permission: 'settings:manage' }, schema: { tags: ['api keys'], summary: 'Revoke an API key', params: idParam, response: { 200: apiKey } } }, async (req) =>
    k.auth.revokeApiKey(principalOf(req).actor, req.params.id),
  );
}
