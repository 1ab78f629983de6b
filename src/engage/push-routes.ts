import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import type { SourceAuth } from '../cdp/index.ts';
import { AppError, notFound } from '../core/errors.ts';
import { principalOf } from '../core/http/principal.ts';
import { idParam, noContent } from '../core/http/schemas.ts';
import { generateVapidKeys } from './channels/push.ts';
import { pushSubscriptionInput, pushSubscriptionView } from './push-subscriptions.ts';

const tags = ['engage', 'push'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = z.string().min(1).max(255);

const subscribeBody = z
  .object({
    userId: id.optional().describe('Your id of the signed-in user; userId or anonymousId is required'),
    anonymousId: id.optional().describe("The tracking SDK's anonymous id of the browser"),
    subscription: pushSubscriptionInput,
    writeKey: z.string().max(200).optional().describe('The source write key, if not sent as the HTTP Basic user name'),
  })
  .superRefine((b, ctx) => {
    if (!b.userId && !b.anonymousId)
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or anonymousId is required' });
  });

/** Outside /api/v1: the browser's subscribe call, authenticated by a source's write key (like /v1/identify). */
export async function pushRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  await app.register(async (t) => {
    const r = t.withTypeProvider<ZodTypeProvider>();
    const headerKeys = new WeakMap<FastifyRequest, SourceAuth>();

    // The site's own pages post here (any origin): CORS without credentials, errors readable too.
    t.addHook('onRequest', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    });
    // A key in the Authorization header is checked before the body is read.
    t.addHook('onRequest', async (req) => {
      if (req.method === 'OPTIONS' || !req.headers.authorization) return;
      const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(req.headers.authorization);
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      headerKeys.set(
        req,
        await authenticate(k, decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded),
      );
    });

    // Without a key in the header, the body must carry one: who is calling is settled before what
    // they sent is judged (a cookie is no credential here, whatever the body).
    t.addHook('preValidation', async (req) => {
      if (req.method !== 'POST' || headerKeys.has(req)) return;
      let b: unknown = req.body;
      if (typeof b === 'string')
        try {
          b = JSON.parse(b);
        } catch {
          b = null;
        }
      const key = b && typeof b === 'object' ? (b as { writeKey?: unknown }).writeKey : undefined;
      if (typeof key !== 'string' || !key)
        throw new AppError(
          'UNAUTHENTICATED',
          "Send the source's write key as the HTTP Basic user name (empty password), or as writeKey in the body",
        );
    });

    r.options('/v1/push/subscribe', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', 'Content-Type, Authorization')
        .header('access-control-max-age', '86400')
        .send(),
    );

    r.post(
      '/v1/push/subscribe',
      {
        config: { public: true },
        schema: {
          tags: ['tracking', 'push'],
          summary: "Store a browser's Web Push subscription for the person of userId or anonymousId",
          description:
            "Call it after `registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: <the push channel's vapidPublicKey> })` with `subscription.toJSON()`. Authenticate with the source's write key as the HTTP Basic user name (empty password) or as `writeKey` in the body. A person not seen before is created (an identify). Subscribing the same endpoint again replaces its keys and owner.",
          security: [{ writeKey: [] }],
          body: subscribeBody,
          response: { 201: z.object({ id: z.string(), personId: z.string() }) },
        },
      },
      async (req, reply) => {
        const body = req.body;
        let source = headerKeys.get(req);
        if (!source) {
          if (!body.writeKey)
            throw new AppError(
              'UNAUTHENTICATED',
              "Send the source's write key as the HTTP Basic user name (empty password), or as writeKey in the body",
            );
          source = await authenticate(k, body.writeKey);
        }
        // Checked before a person may be created for it.
        await k.engage.pushSubscriptions.check(body.subscription, 'subscription');
        const personId = await personFor(k, source, body.userId, body.anonymousId);
        const sub = await k.engage.pushSubscriptions.subscribe(
          source.workspaceId,
          personId,
          body.subscription,
          'subscription',
        );
        return reply.status(201).send({ id: sub.id, personId: sub.personId });
      },
    );
  });
}

/** Under /api/v1: VAPID keys for a new push channel, a person's subscriptions. */
export async function pushApiRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  // Another workspace's person (or none) is a 404 before the body is judged.
  const personMustExist = async (req: FastifyRequest) => {
    const id = (req.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !UUID.test(id)) return; // the params schema answers 400
    if (!(await k.cdp.directory.liveId(k.db, ws(req), id))) throw notFound('Person');
  };

  r.post(
    '/channels/push/vapid-keys',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary:
          'A fresh VAPID key pair for a new push channel (nothing is stored: put both in the channel config; the private key becomes a secret)',
        response: {
          200: z
            .object({ publicKey: z.string(), privateKey: z.string() })
            .meta({ id: 'VapidKeys', description: 'A P-256 key pair in URL-safe base64' }),
        },
      },
    },
    async () => generateVapidKeys(),
  );

  r.get(
    '/people/:id/push-subscriptions',
    {
      config: { permission: 'engage:read' },
      preValidation: personMustExist,
      schema: {
        tags,
        summary: "A person's Web Push subscriptions (browsers), newest first",
        params: idParam,
        response: { 200: z.object({ data: z.array(pushSubscriptionView) }) },
      },
    },
    async (req) => ({ data: await k.engage.pushSubscriptions.list(ws(req), req.params.id) }),
  );

  r.post(
    '/people/:id/push-subscriptions',
    {
      config: { permission: 'engage:write' },
      preValidation: personMustExist,
      schema: {
        tags,
        summary: 'Add a Web Push subscription to a person (an endpoint already stored moves to this person)',
        params: idParam,
        body: pushSubscriptionInput,
        response: { 201: pushSubscriptionView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await k.engage.pushSubscriptions.subscribe(ws(req), req.params.id, req.body)),
  );

  r.delete(
    '/push-subscriptions/:id',
    {
      config: { permission: 'engage:write' },
      schema: { tags, summary: 'Remove a Web Push subscription', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await k.engage.pushSubscriptions.remove(ws(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}

async function authenticate(k: EngageKernel, key: string): Promise<SourceAuth> {
  const source = key ? await k.cdp.authenticateWriteKey(key) : null;
  if (!source) throw new AppError('UNAUTHENTICATED', 'Unknown write key');
  if (source.disabled) throw new AppError('FORBIDDEN', `Source "${source.name}" is disabled`);
  return source;
}

/**
 * The person a browser belongs to, through the identity graph: by userId, else anonymousId. One
 * not seen yet is created by an ordinary identify (which also links the two ids when both are given).
 */
async function personFor(k: EngageKernel, source: SourceAuth, userId?: string, anonymousId?: string): Promise<string> {
  // The user id wins: the anonymous id then only says which browser it was.
  const find = async () => {
    try {
      return (await k.cdp.lookup(source.workspaceId, userId ? 'user_id' : 'anonymous_id', (userId ?? anonymousId)!)).id;
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    }
  };
  const known = await find();
  if (known) return known;
  const result = await k.cdp.ingest(source, [
    { type: 'identify', ...(userId ? { userId } : {}), ...(anonymousId ? { anonymousId } : {}) },
  ]);
  if (result.rejected.length)
    throw new AppError('VALIDATION_FAILED', result.rejected[0].message, [
      { path: userId ? 'userId' : 'anonymousId', message: result.rejected[0].message },
    ]);
  const found = await find();
  if (!found) throw notFound('Person');
  return found;
}
