import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { decodeCursor, keysetPage, pageOf, pageQuery } from '../core/http/pagination.ts';
import { BROADCAST_STATUSES } from './tables.ts';
import { messageStats } from './stats-routes.ts';

const broadcast = z
  .object({
    id: z.string(),
    name: z.string(),
    segmentId: z.string().describe('The rule segment or list whose members receive it'),
    channelId: z.string(),
    templateId: z.string(),
    status: z.enum(BROADCAST_STATUSES),
    scheduledAt: dateTime.nullable(),
    ratePerMinute: z
      .number()
      .nullable()
      .describe('Throttle: messages per minute (null: as fast as the channel allows)'),
    total: z
      .number()
      .nullable()
      .describe('Audience size: the segment size when it started, the frozen audience once enumerated'),
    queued: z.number().describe('Messages created in the ledger so far'),
    audienceFrozen: z.boolean().describe('Every member has its ledger message: later members are not added'),
    error: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    startedAt: dateTime.nullable(),
    finishedAt: dateTime.nullable(),
  })
  .meta({ id: 'Broadcast', description: 'A one-off mailing: one template over one channel to a segment or list' });

const input = {
  name: z.string().max(200),
  segmentId: z.uuid({ message: 'must be a UUID' }).describe('A rule segment or a list of this workspace'),
  channelId: z.uuid({ message: 'must be a UUID' }),
  templateId: z.uuid({ message: 'must be a UUID' }).describe("A template whose channel fits the channel's type"),
  ratePerMinute: z.number().int().min(1).max(1_000_000).nullable().optional().describe('Throttle: messages per minute'),
};

const progress = z
  .object({
    status: z.enum(BROADCAST_STATUSES),
    total: z.number().describe('Audience size (estimate until the audience is frozen)'),
    audienceFrozen: z.boolean(),
    created: z.number().describe('Ledger messages created'),
    pending: z.number().describe('Queued or being sent'),
    final: z
      .number()
      .describe('In a final state: sent, delivered, opened, clicked, bounced, failed, complained, suppressed'),
    byStatus: z.record(z.string(), z.number()),
    fraction: z.number().describe('final / total (0–1)'),
  })
  .meta({ id: 'BroadcastProgress', description: "A broadcast's ledger counts: the progress bar" });

/** Broadcasts: create, edit a draft, send now or later, pause, resume, cancel, progress and stats. */
export async function broadcastsRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: broadcasts'];
  const b = () => k.engage.broadcasts;
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const action = (
    path: string,
    summary: string,
    run: (actor: ReturnType<typeof principalOf>['actor'], id: string) => Promise<unknown>,
  ) =>
    r.post(
      `/broadcasts/:id/${path}`,
      {
        config: { permission: 'engage:write' },
        schema: { tags, summary, params: idParam, response: { 200: broadcast } },
      },
      async (req) => run(principalOf(req).actor, req.params.id) as never,
    );

  r.post(
    '/broadcasts',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary:
          'Create a broadcast (a draft): 400 naming segmentId, channelId or templateId when unknown here or unfit',
        body: z.object(input),
        response: { 201: broadcast },
      },
    },
    async (req, reply) => reply.status(201).send(await b().create(principalOf(req).actor, req.body)),
  );

  r.get(
    '/broadcasts',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List broadcasts, newest first',
        querystring: z.object({ ...pageQuery, status: z.enum(BROADCAST_STATUSES).optional() }),
        response: { 200: pageOf(broadcast) },
      },
    },
    async (req) => {
      const c = decodeCursor<{ c: string; i: string }>(req.query.cursor);
      const rows = await b().list(ws(req), {
        status: req.query.status,
        limit: req.query.limit,
        cursor: c && typeof c.c === 'string' && /^[0-9a-f-]{36}$/i.test(String(c.i)) ? c : undefined,
      });
      const page = keysetPage(
        rows,
        req.query.limit,
        (x) => x,
        (last) => ({ c: last.ck, i: last.id }),
      );
      const views = await Promise.all(page.data.map((x) => b().get(ws(req), x.id)));
      return { data: views, nextCursor: page.nextCursor };
    },
  );

  r.get(
    '/broadcasts/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'Get a broadcast', params: idParam, response: { 200: broadcast } },
    },
    async (req) => b().get(ws(req), req.params.id),
  );

  r.patch(
    '/broadcasts/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Change a draft broadcast (409 once it was sent)',
        params: idParam,
        body: z.object({
          name: input.name.optional(),
          segmentId: input.segmentId.optional(),
          channelId: input.channelId.optional(),
          templateId: input.templateId.optional(),
          ratePerMinute: input.ratePerMinute,
        }),
        response: { 200: broadcast },
      },
    },
    async (req) => b().update(principalOf(req).actor, req.params.id, req.body),
  );

  r.delete(
    '/broadcasts/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Delete a draft broadcast (409 once it was sent: cancel it)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await b().remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/broadcasts/:id/send',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Send a draft now, or at `at` (status running or scheduled); 409 if it is not a draft',
        description:
          'The audience is frozen by a job that turns the members into ledger messages (each person once, even if the job is retried); the sender then delivers them, throttled by ratePerMinute if set.',
        params: idParam,
        body: z
          .object({
            at: z.iso.datetime({ offset: true }).optional().describe('When to start (ISO-8601); now if absent or past'),
          })
          .nullish(),
        response: { 200: broadcast },
      },
    },
    async (req) => b().send(principalOf(req).actor, req.params.id, { at: req.body?.at ? new Date(req.body.at) : null }),
  );

  action('pause', 'Pause: no new messages, queued ones held (409 unless scheduled or running)', (a, id) =>
    b().pause(a, id),
  );
  action('resume', 'Resume a paused broadcast: held messages go out again (throttle re-applied from now)', (a, id) =>
    b().resume(a, id),
  );
  action('cancel', "Cancel: queued messages become suppressed with reason 'cancelled' (409 once finished)", (a, id) =>
    b().cancel(a, id),
  );

  r.get(
    '/broadcasts/:id/progress',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: "A broadcast's progress: ledger counts by status",
        params: idParam,
        response: { 200: progress },
      },
    },
    async (req) => b().progress(ws(req), req.params.id),
  );

  r.get(
    '/broadcasts/:id/stats',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary:
          "A broadcast's delivery analytics: sent, delivered, opened, clicked, bounced, unsubscribed and the rates",
        description:
          'deliveryRate = delivered / sent; openRate = unique opens / delivered; clickRate = unique clicks / delivered; clickToOpenRate = unique clicks / unique opens; null when the denominator is 0. An open or a click implies delivery; a click implies an open.',
        params: idParam,
        response: { 200: messageStats },
      },
    },
    async (req) => {
      await b().get(ws(req), req.params.id);
      return k.engage.stats.totals(ws(req), { broadcastId: req.params.id });
    },
  );
}
