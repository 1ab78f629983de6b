import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CrmKernel as Kernel } from './kernel.ts';
import { principalOf } from '../core/http/principal.ts';
import { dateTime, idParam, noContent } from '../core/http/schemas.ts';
import { pageOf, pageQuery } from '../core/http/pagination.ts';
import { invalid } from '../core/errors.ts';
import { ACTIVITY_KINDS } from './activities.ts';
import { periodBound, userNames } from './refs.ts';
import { CADENCE_KINDS, type CadenceView } from './cadences.ts';

const uuid = z.uuid({ message: 'must be a UUID' });
const at = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const bound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be YYYY-MM-DD or an ISO 8601 date-time')
  .refine((v) => !isNaN(Date.parse(v)), 'not a valid date');
const ref = z.object({ id: z.string(), name: z.string() }).nullable();
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

export const activitySchema = z
  .object({
    id: z.string(),
    kind: z.enum(ACTIVITY_KINDS),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    personId: z.string().nullable(),
    person: ref,
    companyId: z.string().nullable(),
    company: ref,
    dealId: z.string().nullable(),
    deal: z.object({ id: z.string(), title: z.string() }).nullable(),
    ownerId: z.string().nullable(),
    owner: ref,
    assigneeId: z.string().nullable(),
    assignee: ref,
    occurredAt: dateTime,
    dueAt: dateTime.nullable(),
    reminderAt: dateTime.nullable(),
    remindedAt: dateTime
      .nullable()
      .describe(
        'When the reminder was sent (in-app notification and activity.reminder webhook); null until then, and again after dueAt or reminderAt changes',
      ),
    doneAt: dateTime.nullable(),
    done: z.boolean().nullable(),
    overdue: z.boolean(),
    direction: z.enum(['in', 'out']).nullable(),
    durationSeconds: z.number().nullable(),
    outcome: z.string().nullable(),
    recordingUrl: z.string().nullable(),
    scriptId: z.string().nullable(),
    phone: z.string().nullable(),
    location: z.string().nullable(),
    cadenceId: z.string().nullable(),
    externalId: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Activity', description: 'A call, meeting, email, note or task' });
const scriptSchema = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  steps: z.array(z.object({ title: z.string(), text: z.string() })),
  active: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});
const cadenceSchema = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  companyId: z.string().nullable(),
  dealId: z.string().nullable(),
  assigneeId: z.string(),
  kind: z.string(),
  subject: z.string(),
  intervalDays: z.number(),
  nextDueAt: dateTime,
  endsAt: dateTime.nullable(),
  active: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

/** A cadence in the list, with the names of what it is about and of its assignee (as activities have them). */
const cadenceListItem = cadenceSchema.extend({
  person: ref,
  company: ref,
  deal: z.object({ id: z.string(), title: z.string() }).nullable(),
  assignee: ref,
});

async function withCadenceRefs(k: Kernel, ws: string, list: CadenceView[]) {
  const ids = (f: (c: CadenceView) => string | null) => [...new Set(list.map(f).filter((x): x is string => !!x))];
  const people = new Map<string, string>();
  const companies = new Map<string, string>();
  const deals = new Map<string, string>();
  const personIds = ids((c) => c.personId);
  const companyIds = ids((c) => c.companyId);
  const dealIds = ids((c) => c.dealId);
  if (personIds.length)
    for (const p of await k.db
      .selectFrom('crm_people')
      .select(['person_id', 'first_name', 'last_name'])
      .where('workspace_id', '=', ws)
      .where('person_id', 'in', personIds)
      .execute())
      people.set(p.person_id, [p.first_name, p.last_name].filter(Boolean).join(' '));
  if (companyIds.length)
    for (const c of await k.db
      .selectFrom('crm_companies')
      .select(['id', 'name'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', companyIds)
      .execute())
      companies.set(c.id, c.name);
  if (dealIds.length)
    for (const d of await k.db
      .selectFrom('crm_deals')
      .select(['id', 'title'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', dealIds)
      .execute())
      deals.set(d.id, d.title);
  const users = await userNames(
    k.db,
    ws,
    ids((c) => c.assigneeId),
  );
  const named = (id: string | null, names: Map<string, string>) => (id ? { id, name: names.get(id) ?? '' } : null);
  return list.map((c) => ({
    ...c,
    person: named(c.personId, people),
    company: named(c.companyId, companies),
    deal: c.dealId ? { id: c.dealId, title: deals.get(c.dealId) ?? '' } : null,
    assignee: named(c.assigneeId, users),
  }));
}

const activityFields = {
  subject: z.string().trim().min(1).max(500).nullable(),
  body: z.string().max(100_000).nullable(),
  personId: uuid.nullable(),
  companyId: uuid.nullable(),
  dealId: uuid.nullable(),
  ownerId: uuid.nullable(),
  assigneeId: uuid.nullable(),
  occurredAt: at,
  dueAt: at.nullable(),
  reminderAt: at.nullable(),
  direction: z.enum(['in', 'out']).nullable(),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .nullable(),
  outcome: z.string().trim().min(1).max(200).nullable(),
  recordingUrl: httpUrl.nullable(),
  scriptId: uuid.nullable(),
  phone: z.string().trim().min(1).max(64).nullable(),
  location: z.string().trim().min(1).max(500).nullable(),
};
const step = z.object({ title: z.string().trim().min(1).max(200), text: z.string().max(10_000) });
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Activities and tasks, the daily agenda, call scripts and cadences. */
export async function activityRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = (req: any) => principalOf(req).actor.workspaceId;
  const actor = (req: any) => principalOf(req).actor;
  const tags = ['crm: activities'];

  r.post(
    '/activities',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Log a call, email, meeting, visit or note, or plan a task. Fields depend on the kind: a call needs direction; a visit needs location; dueAt/reminderAt are for tasks',
        body: z
          .object({ kind: z.enum(ACTIVITY_KINDS), ...activityFields })
          .partial()
          .required({ kind: true }),
        response: { 201: activitySchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.activities.create(actor(req), req.body as any)),
  );
  r.get(
    '/activities',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          'Activities, newest first; open=true gives the open tasks, soonest due first (from/to then bound the due date)',
        querystring: z.object({
          ...pageQuery,
          kind: z.enum(ACTIVITY_KINDS).optional(),
          personId: uuid.optional(),
          companyId: uuid.optional(),
          dealId: uuid.optional(),
          ownerId: uuid.optional(),
          assigneeId: uuid.optional(),
          open: bool.optional(),
          from: bound.optional().describe('YYYY-MM-DD (UTC day, inclusive) or an ISO date-time'),
          to: bound.optional().describe('YYYY-MM-DD includes that whole day; a date-time is exclusive'),
        }),
        response: { 200: pageOf(activitySchema) },
      },
    },
    async (req) => {
      const q = req.query;
      return k.crm.activities.list(ws(req), {
        ...q,
        from: periodBound(q.from) ?? undefined,
        to: periodBound(q.to, true) ?? undefined,
      });
    },
  );
  r.get(
    '/activities/:id',
    {
      config: { permission: 'crm:read' },
      schema: { tags, summary: 'One activity', params: idParam, response: { 200: activitySchema } },
    },
    async (req) => k.crm.activities.get(ws(req), req.params.id),
  );
  r.patch(
    '/activities/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary:
          'Change an activity (partial; null clears; the kind stays). done=true/false completes or reopens a task',
        params: idParam,
        body: z.object({ ...activityFields, done: z.boolean() }).partial(),
        response: { 200: activitySchema },
      },
    },
    async (req) => k.crm.activities.update(actor(req), req.params.id, req.body as any),
  );
  r.post(
    '/activities/:id/complete',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags,
        summary: 'Mark a task done (409 for other kinds; a done task stays as it is)',
        params: idParam,
        response: { 200: activitySchema },
      },
    },
    async (req) => k.crm.activities.complete(actor(req), req.params.id),
  );
  r.delete(
    '/activities/:id',
    {
      config: { permission: 'crm:write' },
      schema: { tags, summary: 'Delete an activity', params: idParam, response: { 204: noContent } },
    },
    async (req, reply) => {
      await k.crm.activities.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/agenda',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags,
        summary:
          "A user's day: open tasks due that day or overdue, soonest first, after due cadences have become tasks",
        querystring: z.object({
          userId: uuid.optional().describe('Default: the signed-in user'),
          date: z.iso.date({ message: 'must be YYYY-MM-DD' }).optional().describe('Default: today (in tz)'),
          tz: z.string().max(64).optional().describe('IANA time zone the day is in, e.g. Europe/Moscow (default UTC)'),
        }),
        response: {
          200: z.object({
            date: z.string(),
            userId: z.string(),
            tz: z.string(),
            tasks: z.array(activitySchema),
            overdueCount: z.number(),
            cadences: z.array(cadenceListItem),
          }),
        },
      },
    },
    async (req) => {
      const a = actor(req);
      const userId = req.query.userId ?? (a.type === 'user' ? a.id : null);
      if (!userId) throw invalid('userId', 'required when not signed in as a user');
      const tz = req.query.tz ?? 'UTC';
      let date = req.query.date;
      if (!date) {
        try {
          date = new Intl.DateTimeFormat('en-CA', {
            timeZone: tz,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
          }).format(new Date());
        } catch {
          date = new Date().toISOString().slice(0, 10);
        }
      }
      const day = await k.crm.cadences.agenda(ws(req), userId, date, tz);
      return { ...day, cadences: await withCadenceRefs(k, ws(req), day.cadences) };
    },
  );

  const scriptTags = ['crm: call scripts'];
  r.get(
    '/call-scripts',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags: scriptTags,
        summary: 'Call scripts',
        querystring: z.object({ active: bool.optional() }),
        response: { 200: z.object({ data: z.array(scriptSchema), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ data: await k.crm.scripts.list(ws(req), req.query), nextCursor: null }),
  );
  r.get(
    '/call-scripts/:id',
    {
      config: { permission: 'crm:read' },
      schema: { tags: scriptTags, summary: 'One call script', params: idParam, response: { 200: scriptSchema } },
    },
    async (req) => k.crm.scripts.get(ws(req), req.params.id),
  );
  const scriptBody = z.object({
    name: z.string().trim().min(1).max(200),
    body: z.string().max(100_000),
    steps: z.array(step).max(100),
    active: z.boolean(),
  });
  r.post(
    '/call-scripts',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: scriptTags,
        summary: 'Create a call script (steps: what to say, in order)',
        body: scriptBody.partial().required({ name: true }),
        response: { 201: scriptSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.scripts.create(actor(req), req.body)),
  );
  r.patch(
    '/call-scripts/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: scriptTags,
        summary: 'Change a call script',
        params: idParam,
        body: scriptBody.partial(),
        response: { 200: scriptSchema },
      },
    },
    async (req) => k.crm.scripts.update(actor(req), req.params.id, req.body),
  );
  r.delete(
    '/call-scripts/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: scriptTags,
        summary: 'Delete a call script (calls that used it keep the reference)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.scripts.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  const cadenceTags = ['crm: cadences'];
  const cadenceBody = z.object({
    personId: uuid.nullable(),
    companyId: uuid.nullable(),
    dealId: uuid.nullable(),
    assigneeId: uuid,
    kind: z.enum(CADENCE_KINDS),
    subject: z.string().trim().min(1).max(500),
    intervalDays: z.number().int().min(1).max(3660),
    startAt: at,
    endsAt: at.nullable(),
    active: z.boolean(),
  });
  r.get(
    '/cadences',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags: cadenceTags,
        summary: 'Planned communications, next due first (with the names of the person, company, deal and assignee)',
        querystring: z.object({
          assigneeId: uuid.optional(),
          personId: uuid.optional(),
          companyId: uuid.optional(),
          dealId: uuid.optional(),
          active: bool.optional(),
        }),
        response: { 200: z.object({ data: z.array(cadenceListItem), nextCursor: z.null() }) },
      },
    },
    async (req) => ({
      data: await withCadenceRefs(k, ws(req), await k.crm.cadences.list(ws(req), req.query)),
      nextCursor: null,
    }),
  );
  r.get(
    '/cadences/:id',
    {
      config: { permission: 'crm:read' },
      schema: {
        tags: cadenceTags,
        summary: 'One cadence (with the names of the person, company, deal and assignee)',
        params: idParam,
        response: { 200: cadenceListItem },
      },
    },
    async (req) => (await withCadenceRefs(k, ws(req), [await k.crm.cadences.get(ws(req), req.params.id)]))[0],
  );
  r.post(
    '/cadences',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: cadenceTags,
        summary:
          'Plan a repeating communication ("call every 14 days from startAt"); each occurrence becomes a task for the assignee',
        body: cadenceBody
          .partial()
          .required({ assigneeId: true, kind: true, subject: true, intervalDays: true, startAt: true }),
        response: { 201: cadenceSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await k.crm.cadences.create(actor(req), req.body as any)),
  );
  r.patch(
    '/cadences/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: cadenceTags,
        summary: 'Change a cadence (a new startAt re-plans the next occurrence)',
        params: idParam,
        body: cadenceBody.partial(),
        response: { 200: cadenceSchema },
      },
    },
    async (req) => k.crm.cadences.update(actor(req), req.params.id, req.body as any),
  );
  r.delete(
    '/cadences/:id',
    {
      config: { permission: 'crm:write' },
      schema: {
        tags: cadenceTags,
        summary: 'Delete a cadence (tasks it made stay)',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await k.crm.cadences.delete(actor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
