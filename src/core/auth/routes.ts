import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/principal.ts';
import { dateTime, errorSchema, idParam } from '../http/schemas.ts';
import { SESSION_COOKIE } from './session-cookie.ts';
import { PERMISSIONS, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, ROLES } from './roles.ts';
import { AppError } from '../errors.ts';
import { demoAccountRoutes } from './demo-accounts.ts';

const role = z.enum(ROLES);
const email = z.email({ message: 'must be a valid email address' }).max(320);
const password = z.string().min(8, { message: 'must be at least 8 characters' }).max(200);
const locale = z.enum(['ru', 'en']);

const member = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  locale: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: dateTime,
});
const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role,
  createdBy: z.string().nullable(),
  createdAt: dateTime,
  lastUsedAt: dateTime.nullable(),
  revokedAt: dateTime.nullable(),
  expiresAt: dateTime.nullable(),
});
/** The same shape whether or not a login with this email exists elsewhere: only what the admin typed. */
const invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  status: z.literal('invited'),
  createdAt: dateTime,
});
const myInvitation = z.object({
  id: z.string(),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  role,
  invitedBy: z.string(),
  createdAt: dateTime,
});
/** Fields of the login itself, which a workspace admin may not change: named in the 403. */
const NOT_YOURS = {
  password:
    'only the person changes their password (PATCH /api/v1/auth/me), or an operator with `kartoteka user set-password`',
  name: 'the name belongs to the person (PATCH /api/v1/auth/me)',
  locale: 'the language belongs to the person (PATCH /api/v1/auth/me)',
  email: 'the email belongs to the person',
} as const;
const workspace = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: dateTime,
});
// Settings other modules read; unknown keys are kept for modules to come.
const workspaceSettings = z
  .object({
    requireConsent: z.boolean().describe('The browser SDK sends nothing before consent').optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in capitals, e.g. RUB')
      .describe(
        "The currency of the profile's revenue, average check and LTV (RUB when not set); orders in other currencies are listed apart",
      )
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
  await demoAccountRoutes(app, k);
  // Secure when configured, or when the request came over HTTPS (X-Forwarded-Proto is believed only
  // from the proxies in KARTOTEKA_TRUST_PROXY).
  const secure = (req: { protocol: string }) => k.config.secureCookies || req.protocol === 'https';
  const withPermissions = async (p: ReturnType<typeof principalOf>) => {
    const m = await k.auth.me(p);
    return { ...m, permissions: ROLE_PERMISSIONS[m.role] };
  };

  r.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in (UI session cookie)',
        security: [],
        body: z.object({
          email: z.string().min(1).max(320),
          password: z.string().min(1).max(200),
          workspace: z.string().max(63).optional(),
        }),
        response: { 200: me, 429: errorSchema },
      },
    },
    async (req, reply) => {
      let s: Awaited<ReturnType<typeof k.auth.login>>;
      try {
        s = await k.auth.login({ ...req.body, userAgent: req.headers['user-agent'], ip: req.ip, requestId: req.id });
      } catch (e) {
        // The wait is the lockout's own, not the general rate limit's minute.
        if (e instanceof AppError && e.code === 'LOGIN_THROTTLED')
          return reply
            .status(429)
            .header('retry-after', String((e as AppError & { retryAfter?: number }).retryAfter ?? 60))
            .send(e.toJSON());
        throw e;
      }
      reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: secure(req),
        expires: s.expiresAt,
      });
      const principal = await k.auth.authenticateSession(s.token, req.id);
      return withPermissions(principal!);
    },
  );

  r.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Log out', response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await k.auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(req) });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/auth/me',
    {
      config: { permission: 'account:self' },
      schema: { tags: ['auth'], summary: 'Who am I: user or key, workspace, role, permissions', response: { 200: me } },
    },
    async (req) => withPermissions(principalOf(req)),
  );

  r.patch(
    '/auth/me',
    {
      config: { permission: 'account:self' },
      schema: {
        tags: ['auth'],
        summary: 'Change my name, language or password (a new password ends my other sessions)',
        body: z.object({
          name: z.string().min(1).max(200).optional(),
          locale: locale.optional(),
          password: password.optional(),
          currentPassword: z.string().max(200).optional(),
        }),
        response: { 200: me },
      },
    },
    async (req) => {
      await k.auth.updateSelf(principalOf(req), req.body);
      return withPermissions(principalOf(req));
    },
  );

  r.get(
    '/invitations',
    {
      config: { permission: 'account:self' },
      schema: {
        tags: ['auth'],
        summary: 'Invitations to other workspaces waiting for me',
        response: { 200: z.object({ data: z.array(myInvitation), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.auth.myInvitations(principalOf(req)), nextCursor: null }),
  );
  for (const [action, accept] of [
    ['accept', true],
    ['decline', false],
  ] as const) {
    r.post(
      `/invitations/:id/${action}`,
      {
        config: { permission: 'account:self' },
        schema: {
          tags: ['auth'],
          summary: accept ? 'Accept an invitation: join that workspace with the role offered' : 'Decline an invitation',
          params: idParam,
          response: { 200: z.object({ workspace: z.object({ slug: z.string(), name: z.string() }), role }) },
        },
      },
      async (req) => k.auth.answerInvitation(principalOf(req), req.params.id, accept),
    );
  }

  r.post(
    '/auth/switch-workspace',
    {
      config: { permission: 'account:self' },
      schema: {
        tags: ['auth'],
        summary: 'Switch the session to another workspace of mine',
        body: z.object({ slug: z.string().min(1).max(63) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (!p.sessionId || !p.userId) throw new AppError('FORBIDDEN', 'An API key belongs to one workspace');
      await k.auth.switchWorkspace(p.sessionId, p.userId, req.body.slug);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/workspace',
    {
      config: { permission: 'settings:read' },
      schema: { tags: ['workspace'], summary: 'The current workspace', response: { 200: workspace } },
    },
    async (req) => k.auth.getWorkspace(principalOf(req).actor.workspaceId),
  );
  r.patch(
    '/workspace',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['workspace'],
        summary: 'Rename the workspace or change its settings',
        body: z.object({ name: z.string().min(1).max(200).optional(), settings: workspaceSettings.optional() }),
        response: { 200: workspace },
      },
    },
    async (req) => k.auth.updateWorkspace(principalOf(req).actor, req.body),
  );

  r.get(
    '/roles',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags: ['users'],
        summary: 'Roles and their permissions',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                role,
                description: z.object({ en: z.string(), ru: z.string() }),
                permissions: z.array(z.string()),
              }),
            ),
            permissions: z.array(z.object({ permission: z.string(), en: z.string(), ru: z.string() })),
          }),
        },
      },
    },
    async () => ({
      data: ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role], permissions: ROLE_PERMISSIONS[role] })),
      permissions: Object.entries(PERMISSIONS).map(([permission, d]) => ({ permission, ...d })),
    }),
  );

  r.get(
    '/users',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags: ['users'],
        summary: 'Members of this workspace',
        response: { 200: z.object({ data: z.array(member), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.auth.listMembers(principalOf(req).actor.workspaceId),
      nextCursor: null,
    }),
  );
  r.get(
    '/users/:id',
    {
      config: { permission: 'settings:read' },
      schema: { tags: ['users'], summary: 'One member', params: idParam, response: { 200: member } },
    },
    async (req) => k.auth.getMember(principalOf(req).actor.workspaceId, req.params.id),
  );
  r.post(
    '/users',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['users'],
        summary: 'Invite someone to this workspace by email',
        description:
          'Always answers 201 with an invitation carrying only what was sent, whether or not a login with this email exists. A new email gets a login with this name and password, and joins when it first signs in; an existing login keeps its own name and password, and the person accepts from their session (GET /api/v1/invitations).',
        body: z.object({ email, name: z.string().min(1).max(200), password, role, locale: locale.optional() }),
        response: { 201: invitation },
      },
    },
    async (req, reply) => reply.status(201).send(await k.auth.invite(principalOf(req).actor, req.body)),
  );
  r.get(
    '/workspace/invitations',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags: ['users'],
        summary: 'Invitations to this workspace not yet accepted',
        response: { 200: z.object({ data: z.array(invitation), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.auth.listInvitations(principalOf(req).actor.workspaceId), nextCursor: null }),
  );
  r.delete(
    '/workspace/invitations/:id',
    {
      config: { permission: 'settings:manage' },
      schema: { tags: ['users'], summary: 'Cancel an invitation', params: idParam, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await k.auth.cancelInvitation(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.patch(
    '/users/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['users'],
        summary:
          "Change a membership: the role here, or disable it in this workspace (the person's login and other workspaces are untouched)",
        params: idParam,
        // The login's own fields are listed so that sending one is refused by name, not silently dropped.
        body: z.object({
          role: role.optional(),
          disabled: z.boolean().optional(),
          password: z.unknown().optional(),
          name: z.unknown().optional(),
          locale: z.unknown().optional(),
          email: z.unknown().optional(),
        }),
        response: { 200: member },
      },
    },
    async (req) => {
      const refused = (Object.keys(NOT_YOURS) as (keyof typeof NOT_YOURS)[]).filter((f) => req.body[f] !== undefined);
      // Someone who is not a member here is not found, whatever was sent.
      if (refused.length) await k.auth.getMember(principalOf(req).actor.workspaceId, req.params.id);
      if (refused.length)
        throw new AppError(
          'FORBIDDEN',
          refused.map((f) => `${f}: ${NOT_YOURS[f]}`).join('; '),
          refused.map((f) => ({ path: f, message: NOT_YOURS[f] })),
        );
      return k.auth.updateMember(principalOf(req).actor, req.params.id, {
        role: req.body.role,
        disabled: req.body.disabled,
      });
    },
  );
  r.delete(
    '/users/:id',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['users'],
        summary: 'Remove a member from this workspace',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await k.auth.removeMember(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api-keys',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['api keys'],
        summary: 'API keys of this workspace (never the secret)',
        response: { 200: z.object({ data: z.array(apiKey), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await k.auth.listApiKeys(principalOf(req).actor.workspaceId),
      nextCursor: null,
    }),
  );
  r.post(
    '/api-keys',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is shown only in this response',
        body: z.object({
          name: z.string().min(1).max(200),
          role,
          expiresAt: z.iso
            .datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2027-01-31T23:59:59Z' })
            .nullable()
            .optional()
            .describe('When the key stops working (none: never)'),
        }),
        response: { 201: apiKey.extend({ key: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await k.auth.createApiKey(principalOf(req).actor, req.body)),
  );
  r.delete(
    '/api-keys/:id',
    {
      config: { permission: 'settings:manage' },
      schema: { tags: ['api keys'], summary: 'Revoke an API key', params: idParam, response: { 200: apiKey } },
    },
    async (req) => k.auth.revokeApiKey(principalOf(req).actor, req.params.id),
  );
}
