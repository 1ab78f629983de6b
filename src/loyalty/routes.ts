import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LoyaltyKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam } from '../core/http/schemas.ts';
import { decodeCursor, encodeCursor } from '../core/http/pagination.ts';
import { MECHANICS, POINT_TYPES, PROMOTION_STATUSES } from './tables.ts';
import { PRODUCTS_PER_PUT } from './products.ts';
import { MAX_CART_LINES } from './offers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const limit = z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200)');
const cursor = z.string().max(2000).optional().describe('nextCursor of the previous page');
const page = <T extends z.ZodTypeAny>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const product = z
  .object({
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    price: z.number().nullable().describe('Unit price in the workspace currency (roubles)'),
    createdAt: dateTime,
  })
  .meta({ id: 'Product', description: 'A catalogue product: cart lines and promotions name products by sku' });

const geography = z
  .object({
    regions: z.array(z.string().max(200)).max(200),
    cities: z.array(z.string().max(200)).max(500),
    stores: z.array(z.string().max(200)).max(5000),
  })
  .describe('Where it applies; empty arrays = everywhere');

const promotion = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    mechanic: z.enum(MECHANICS),
    params: z.record(z.string(), z.unknown()).describe("The mechanic's params (see createPromotion)"),
    status: z.enum(PROMOTION_STATUSES),
    startsAt: dateTime.nullable(),
    endsAt: dateTime.nullable(),
    geography,
    segmentId: z.string().nullable(),
    limitPerPerson: z.number().nullable(),
    limitTotal: z.number().nullable(),
    redemptions: z.number().describe('Redemptions (or birthday grants) that applied it'),
    createdBy: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({
    id: 'Promotion',
    description: 'A promotion: a mechanic, its rules, validity, geography, audience and limits',
  });

const promotionInput = {
  name: z.string().min(1).max(200),
  description: z.string().max(5000).nullish(),
  mechanic: z.enum(MECHANICS),
  params: z
    .record(z.string(), z.unknown())
    .describe(
      'buy_n_get_m {n, m, skus?, categories?}; points_multiplier {multiplier (>1)}; percent_off {percent (1..100), skus?, categories?}; gift {giftSku, minTotal?, skus?, categories?}; birthday_points {points, daysBefore?, daysAfter?}. 422 naming params.<field> when they do not fit the mechanic or name an unknown sku',
    ),
  startsAt: z.iso.datetime({ offset: true }).nullish(),
  endsAt: z.iso.datetime({ offset: true }).nullish().describe('Must be after startsAt (422)'),
  geography: z
    .object({
      regions: z.array(z.string().max(200)).max(200).optional(),
      cities: z.array(z.string().max(200)).max(500).optional(),
      stores: z.array(z.string().max(200)).max(5000).optional(),
    })
    .nullish(),
  segmentId: z.uuid({ message: 'must be a UUID' }).nullish().describe('Only members of this segment or list'),
  limitPerPerson: z.number().int().min(1).max(1_000_000).nullish(),
  limitTotal: z.number().int().min(1).max(1_000_000_000).nullish(),
};

const personRef = z
  .union([
    z.object({ id: z.uuid({ message: 'must be a UUID' }) }),
    z.object({
      kind: z
        .string()
        .min(1)
        .max(80)
        .describe(
          'email, phone, user_id, anonymous_id, telegram_id, vk_id or external:<type> (e.g. external:loyalty_card)',
        ),
      value: z.string().min(1).max(500),
    }),
  ])
  .describe('The person: { id } or any identifier { kind, value }; 404 naming person when unknown');

const cart = z.object({
  lines: z
    .array(
      z.object({
        sku: z.string().min(1).max(100).describe('A catalogue sku (422 naming cart.lines.<i>.sku otherwise)'),
        quantity: z.number().int().min(1).max(100_000),
        price: z.number().min(0).max(100_000_000).describe('Unit price (roubles)'),
      }),
    )
    .min(1)
    .max(MAX_CART_LINES),
  store: z.string().max(200).nullish(),
  city: z.string().max(200).nullish(),
  region: z.string().max(200).nullish(),
});

const item = z.object({ sku: z.string(), quantity: z.number() });
const appliedPromotion = z
  .object({
    promotionId: z.string(),
    name: z.string(),
    mechanic: z.enum(MECHANICS),
    reward: z.object({
      discount: z.number().describe('Roubles off'),
      freeItems: z.array(item).describe('Units of the cart that are free'),
      gifts: z.array(item).describe('Lines to add at price 0'),
      points: z.number().describe('Bonus points it adds to the base points'),
    }),
  })
  .meta({ id: 'AppliedPromotion', description: 'A promotion applied to a cart and what it gives' });

const evaluation = z
  .object({
    personId: z.string(),
    balance: z.number().describe('Bonus points balance now'),
    subtotal: z.number(),
    promotions: z.array(appliedPromotion),
    totalDiscount: z.number(),
    total: z.number().describe('subtotal − totalDiscount'),
    pointsEarned: z.number().describe('Points the order would earn (base × the best multiplier)'),
  })
  .meta({ id: 'OfferEvaluation', description: "The promotions that apply to a person's cart and their reward" });

const redemption = z
  .object({
    redemptionId: z.string(),
    personId: z.string(),
    promotions: z.array(appliedPromotion),
    totalDiscount: z.number(),
    pointsSpent: z.number(),
    pointsEarned: z.number(),
    balance: z.number().describe('Balance after the spend and the earn'),
    total: z.number().describe('To pay: subtotal − totalDiscount − pointsSpent (one point = one rouble)'),
  })
  .meta({ id: 'OfferRedemption', description: 'A recorded redemption (the same body on every retry)' });

const entry = z
  .object({
    id: z.string(),
    type: z.enum(POINT_TYPES),
    points: z.number().describe('Signed: spend and expire are negative'),
    balanceAfter: z.number(),
    reason: z.string(),
    orderId: z.string().nullable(),
    promotionId: z.string().nullable(),
    expiresAt: dateTime.nullable().describe('When what is left of an earn expires'),
    createdBy: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'PointsEntry', description: 'One entry of the bonus points ledger' });

const pointsPage = z
  .object({
    balance: z.number(),
    expiringSoon: z
      .object({ points: z.number(), at: dateTime })
      .nullable()
      .describe('Points that expire within 30 days, and the first expiry'),
    data: z.array(entry),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'PointsHistory', description: "A person's balance and ledger, newest first" });

/** Under /api/v1: products, promotions, the offers API, bonus points. */
export async function loyaltyRoutes(app: FastifyInstance, k: LoyaltyKernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const loyalty = () => k.loyalty;

  // ------------------------------------------------------------------ products
  r.get(
    '/products',
    {
      config: { permission: 'loyalty:read' },
      schema: {
        tags: ['loyalty: products'],
        operationId: 'listProducts',
        summary: 'List catalogue products by sku',
        querystring: z.object({
          q: z.string().max(200).optional().describe('Part of the sku or name'),
          category: z.string().max(200).optional(),
          limit,
          cursor,
        }),
        response: { 200: page(product) },
      },
    },
    async (req) => {
      const c = decodeCursor<{ s: string }>(req.query.cursor);
      const rows = await loyalty().products.list(ws(req), {
        q: req.query.q,
        category: req.query.category,
        limit: req.query.limit,
        cursor: c && typeof c.s === 'string' ? c.s : null,
      });
      const data = rows.slice(0, req.query.limit);
      return {
        data: data.map((x) => ({
          sku: x.sku,
          name: x.name,
          category: x.category,
          price: x.price === null ? null : Number(x.price),
          createdAt: x.created_at,
        })),
        nextCursor: rows.length > req.query.limit ? encodeCursor({ s: data[data.length - 1].sku }) : null,
      };
    },
  );

  r.put(
    '/products',
    {
      config: { permission: 'loyalty:write' },
      schema: {
        tags: ['loyalty: products'],
        operationId: 'upsertProducts',
        summary: `Add or change catalogue products by sku (1–${PRODUCTS_PER_PUT} per request)`,
        body: z.object({
          products: z
            .array(
              z.object({
                sku: z.string().min(1).max(100),
                name: z.string().min(1).max(500),
                category: z.string().max(200).nullish(),
                price: z.number().min(0).max(100_000_000).nullish(),
              }),
            )
            .min(1)
            .max(PRODUCTS_PER_PUT),
        }),
        response: { 200: z.object({ upserted: z.number() }) },
      },
    },
    async (req) => loyalty().products.upsert(principalOf(req).actor, req.body.products),
  );

  // ------------------------------------------------------------------ promotions
  const tags = ['loyalty: promotions'];
  r.get(
    '/promotions',
    {
      config: { permission: 'loyalty:read' },
      schema: {
        tags,
        operationId: 'listPromotions',
        summary: 'List promotions, newest first',
        querystring: z.object({
          status: z.enum(PROMOTION_STATUSES).optional(),
          q: z.string().max(200).optional().describe('Part of the name or description'),
          limit,
          cursor,
        }),
        response: { 200: page(promotion) },
      },
    },
    async (req) => {
      const c = decodeCursor<{ c: string; i: string }>(req.query.cursor);
      const rows = await loyalty().promotions.list(ws(req), {
        status: req.query.status,
        q: req.query.q,
        limit: req.query.limit,
        cursor: c && typeof c.c === 'string' && /^[0-9a-f-]{36}$/i.test(String(c.i)) ? c : null,
      });
      const data = rows.slice(0, req.query.limit);
      const last = data[data.length - 1];
      return {
        data: data.map(({ ck: _ck, ...v }) => v),
        nextCursor: rows.length > req.query.limit ? encodeCursor({ c: last.ck, i: last.id }) : null,
      };
    },
  );

  r.post(
    '/promotions',
    {
      config: { permission: 'loyalty:write' },
      schema: {
        tags,
        operationId: 'createPromotion',
        summary: 'Create a promotion (a draft: activate it to apply)',
        description:
          '422 UNPROCESSABLE naming the field for a contradiction: endsAt not after startsAt, params the mechanic cannot have (n or m below 1, percent outside 1..100…), an unknown sku or category, an unknown segmentId.',
        body: z.object(promotionInput),
        response: { 201: promotion },
      },
    },
    async (req, reply) => reply.status(201).send(await loyalty().promotions.create(principalOf(req).actor, req.body)),
  );

  r.get(
    '/promotions/:id',
    {
      config: { permission: 'loyalty:read' },
      schema: {
        tags,
        operationId: 'getPromotion',
        summary: 'Get a promotion',
        params: idParam,
        response: { 200: promotion },
      },
    },
    async (req) => loyalty().promotions.get(ws(req), req.params.id),
  );

  r.patch(
    '/promotions/:id',
    {
      config: { permission: 'loyalty:write' },
      schema: {
        tags,
        operationId: 'updatePromotion',
        summary: 'Change a promotion (409 when archived; the mechanic only while a draft)',
        description:
          'The same checks as create; an active percent_off is checked again for overlaps (422 PROMOTION_OVERLAP).',
        params: idParam,
        body: z.object({
          name: promotionInput.name.optional(),
          description: promotionInput.description,
          mechanic: promotionInput.mechanic.optional(),
          params: promotionInput.params.optional(),
          startsAt: promotionInput.startsAt,
          endsAt: promotionInput.endsAt,
          geography: promotionInput.geography,
          segmentId: promotionInput.segmentId,
          limitPerPerson: promotionInput.limitPerPerson,
          limitTotal: promotionInput.limitTotal,
        }),
        response: { 200: promotion },
      },
    },
    async (req) => loyalty().promotions.update(principalOf(req).actor, req.params.id, req.body),
  );

  const action = (path: 'activate' | 'pause' | 'archive', operationId: string, summary: string) =>
    r.post(
      `/promotions/:id/${path}`,
      {
        config: { permission: 'loyalty:write' },
        schema: { tags, operationId, summary, params: idParam, response: { 200: promotion } },
      },
      async (req) => loyalty().promotions[path](principalOf(req).actor, req.params.id),
    );
  action(
    'activate',
    'activatePromotion',
    'Activate a draft or paused promotion (422 when ended; 422 PROMOTION_OVERLAP when a percent_off overlaps an active one)',
  );
  action('pause', 'pausePromotion', 'Pause an active promotion (409 otherwise)');
  action('archive', 'archivePromotion', 'Archive a promotion: it never applies again, its history stays');

  // ------------------------------------------------------------------ offers
  r.post(
    '/offers/evaluate',
    {
      config: { permission: 'loyalty:read' },
      schema: {
        tags: ['loyalty: offers'],
        operationId: 'evaluateOffers',
        summary: "The promotions that apply to a person's cart and their reward (nothing is recorded)",
        description:
          "For tills and web shops. Geography: the cart's region, city and store (a web shop may leave region and city to the person's traits). 404 naming person for an unknown person; 422 naming cart.lines.<i>.sku for a product not in the catalogue.",
        body: z.object({ person: personRef, cart }),
        response: { 200: evaluation },
      },
    },
    async (req) => loyalty().offers.evaluate(ws(req), req.body),
  );

  r.post(
    '/offers/redeem',
    {
      config: { permission: 'loyalty:write' },
      schema: {
        tags: ['loyalty: offers'],
        operationId: 'redeemOffer',
        summary: 'Record a redemption once per redemptionId: 201 the first time, 200 with the same body on a retry',
        description:
          'Counts the applied promotions toward their limits, spends pointsToSpend (422 INSUFFICIENT_POINTS naming pointsToSpend beyond the balance), earns points on what is paid, and appends the `Offer Redeemed` timeline event. All or nothing.',
        body: z.object({
          redemptionId: z.string().min(1).max(200).describe('The order id: the idempotency key'),
          person: personRef,
          cart,
          pointsToSpend: z.number().int().min(0).max(100_000_000).optional(),
        }),
        response: { 200: redemption, 201: redemption },
      },
    },
    async (req, reply) => {
      const r2 = await loyalty().offers.redeem(principalOf(req).actor, req.body);
      return reply.status(r2.created ? 201 : 200).send(r2.body);
    },
  );

  // ------------------------------------------------------------------ points
  r.get(
    '/persons/:id/points',
    {
      config: { permission: 'loyalty:read' },
      schema: {
        tags: ['loyalty: points'],
        operationId: 'getPersonPoints',
        summary: "A person's bonus points: balance, what expires soon, the ledger newest first",
        params: idParam,
        querystring: z.object({ limit, cursor }),
        response: { 200: pointsPage },
      },
    },
    async (req) => {
      const c = decodeCursor<{ i: string }>(req.query.cursor);
      const h = await loyalty().points.history(ws(req), req.params.id, {
        limit: req.query.limit,
        cursor: c && /^[0-9a-f-]{36}$/i.test(String(c.i)) ? c.i : null,
      });
      return {
        balance: h.balance,
        expiringSoon: h.expiringSoon,
        data: h.data,
        nextCursor: h.nextCursor ? encodeCursor({ i: h.nextCursor }) : null,
      };
    },
  );

  r.post(
    '/persons/:id/points',
    {
      config: { permission: 'loyalty:write' },
      // An unknown person (or another workspace's) is a 404 before the body is validated.
      preValidation: async (req) => {
        const id = (req.params as { id?: unknown }).id;
        if (typeof id === 'string' && UUID.test(id)) await loyalty().points.person(ws(req), id);
      },
      schema: {
        tags: ['loyalty: points'],
        operationId: 'changePersonPoints',
        summary: 'Earn, spend or adjust bonus points (422 INSUFFICIENT_POINTS beyond the balance)',
        description:
          'earn and spend take positive points; adjust either sign. With idempotencyKey a retry returns the entry made the first time (200).',
        params: idParam,
        body: z.object({
          type: z.enum(['earn', 'spend', 'adjust']),
          points: z
            .number()
            .int()
            .min(-100_000_000)
            .max(100_000_000)
            .refine((v) => v !== 0, { message: 'must not be 0' }),
          reason: z.string().min(1).max(500),
          orderId: z.string().max(200).nullish(),
          promotionId: z.uuid({ message: 'must be a UUID' }).nullish(),
          idempotencyKey: z.string().min(1).max(200).nullish(),
        }),
        response: { 200: entry, 201: entry },
      },
    },
    async (req, reply) => {
      const r2 = await loyalty().points.change(principalOf(req).actor, req.params.id, req.body);
      return reply.status(r2.created ? 201 : 200).send(r2.entry);
    },
  );
}
