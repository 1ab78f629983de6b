import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from '../kernel.ts';
import { invalid } from '../../core/errors.ts';
import { principalOf } from '../../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../../core/http/schemas.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../../core/http/pagination.ts';
import { journeyDefinition, STEP_TYPES } from './definition.ts';
import { JOURNEY_STATUSES, RUN_STATES } from './tables.ts';

const grammar =
  'entry: {event, where?} | {segment} | {dateTrait, offsetDays?, at?} | {api: true}; steps: wait (duration | until {time, timezone?} | for {event, where?} or {segment, entered?} with timeout, timeoutNext?), branch {rule, yes, no}, split {branches: [{key, share, next}]}, send {channelId, templateId, data?}, update_trait {trait, value}, give_points {points, reason?}, create_task {title, dueIn?, note?}, webhook {url, secret?}, exit. A step without `next` goes to the following one; the last (or next "end") completes the run. Durations: "5s", "30m", "2h", "3d". Optional: goal {event, where?, within?}, controlPercent (0–50), reentry {mode: never|after|always, after?}, cap {max, within}, consent {channel, purpose?}; steps may carry ui {x, y} and the definition layout {entry: {x, y}} for the editor.';

const definition = journeyDefinition.describe(`A journey definition. ${grammar}`);

const journey = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(JOURNEY_STATUSES),
    version: z.number().nullable().describe('The latest published version (null: never published)'),
    definition: definition.describe('The draft (publishing copies it into a new version)'),
    createdBy: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    publishedAt: dateTime.nullable(),
    counts: z
      .object({ active: z.number(), total: z.number() })
      .optional()
      .describe('Runs in flight (active or waiting) and ever entered, every version'),
  })
  .meta({ id: 'Journey', description: 'A customer journey: a draft definition and its published versions' });

const migrate = z
  .object({
    fromVersion: z.number().int().min(1),
    map: z
      .record(z.string().max(40), z.string().max(40))
      .describe('Old step id → new step id (or "end"); runs of fromVersion at a step not in the map stay on it'),
  })
  .describe('Move people in flight on fromVersion to the new version');

const rate = z.number().nullable();
const stats = z
  .object({
    data: z.array(
      z.object({
        stepId: z.string(),
        type: z.enum(STEP_TYPES).nullable(),
        entered: z.number().describe('Times a person entered the step'),
        waiting: z.number().describe('Runs at the step now (active or waiting)'),
        completed: z.number().describe('Left the step onward'),
        exited: z.number().describe("Left the journey at the step (outcome 'exited' or 'error')"),
        converted: z.number().describe('Distinct runs that passed the step and reached the goal'),
      }),
    ),
    journey: z.object({
      entered: z.number().describe('Treatment runs'),
      active: z.number(),
      completed: z.number(),
      exited: z.number(),
      converted: z.number(),
      conversionRate: rate,
      controlEntered: z.number().describe('Hold-out runs (they take no steps)'),
      controlConverted: z.number(),
      controlConversionRate: rate,
      uplift: rate.describe('conversionRate − controlConversionRate (absolute)'),
    }),
    branches: z.array(
      z.object({
        stepId: z.string(),
        outcome: z.string().describe('yes / no, or a split key'),
        entered: z.number(),
        converted: z.number(),
        conversionRate: rate,
      }),
    ),
  })
  .meta({
    id: 'JourneyStats',
    description:
      'Per step and for the journey, from the runs and the step log; rates are fractions, null when a group is empty',
  });

const personJourney = z
  .object({
    runId: z.string(),
    journeyId: z.string(),
    journeyName: z.string(),
    version: z.number(),
    group: z.enum(['treatment', 'control']),
    state: z.enum(RUN_STATES),
    stepId: z.string().nullable(),
    exitReason: z.string().nullable(),
    enteredAt: dateTime,
    finishedAt: dateTime.nullable(),
    steps: z.array(
      z.object({
        stepId: z.string(),
        type: z.enum(STEP_TYPES).nullable(),
        enteredAt: dateTime,
        leftAt: dateTime.nullable(),
        outcome: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PersonJourney', description: "A person's run through a journey with its steps" });

const version = z
  .object({
    version: z.number(),
    definition,
    publishedAt: dateTime,
    publishedBy: z.string().nullable(),
    counts: z.object({ active: z.number(), total: z.number() }),
  })
  .meta({ id: 'JourneyVersion', description: 'A published version of a journey' });

const problem = z.object({ path: z.string(), stepId: z.string().nullable(), message: z.string() });

/** Journeys: CRUD of drafts, validate, publish (versions), pause/resume/archive, enter, stats, a person's journeys. */
export async function journeysRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['engage: journeys'];
  const j = () => k.engage.journeys;
  const ws = (req: FastifyRequest) => principalOf(req).actor.workspaceId;
  const action = (path: string, summary: string, run: (id: string, req: FastifyRequest) => Promise<unknown>) =>
    r.post(
      `/journeys/:id/${path}`,
      {
        config: { permission: 'engage:write' },
        schema: { tags, summary, params: idParam, response: { 200: journey } },
      },
      async (req) => run(req.params.id, req) as never,
    );

  r.post(
    '/journeys',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Create a journey (a draft): 400 naming the field when the definition is malformed',
        description: `The definition's shape is checked here; the graph and references at publish. ${grammar}`,
        body: z.object({
          name: z.string().max(200),
          description: z.string().max(2000).nullable().optional(),
          definition,
        }),
        response: { 201: journey },
      },
    },
    async (req, reply) => reply.status(201).send((await j().create(principalOf(req).actor, req.body)) as never),
  );

  r.get(
    '/journeys',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'List journeys, newest first, with their counts',
        querystring: z.object({
          ...pageQuery,
          status: z.enum(JOURNEY_STATUSES).optional(),
          q: z.string().max(200).optional().describe('Text in the name or description'),
        }),
        response: { 200: pageOf(journey) },
      },
    },
    async (req) => {
      const cur = decodeCursor<{ c: string; i: string }>(req.query.cursor);
      const page = await j().list(ws(req), {
        status: req.query.status,
        q: req.query.q,
        limit: req.query.limit,
        cursor: cur && typeof cur.c === 'string' && /^[0-9a-f-]{36}$/i.test(String(cur.i)) ? cur : undefined,
      });
      return { data: page.data, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null } as never;
    },
  );

  r.post(
    '/journeys/validate',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'Check a definition as publishing would: every problem, each naming its field and step',
        body: z.object({ definition: z.unknown().describe('A journey definition (checked, never saved)') }),
        response: {
          200: z
            .object({ ok: z.boolean(), errors: z.array(problem) })
            .meta({ id: 'JourneyValidation', description: 'The problems that would refuse a publish' }),
        },
      },
    },
    async (req) => j().validate(ws(req), req.body.definition),
  );

  r.get(
    '/journeys/:id',
    {
      config: { permission: 'engage:read' },
      schema: { tags, summary: 'Get a journey', params: idParam, response: { 200: journey } },
    },
    async (req) => (await j().get(ws(req), req.params.id)) as never,
  );

  r.patch(
    '/journeys/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Change the draft (an active journey keeps running its published version until the next publish)',
        params: idParam,
        body: z.object({
          name: z.string().max(200).optional(),
          description: z.string().max(2000).nullable().optional(),
          definition: definition.optional(),
        }),
        response: { 200: journey },
      },
    },
    async (req) => (await j().update(principalOf(req).actor, req.params.id, req.body)) as never,
  );

  r.delete(
    '/journeys/:id',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Delete a draft or archived journey with its runs (409 otherwise: archive it first)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await j().remove(principalOf(req).actor, req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/journeys/:id/publish',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Publish the draft as the next version; the journey becomes active (a paused one stays paused)',
        description:
          '422 JOURNEY_INVALID naming the first step at fault (`definition.steps.<i>`, its id in the message; every problem in `details`): a dead end, an unreachable step, a cycle with no wait, split shares not adding up to 100, a channel, template or segment that does not exist (any more), a template of another family than its channel, an entry date trait nobody has; 422 OUTBOUND_BLOCKED for a webhook URL the outbound policy refuses. People in flight stay on their version unless `migrate` moves them.',
        params: idParam,
        body: z.object({ migrate: migrate.optional() }).nullish(),
        response: { 200: journey },
      },
    },
    async (req) => (await j().publish(principalOf(req).actor, req.params.id, { migrate: req.body?.migrate })) as never,
  );
  action('pause', 'Pause: no steps run (no sends), positions and timers kept; nobody enters', (id, req) =>
    j().pause(principalOf(req).actor, id),
  );
  action('resume', 'Resume a paused journey: runs whose time came run now', (id, req) =>
    j().resume(principalOf(req).actor, id),
  );
  action('archive', "Archive for good: everyone in flight exits (exit reason 'archived')", (id, req) =>
    j().archive(principalOf(req).actor, id),
  );

  r.get(
    '/journeys/:id/versions',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'Published versions, newest first, with the runs on each',
        params: idParam,
        response: { 200: z.object({ data: z.array(version) }) },
      },
    },
    async (req) => ({ data: await j().versions(ws(req), req.params.id) }) as never,
  );

  r.post(
    '/journeys/:id/enter',
    {
      config: { permission: 'engage:write' },
      schema: {
        tags,
        summary: 'Enter a person into an active journey whose entry is {"api": true}',
        description:
          '202 with the run, or runId null and the reason (re-entry, in flight, cap, consent). 409 when the journey is not active or not entered by API; 400 when the person is not in this workspace.',
        params: idParam,
        // Optional in the schema so that another workspace's id is a 404 before the body is judged.
        body: z.object({ personId: z.uuid({ message: 'must be a UUID' }).optional().describe('Required') }),
        response: { 202: z.object({ runId: z.string().nullable(), reason: z.string().optional() }) },
      },
    },
    async (req, reply) => {
      await j().get(ws(req), req.params.id);
      const personId = req.body.personId;
      if (!personId) throw invalid('personId', 'the person to enter is required', 'REQUIRED');
      return reply.status(202).send(await j().enter(principalOf(req).actor, req.params.id, { personId }));
    },
  );

  r.get(
    '/journeys/:id/stats',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: 'Per step entered, waiting, completed, exited, converted; conversion vs the hold-out; per branch',
        params: idParam,
        querystring: z.object({
          version: z.coerce.number().int().min(1).optional().describe('One version (default: all)'),
        }),
        response: { 200: stats },
      },
    },
    async (req) => (await j().stats(ws(req), req.params.id, { version: req.query.version })) as never,
  );

  r.get(
    '/people/:id/journeys',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags,
        summary: "A person's journeys: each run (newest first, at most 100) with the steps taken",
        params: idParam,
        response: { 200: z.object({ data: z.array(personJourney) }) },
      },
    },
    async (req) => ({ data: await j().personJourneys(ws(req), req.params.id) }) as never,
  );
}
