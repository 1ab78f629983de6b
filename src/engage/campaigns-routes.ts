import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { invalid } from '../core/errors.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { decodeCursor, keysetPage, pageOf, pageQuery } from '../core/http/pagination.ts';
import { AB_METRICS, CAMPAIGN_STATUSES } from './campaign-tables.ts';
import { campaignView } from './campaigns.ts';

const uuid = () => z.uuid({ message: 'must be a UUID' });
const duration = (example: string) =>
  z
    .string()
    .regex(/^\d{1,5}[mhdw]$/, { message: `a duration such as "${example}" (m, h, d or w)` })
    .describe(`A duration: a number and m, h, d or w ("${example}")`);

const variant = z.object({
  key: z.string().min(1).max(20).describe('"A", "B", …'),
  templateId: uuid(),
  share: z.number().gt(0).max(100).describe("Percent of the step's recipients; a step's shares add up to 100"),
});
const abTest = z
  .object({
    metric: z.enum(AB_METRICS).describe('What decides the winner: opens, clicks or conversions per message sent'),
    testPercent: z.number().int().min(1).max(100).describe('Percent of the treatment that gets the variants first'),
    decideAfter: duration('24h').describe('After the launch, when the winner is chosen (if auto)'),
    auto: z.boolean().describe('Choose and send the winner automatically after decideAfter'),
  })
  // Inline (no component id): request bodies stay inline for the security and input suites.
  .describe('An A/B test of the variants of one step');
const stepIn = z.object({
  channelId: uuid(),
  templateId: uuid().describe("A template whose family fits the channel's type"),
  delay: duration('2d').nullable().optional().describe('After the launch (absent: at the launch)'),
  variants: z.array(variant).max(10).nullable().optional().describe('A/B variants of this step'),
});

const campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    goal: z.string().nullable(),
    status: z.enum(CAMPAIGN_STATUSES),
    segmentId: z.string(),
    controlSegmentId: z.string().nullable(),
    controlPercent: z.number().nullable().describe('Held-out percent (null when a control segment is chosen)'),
    steps: z.array(
      z.object({
        index: z.number(),
        channelId: z.string(),
        templateId: z.string(),
        delay: z.string().nullable(),
        variants: z.array(variant).nullable(),
      }),
    ),
    promotionId: z.string().nullable(),
    conversionEvent: z.string(),
    attributionWindow: z.string(),
    revenueProperty: z.string(),
    geography: z.object({ regions: z.array(z.string()) }),
    budget: z.number().nullable(),
    costPerMessage: z.number().nullable(),
    ownerId: z.string().nullable(),
    abTest: abTest.nullable(),
    approvedBy: z.string().nullable(),
    approvedAt: dateTime.nullable(),
    launchedBy: z.string().nullable(),
    launchedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
    startsAt: dateTime.nullable(),
    endsAt: dateTime.nullable(),
    audience: z.number().nullable().describe('Members frozen at launch (null before)'),
    createdBy: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    winner: z.string().nullable().describe('The A/B winner, once chosen'),
    error: z
      .string()
      .nullable()
      .describe('Why the last launch was refused or a scheduled start given up: a code, then words'),
  })
  .meta({
    id: 'Campaign',
    description: 'A campaign: audience with a control group, waves of messages, conversion and attribution',
  });

const input = {
  name: z.string().max(200),
  goal: z.string().max(2000).nullable().optional(),
  segmentId: uuid().describe('The target segment or list'),
  controlPercent: z
    .number()
    .int()
    .min(0)
    .max(90)
    .nullable()
    .optional()
    .describe('Stable random hold-out, percent (default 10; absent with controlSegmentId)'),
  controlSegmentId: uuid().nullable().optional().describe('A control segment instead of a percent'),
  steps: z.array(stepIn).min(1).max(10).describe('Waves: each a channel and a template, optionally delayed'),
  conversionEvent: z.string().min(1).max(200).describe('The event that counts as a response, e.g. "Order Completed"'),
  attributionWindow: duration('7d').describe('How long after the message a conversion counts'),
  promotionId: uuid().nullable().optional(),
  startsAt: z.iso.datetime({ offset: true }).nullable().optional().describe('A scheduled launch'),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  geography: z
    .object({ regions: z.array(z.string().max(200)).max(100) })
    .nullable()
    .optional()
    .describe('Only people whose region (trait `region` or `address.region`) is one of these; empty: everyone'),
  budget: z.number().min(0).nullable().optional(),
  costPerMessage: z.number().min(0).nullable().optional(),
  ownerId: z.string().max(200).nullable().optional(),
  revenueProperty: z
    .string()
    .max(200)
    .nullable()
    .optional()
    .describe('The conversion property holding revenue (default "revenue", falls back to "total")'),
  abTest: abTest.nullable().optional(),
};

const rate = z.number().nullable();
const ci = z.tuple([z.number(), z.number()]).nullable();
const results = z
  .object({
    audience: z.number(),
    treatment: z.number(),
    control: z.number(),
    sent: z.number(),
    responders: z.number(),
    responseRate: rate,
    controlResponseRate: rate,
    uplift: rate.describe('responseRate − controlResponseRate (absolute)'),
    upliftCI: ci.describe('95 % Wald interval of the uplift (unpooled standard error)'),
    pValue: rate.describe('Two-proportion z-test (pooled), two-sided'),
    revenue: z.number(),
    delivered: z.number(),
    opened: z.number(),
    clicked: z.number(),
    deliveryRate: rate,
    openRate: rate,
    clickRate: rate,
    controlResponders: z.number(),
    relativeUplift: rate,
    revenuePerPerson: rate,
    controlRevenuePerPerson: rate,
    revenueUplift: rate,
    revenueUpliftCI: ci,
    revenuePValue: rate,
    cost: rate.describe('sent × costPerMessage'),
    roi: rate.describe('((revenuePerPerson − controlRevenuePerPerson) × treatment − cost) / cost'),
    method: z.object({ response: z.string(), revenue: z.string() }),
    byRegion: z.array(
      z.object({
        region: z.string().nullable(),
        treatment: z.number(),
        control: z.number(),
        responders: z.number(),
        controlResponders: z.number(),
        responseRate: rate,
        controlResponseRate: rate,
        uplift: rate,
      }),
    ),
    byWave: z.array(
      z.object({
        index: z.number(),
        sent: z.number(),
        delivered: z.number(),
        opened: z.number(),
        clicked: z.number(),
        responders: z.number(),
      }),
    ),
    byVariant: z.array(
      z.object({
        key: z.string(),
        templateId: z.string(),
        sent: z.number(),
        opened: z.number(),
        clicked: z.number(),
        responders: z.number(),
        rate: rate.describe("The A/B metric's hits per message sent (responders when there is no A/B test)"),
      }),
    ),
    winner: z.string().nullable(),
    computedAt: dateTime,
    abDecision: z
      .object({
        winner: z.string(),
        metric: z.enum(AB_METRICS),
        decidedAt: z.string(),
        decidedBy: z.string(),
        how: z.enum(['auto', 'manual']),
        variants: z.array(z.object({ key: z.string(), sent: z.number(), hits: z.number(), rate: rate })),
        comparison: z
          .object({
            first: z.string(),
            second: z.string(),
            diff: z.number(),
            ci: z.tuple([z.number(), z.number()]),
            pValue: z.number(),
          })
          .nullable()
          .describe('The top two variants by rate, two-proportion z-test'),
      })
      .nullable(),
  })
  .meta({
    id: 'CampaignResults',
    description:
      'Response and attribution: conversions within the window after the first message (treatment) or after the launch (control); rates are fractions; null when a group is empty',
  });

const estimate = z
  .object({
    audience: z.number(),
    treatment: z.number(),
    control: z.number(),
    reachable: z
      .record(z.string(), z.number())
      .describe('Per step channel: treatment members with consent and an address on it'),
  })
  .meta({ id: 'CampaignEstimate', description: 'The audience a launch would freeze now, with its control group' });

/** Campaigns: create, edit a draft, approve, launch, cancel, finish, estimate, results, A/B winner. */
export async function campaignsRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: campaigns'];
  const c = () => k.engage.campaigns;
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const action = (
    path: string,
    summary: string,
    run: (actor: ReturnType<typeof principalOf>['actor'], id: string) => Promise<unknown>,
  ) =>
    r.post(
      `/campaigns/:id/${path}`,
      {
        config: { permission: 'engage:write' },
        schema: { tags, summary, params: idParam, response: { 200: campaign } },
      },
      async (req) => run(principalOf(req).actor, req.params.id) as never,
    );

  r.post(
    '/campaigns',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Create a campaign (a draft): 400 naming the field when a reference is unknown here or does not fit',
        body: z.object(input),
        response: { 201: campaign },
      },
    },
    async (req, reply) => reply.status(201).send((await c().create(principalOf(req).actor, req.body)) as never),
  );

  r.get(
    '/campaigns',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List campaigns, newest first',
        querystring: z.object({
          ...pageQuery,
          status: z.enum(CAMPAIGN_STATUSES).optional(),
          q: z.string().max(200).optional().describe('Text in the name or goal'),
        }),
        response: { 200: pageOf(campaign) },
      },
    },
    async (req) => {
      const cur = decodeCursor<{ c: string; i: string }>(req.query.cursor);
      const rows = await c().list(ws(req), {
        status: req.query.status,
        q: req.query.q,
        limit: req.query.limit,
        cursor: cur && typeof cur.c === 'string' && /^[0-9a-f-]{36}$/i.test(String(cur.i)) ? cur : undefined,
      });
      return keysetPage(rows, req.query.limit, campaignView, (last) => ({ c: last.ck, i: last.id })) as never;
    },
  );

  r.get(
    '/campaigns/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'Get a campaign', params: idParam, response: { 200: campaign } },
    },
    async (req) => (await c().get(ws(req), req.params.id)) as never,
  );

  r.patch(
    '/campaigns/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Change a draft campaign (409 otherwise)',
        params: idParam,
        body: z.object(input).partial(),
        response: { 200: campaign },
      },
    },
    async (req) => (await c().update(principalOf(req).actor, req.params.id, req.body)) as never,
  );

  r.delete(
    '/campaigns/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Delete a draft campaign (409 otherwise: cancel it)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await c().remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  action(
    'approve',
    'Approve a draft (recorded: who and when); 422 TEMPLATE_UNAVAILABLE when a template was deleted since',
    (a, id) => c().approve(a, id),
  );
  r.post(
    '/campaigns/:id/launch',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Launch a draft or approved campaign: running now, or scheduled for a future startsAt',
        description:
          'A draft is approved by its launcher (recorded). The audience is frozen by a job (each person once, even if the job is retried): control members get nothing, the treatment gets every step. 409 unless draft or approved; 422 TEMPLATE_UNAVAILABLE naming the step when a channel or template was deleted; 422 NO_REACHABLE_AUDIENCE when nobody in the treatment has consent and an address on its channels (the reason is also kept in `error`).',
        params: idParam,
        response: { 200: campaign },
      },
    },
    async (req) => (await c().launch(principalOf(req).actor, req.params.id)) as never,
  );
  action('cancel', "Cancel: queued messages become suppressed with reason 'cancelled' (409 once finished)", (a, id) =>
    c().cancel(a, id),
  );
  action(
    'finish',
    "Finish a running campaign: waves not yet sent are dropped (reason 'campaign_finished'); results keep counting",
    (a, id) => c().finish(a, id),
  );

  r.post(
    '/campaigns/:id/ab/winner',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary:
          'Choose the A/B winner by hand: the rest of the treatment gets it (409 without an A/B test or once chosen)',
        params: idParam,
        // Optional in the schema so that another workspace's id is a 404 before the body is judged.
        body: z.object({ variant: z.string().min(1).max(20).optional().describe('Required: the winning variant key') }),
        response: { 200: campaign },
      },
    },
    async (req) => {
      await c().get(ws(req), req.params.id);
      if (!req.body.variant) throw invalid('variant', 'the winning variant key is required', 'REQUIRED');
      return (await c().decide(principalOf(req).actor, req.params.id, req.body.variant)) as never;
    },
  );

  r.get(
    '/campaigns/:id/estimate',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'The audience a launch would freeze now: size, treatment, control, reachable per channel',
        params: idParam,
        response: { 200: estimate },
      },
    },
    async (req) => c().estimate(ws(req), req.params.id),
  );

  r.get(
    '/campaigns/:id/results',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary:
          'Response, uplift vs control with its 95 % interval and p-value, revenue, cost and ROI; by region, wave, variant',
        params: idParam,
        response: { 200: results },
      },
    },
    async (req) => (await c().results(ws(req), req.params.id)) as never,
  );
}
