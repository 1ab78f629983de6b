import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { createKeyForCli } from '../auth/cli-keys.ts';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { AppError, detailOfIssue, errorCatalogue } from '../errors.ts';
import { newId } from '../ids.ts';
import { interactiveQueries } from '../db/database.ts';
import { installBodyGuard } from './body-guard.ts';
import { openapiTransforms } from './openapi.ts';
import { csrfGuard } from './csrf.ts';
import { can, type Permission } from '../auth/roles.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import './principal.ts'; // the request's principal and route config (Fastify type augmentation)
import { checkRoutePermissions } from '../module.ts';
import { authRoutes } from '../auth/routes.ts';
import { jobRoutes } from '../jobs/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { notificationRoutes } from '../notifications/routes.ts';

export type App = FastifyInstance;
export type ZApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_DIST = join(ROOT, 'web/dist');

export interface AppOptions {
  /** Serve the built web UI from web/dist (default: when it exists). */
  serveWeb?: boolean;
  logger?: boolean;
  /** Token that local CLI commands present to act through this server while it holds the data directory. */
  cliToken?: string;
}

export async function buildApp(kernel: Kernel, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger === false ? undefined : (kernel.log.child({ component: 'http' }) as any),
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    // Per-request lines only at debug: at 50k events/s they would cost more than the work itself.
    logController: new LogController({
      disableRequestLogging: kernel.config.logLevel !== 'debug' && kernel.config.logLevel !== 'trace',
    } as any),
    // X-Forwarded-For / -Proto are believed only from the configured proxies (KARTOTEKA_TRUST_PROXY):
    // otherwise any client could pick its own address for the login backoff and rate limits.
    trustProxy: ((list: string[]) => (list.length ? list : false))(
      kernel.config.trustProxy
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    bodyLimit: 1024 * 1024,
    // The router's own rejections (a malformed or over-long path parameter) in the one error shape.
    frameworkErrors: (err, req, reply) => sendError(err, req, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  // NUL bytes, unpaired surrogates and over-deep JSON stop here, on every route (400, naming the field).
  installBodyGuard(app, kernel.config.jsonMaxDepth);

  // Every /api/v1 route must say who may call it: a forgotten check fails at boot, not in production.
  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeList.push({ method, url: route.url, permission: cfg.permission, public: cfg.public });
    if (!route.url.startsWith('/api/v1/')) return;
    if (!cfg.permission && !cfg.public)
      throw new Error(`route ${route.method} ${route.url} declares neither a permission nor public`);
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Only behind TLS: on plain http (a LAN address, a small office box) the browser would
        // rewrite every asset request to https and show a blank page.
        upgradeInsecureRequests: kernel.config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: kernel.config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  // A write carried by the session cookie (or a login) must come from our own pages, not a form
  // elsewhere: checked before the session is even looked up.
  app.addHook('onRequest', async (req) => csrfGuard(req));

  // Authentication runs first, so that rate limiting (registered next) counts per key or session.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = m ? await kernel.auth.authenticateApiKey(m[1], req.id) : null;
      if (!principal) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API key');
      req.principal = principal;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.principal = await kernel.auth.authenticateSession(token, req.id);
  });

  if (kernel.config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      max: kernel.config.rateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (req) => !req.url.startsWith('/api/v1/'),
      keyGenerator: (req) =>
        req.principal
          ? `${req.principal.actor.type}:${req.principal.actor.id ?? req.principal.sessionId}`
          : `ip:${req.ip}`,
      errorResponseBuilder: (_req, ctx) =>
        new AppError(
          'RATE_LIMITED',
          `Too many requests: at most ${ctx.max} per minute; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
        ) as any,
    });
  }

  // Still before body validation: an anonymous caller learns nothing about a route's schema.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const cfg = req.routeOptions.config as { permission?: Permission; public?: boolean };
    if (cfg.public) return;
    if (!req.principal) throw new AppError('UNAUTHENTICATED');
    if (cfg.permission && !can(req.principal.actor.role, cfg.permission))
      throw new AppError('FORBIDDEN', `Role "${req.principal.actor.role}" lacks permission "${cfg.permission}"`);
  });

  // A request's queries run as interactive work: cancelled past KARTOTEKA_STATEMENT_TIMEOUT_MS on a server (database.ts).
  app.addHook('preHandler', (_req, _reply, done) => interactiveQueries(done));

  app.setErrorHandler((err: any, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (
      (req.method === 'GET' || req.method === 'HEAD') &&
      !req.url.startsWith('/api/') &&
      !req.url.startsWith('/v1/') &&
      webIndex
    ) {
      return reply.type('text/html').send(webIndex);
    }
    return reply
      .status(404)
      .send(new AppError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`).toJSON());
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Kartoteka API',
        version: '1',
        description:
          'Customer Experience Data Platform. Authenticate with `Authorization: Bearer KEY` (create keys in Settings → API keys or with `kartoteka apikey create`). Errors always look like `{"error":{"code","message","details":[{"path","message","code"}]}}`; translate a detail by its `code` (src/core/errors.ts).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: "A source's write key as the user name, empty password (the tracking API /v1/*)",
          },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
    // operationIds, response descriptions, error responses, shared components: openapi.ts.
    ...openapiTransforms(),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The app's policy (helmet above) plus Swagger UI's inline styles. Not the plugin's default
    // (`staticCSP: true`): that blocks those styles and always sends upgrade-insecure-requests, which
    // on plain http (a LAN address) sends every docs asset to https and leaves a blank page.
    staticCSP: `default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'${kernel.config.secureCookies ? '; upgrade-insecure-requests' : ''}`,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  if (opts.cliToken) {
    const expected = Buffer.from(opts.cliToken);
    app.post('/internal/cli/api-keys', { schema: { hide: true } }, async (req, reply) => {
      const given = Buffer.from(String(req.headers['x-kartoteka-cli-token'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new AppError('UNAUTHENTICATED', 'Invalid CLI token');
      const body = req.body as { workspace?: string; role?: string; name?: string };
      return reply.status(201).send(await createKeyForCli(kernel, body));
    });
  }

  const z = app.withTypeProvider<ZodTypeProvider>();
  await app.register(
    async (api) => {
      await authRoutes(api as any, kernel);
      await jobRoutes(api as any, kernel);
      await auditRoutes(api as any, kernel);
      await webhookRoutes(api as any, kernel);
      await notificationRoutes(api as any, kernel);
      // Each module's routes, in the composition root's order (src/app/modules.ts).
      for (const m of kernel.modules) {
        const from = routeList.length;
        await m.routes?.(api as any, kernel);
        checkRoutePermissions(m, routeList.slice(from));
      }
    },
    { prefix: '/api/v1' },
  );
  for (const m of kernel.modules) await m.rootRoutes?.(app, kernel);
  void z;

  const serveWeb = opts.serveWeb ?? existsSync(join(WEB_DIST, 'index.html'));
  let webIndex: string | null = null;
  if (serveWeb && existsSync(join(WEB_DIST, 'index.html'))) {
    webIndex = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      index: false,
      // Vite puts a content hash in every asset name: cache those for good.
      setHeaders: (res, path) => {
        if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').send(webIndex));
  }
  return app;
}

const PG_CODES: Record<string, AppError['code']> = {
  '23505': 'ALREADY_EXISTS',
  '23503': 'CONFLICT',
  '22P02': 'VALIDATION_FAILED',
  '22001': 'VALIDATION_FAILED',
  '22003': 'VALIDATION_FAILED',
  '22007': 'VALIDATION_FAILED',
  '22008': 'VALIDATION_FAILED',
  '57014': 'QUERY_TIMEOUT', // statement_timeout (interactive queries, src/core/db/database.ts)
};

function sendError(err: any, req: FastifyRequest, reply: FastifyReply) {
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as any).validationContext as string | undefined;
    const input: unknown =
      where === 'querystring'
        ? req.query
        : where === 'params'
          ? req.params
          : where === 'headers'
            ? req.headers
            : req.body;
    const details = err.validation.map((v) => {
      const parts = v.instancePath.replace(/^\//, '').split('/').filter(Boolean);
      const field = parts.join('.');
      const path =
        where && where !== 'body'
          ? `${where === 'querystring' ? 'query' : where}${field ? '.' + field : ''}`
          : field || '(body)';
      let at: unknown = input;
      for (const k of parts) at = at == null ? undefined : (at as Record<string, unknown>)[k];
      return {
        path,
        message: v.message ?? 'invalid',
        ...detailOfIssue({ code: v.keyword, params: v.params }, at === undefined),
      };
    });
    e = new AppError('VALIDATION_FAILED', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  } else if (err?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new AppError('PAYLOAD_TOO_LARGE');
  else if (err?.code === 'FST_ERR_MAX_PARAM_LENGTH')
    e = new AppError('BAD_REQUEST', 'A path parameter is longer than 100 characters', [
      { path: '(path)', message: 'longer than 100 characters', code: 'TOO_LONG', limit: 100 },
    ]);
  else if (err?.code === 'FST_ERR_BAD_URL')
    e = new AppError('BAD_REQUEST', 'The URL is malformed', [
      { path: '(path)', message: 'malformed', code: 'MALFORMED' },
    ]);
  else if (err?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    e = new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported Content-Type: ${req.headers['content-type'] ?? '(none)'}; send application/json`,
    );
  else if (err?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    e = new AppError('BAD_REQUEST', 'The JSON body is empty', [{ path: '(body)', message: 'empty', code: 'REQUIRED' }]);
  else if (err instanceof SyntaxError || err?.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    e = new AppError('BAD_REQUEST', `Malformed JSON: ${err.message}`, [
      { path: '(body)', message: 'malformed JSON', code: 'MALFORMED' },
    ]);
  else if (typeof err?.code === 'string' && PG_CODES[err.code]) {
    const code = PG_CODES[err.code];
    e = new AppError(
      code,
      code === 'ALREADY_EXISTS'
        ? `Already exists${err.detail ? `: ${err.detail}` : ''}`
        : code === 'QUERY_TIMEOUT'
          ? undefined
          : `Invalid value: ${err.message}`,
    );
  } else if (err?.statusCode === 429) e = new AppError('RATE_LIMITED');
  else if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const byStatus = Object.entries(errorCatalogue).find(([, v]) => v.status === err.statusCode)?.[0] as
      | AppError['code']
      | undefined;
    e = new AppError(byStatus ?? 'BAD_REQUEST', err.message);
  } else {
    req.log.error({ err }, 'unhandled error');
    e = new AppError('INTERNAL', `Internal error (request ${req.id})`);
  }
  if (e.status === 429) reply.header('retry-after', '60');
  return reply.status(e.status).send(e.toJSON());
}
