import { z } from 'zod';
import { checkFieldTest, fieldTestShape, type FieldOp, type SegmentRule } from '../../cdp/index.ts';
import { AppError } from '../../core/errors.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import { TEMPLATE_FAMILY } from '../references.ts';

/**
 * A journey's definition (issue 17): how people enter, the steps they pass through, the goal that
 * converts them, the hold-out, re-entry, the frequency cap and the consent entry needs.
 *
 * Saving a draft checks only this shape (400 VALIDATION_FAILED naming `definition.steps.2.type`);
 * publishing also checks the graph and the references (`checkDefinition`: 422 JOURNEY_INVALID).
 */

/** `"5s"`, `"30m"`, `"2h"`, `"3d"`. */
export type Duration = string;
const DURATION = /^(\d{1,7})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const durationSchema = z
  .string()
  .regex(DURATION, { message: 'must be a duration such as "5s", "30m", "2h" or "3d"' });

/** `"3d"` → milliseconds. */
export function durationMs(d: Duration): number {
  const m = DURATION.exec(d);
  if (!m) throw new Error(`bad duration ${d}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** A step id: letters, digits, `_`, `-`; `end` is reserved (the run completes). */
export const STEP_ID = /^[A-Za-z0-9_-]{1,40}$/;
export const END = 'end';
const stepId = z.string().regex(STEP_ID, { message: 'must be 1–40 letters, digits, "_" or "-"' });
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time "HH:MM"' });
const eventName = z.string().min(1).max(200);
const uuid = z.uuid();

/** An event's property condition, as in the segments grammar's event `where`: `{property, op, value}`. */
export interface PropertyCondition {
  property: string;
  op: FieldOp;
  value?: unknown;
}
const propertyPath = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => p.split('.').length <= 10 && p.split('.').every((s) => s.length > 0 && s.length <= 100), {
    message: 'must be a dotted path such as "address.city"',
  });
export const propertyCondition = z.strictObject({ property: propertyPath, ...fieldTestShape });
const where = z.array(propertyCondition).max(20).optional();

export type Entry =
  | { event: string; where?: PropertyCondition[] }
  | { segment: string }
  | { dateTrait: string; offsetDays?: number; at?: string }
  | { api: true };

const entrySchema = z.union([
  z.strictObject({ event: eventName, where }),
  z.strictObject({ segment: uuid }),
  z.strictObject({
    dateTrait: z.string().min(1).max(100),
    offsetDays: z.int().min(-366).max(366).optional(),
    at: timeOfDay.optional(),
  }),
  z.strictObject({ api: z.literal(true) }),
]);

export const STEP_TYPES = [
  'wait',
  'branch',
  'split',
  'send',
  'update_trait',
  'give_points',
  'create_task',
  'webhook',
  'exit',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export type WaitFor = { event: string; where?: PropertyCondition[] } | { segment: string; entered?: boolean };
interface StepBase {
  id: string;
  next?: string;
  label?: string;
  /** Where the editor draws the node (kept, never read by the runtime). */
  ui?: { x: number; y: number };
}
export type WaitStep = StepBase & { type: 'wait' } & (
    | { duration: Duration; until?: undefined; for?: undefined }
    | { until: { time: string; timezone?: string }; duration?: undefined; for?: undefined }
    | { for: WaitFor; timeout: Duration; timeoutNext?: string; duration?: undefined; until?: undefined }
  );
export type BranchStep = StepBase & { type: 'branch'; rule: SegmentRule; yes: string; no: string };
export type SplitStep = StepBase & { type: 'split'; branches: { key: string; share: number; next: string }[] };
export type SendStep = StepBase & {
  type: 'send';
  channelId: string;
  templateId: string;
  data?: Record<string, unknown>;
};
export type UpdateTraitStep = StepBase & { type: 'update_trait'; trait: string; value: unknown };
export type GivePointsStep = StepBase & { type: 'give_points'; points: number; reason?: string };
export type CreateTaskStep = StepBase & { type: 'create_task'; title: string; dueIn?: Duration; note?: string };
export type WebhookStep = StepBase & { type: 'webhook'; url: string; secret?: string };
export type ExitStep = StepBase & { type: 'exit' };
export type Step =
  | WaitStep
  | BranchStep
  | SplitStep
  | SendStep
  | UpdateTraitStep
  | GivePointsStep
  | CreateTaskStep
  | WebhookStep
  | ExitStep;
/** The step of one kind: `StepOf<'send'>`. */
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'telegram', 'whatsapp', 'vk'] as const;

export interface JourneyDefinition {
  entry: Entry;
  /** Non-empty; ids unique. A step without `next` goes to the following one; the last completes the run. */
  steps: Step[];
  /** Converts and exits a run when the person does it (within the window after entering, if set). */
  goal?: { event: string; where?: PropertyCondition[]; within?: Duration };
  /** 0..50 (default 0): the hold-out that enters but takes no steps, for the conversion uplift. */
  controlPercent?: number;
  /** Default never. */
  reentry?: { mode: 'never' | 'after' | 'always'; after?: Duration };
  /** A person enters at most `max` journeys of the workspace within the window. */
  cap?: { max: number; within: Duration };
  /** The consent a person needs to enter. */
  consent?: { channel: (typeof CONSENT_CHANNELS)[number]; purpose?: 'marketing' | 'transactional' };
  /** Where the editor draws what is not a step (the entry node); kept, never read by the runtime. */
  layout?: { entry?: { x: number; y: number } };
}

const base = {
  id: stepId,
  next: stepId.optional(),
  label: z.string().max(200).optional(),
  ui: z.strictObject({ x: z.number(), y: z.number() }).optional(),
};

const waitFor = z.union([
  z.strictObject({ event: eventName, where }),
  z.strictObject({ segment: uuid, entered: z.boolean().optional() }),
]);

const waitStep = z
  .strictObject({
    ...base,
    type: z.literal('wait'),
    duration: durationSchema.optional(),
    until: z.strictObject({ time: timeOfDay, timezone: z.string().min(1).max(64).optional() }).optional(),
    for: waitFor.optional(),
    timeout: durationSchema.optional(),
    timeoutNext: stepId.optional(),
  })
  .superRefine((s, ctx) => {
    const kinds = (['duration', 'until', 'for'] as const).filter((k) => s[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: kinds.length ? [kinds[1]] : ['duration'],
        message: 'a wait has exactly one of duration, until or for',
      });
    if (s.for !== undefined && s.timeout === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['timeout'],
        message: 'a wait for an event or a segment change needs a timeout (it may never come)',
      });
    if (s.for === undefined && (s.timeout !== undefined || s.timeoutNext !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [s.timeout !== undefined ? 'timeout' : 'timeoutNext'],
        message: 'only a wait for an event or a segment change has a timeout',
      });
  });

const stepSchema = z.discriminatedUnion(
  'type',
  [
    waitStep,
    z.strictObject({
      ...base,
      type: z.literal('branch'),
      rule: z.record(z.string(), z.unknown()),
      yes: stepId,
      no: stepId,
    }),
    z.strictObject({
      ...base,
      type: z.literal('split'),
      branches: z
        .array(
          z.strictObject({
            key: z.string().regex(STEP_ID, { message: 'must be 1–40 letters, digits, "_" or "-"' }),
            share: z.int().min(0).max(100),
            next: stepId,
          }),
        )
        .min(2)
        .max(10),
    }),
    z.strictObject({
      ...base,
      type: z.literal('send'),
      channelId: uuid,
      templateId: uuid,
      data: z.record(z.string(), z.unknown()).optional(),
    }),
    z.strictObject({ ...base, type: z.literal('update_trait'), trait: propertyPath, value: z.unknown() }),
    z.strictObject({
      ...base,
      type: z.literal('give_points'),
      points: z.int().min(1).max(1_000_000),
      reason: z.string().max(200).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('create_task'),
      title: z.string().min(1).max(200),
      dueIn: durationSchema.optional(),
      note: z.string().max(2000).optional(),
    }),
    z.strictObject({
      ...base,
      type: z.literal('webhook'),
      url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000),
      secret: z.string().min(1).max(200).optional(),
    }),
    z.strictObject({ ...base, type: z.literal('exit') }),
  ],
  { error: `must be one of ${STEP_TYPES.join(', ')}` },
);

const definitionSchema = z
  .strictObject({
    entry: entrySchema,
    steps: z.array(stepSchema).min(1).max(200),
    goal: z.strictObject({ event: eventName, where, within: durationSchema.optional() }).optional(),
    controlPercent: z.int().min(0).max(50).optional(),
    reentry: z
      .strictObject({ mode: z.enum(['never', 'after', 'always']), after: durationSchema.optional() })
      .optional(),
    cap: z.strictObject({ max: z.int().min(1).max(1000), within: durationSchema }).optional(),
    consent: z
      .strictObject({
        channel: z.enum(CONSENT_CHANNELS),
        purpose: z.enum(['marketing', 'transactional']).optional(),
      })
      .optional(),
    layout: z.strictObject({ entry: z.strictObject({ x: z.number(), y: z.number() }).optional() }).optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of d.steps.entries()) {
      if (s.id === END)
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: '"end" is reserved (it completes the run)' });
      else if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}"` });
      seen.add(s.id);
    }
    if (d.reentry?.mode === 'after' && !d.reentry.after)
      ctx.addIssue({ code: 'custom', path: ['reentry', 'after'], message: 're-entry "after" needs a duration' });
  });

/** The definition's schema: what POST/PATCH /journeys take (shape only). */
export const journeyDefinition = definitionSchema as unknown as z.ZodType<JourneyDefinition>;

/** The step a step leads to when it names none: the following one, or `end` after the last. */
export function defaultNext(def: JourneyDefinition, i: number): string {
  return def.steps[i].next ?? def.steps[i + 1]?.id ?? END;
}

/** Every step id a step may lead to (with the path of the field naming it), `end` included. */
export function successors(def: JourneyDefinition, i: number): { to: string; field: string }[] {
  const s = def.steps[i];
  switch (s.type) {
    case 'branch':
      return [
        { to: s.yes, field: 'yes' },
        { to: s.no, field: 'no' },
      ];
    case 'split':
      return s.branches.map((b, j) => ({ to: b.next, field: `branches.${j}.next` }));
    case 'exit':
      return [];
    case 'wait':
      return s.for
        ? [
            { to: defaultNext(def, i), field: 'next' },
            { to: s.timeoutNext ?? defaultNext(def, i), field: s.timeoutNext ? 'timeoutNext' : 'next' },
          ]
        : [{ to: defaultNext(def, i), field: 'next' }];
    default:
      return [{ to: defaultNext(def, i), field: 'next' }];
  }
}

// ------------------------------------------------------------------------------ publish checks

/** One problem of a definition: the field (`definition.steps.2.next`), the step's id, words. */
export interface DefinitionProblem {
  path: string;
  stepId: string | null;
  message: string;
  /** OUTBOUND_BLOCKED for a webhook URL the outbound policy refuses; JOURNEY_INVALID otherwise. */
  code: 'JOURNEY_INVALID' | 'OUTBOUND_BLOCKED';
}

const at = (i: number, field?: string) => `definition.steps.${i}${field ? `.${field}` : ''}`;

/**
 * The graph's problems (no database): references to missing steps (dead ends), steps unreachable
 * from the first, cycles with no wait in them (a run would spin), split shares not adding up to
 * 100 or repeating a key. In step order.
 */
export function graphProblems(def: JourneyDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const index = new Map(def.steps.map((s, i) => [s.id, i]));
  const bad = (i: number, field: string | undefined, message: string) =>
    out.push({ path: at(i, field), stepId: def.steps[i].id, message, code: 'JOURNEY_INVALID' });
  const edges: number[][] = def.steps.map(() => []);
  for (const [i, s] of def.steps.entries()) {
    for (const { to, field } of successors(def, i)) {
      if (to === END) continue;
      const j = index.get(to);
      if (j === undefined) bad(i, field, `step "${s.id}" leads to "${to}", which is not a step (a dead end)`);
      else edges[i].push(j);
    }
    if (s.type === 'split') {
      const sum = s.branches.reduce((a, b) => a + b.share, 0);
      if (sum !== 100) bad(i, 'branches', `split "${s.id}": the shares add up to ${sum}, not 100`);
      const keys = new Set<string>();
      for (const [j, b] of s.branches.entries()) {
        if (keys.has(b.key)) bad(i, `branches.${j}.key`, `split "${s.id}": the key "${b.key}" repeats`);
        keys.add(b.key);
      }
    }
  }
  // Reachable from the first step.
  const seen = new Set<number>([0]);
  const queue = [0];
  while (queue.length)
    for (const j of edges[queue.shift()!])
      if (!seen.has(j)) {
        seen.add(j);
        queue.push(j);
      }
  for (const i of def.steps.keys())
    if (!seen.has(i)) bad(i, undefined, `step "${def.steps[i].id}" cannot be reached from the first step`);
  // Cycles without a wait: strongly connected components (Tarjan) with a cycle and no wait step.
  for (const comp of cycles(edges))
    if (!comp.some((i) => def.steps[i].type === 'wait')) {
      const first = Math.min(...comp);
      const ids = comp
        .sort((a, b) => a - b)
        .map((i) => `"${def.steps[i].id}"`)
        .join(' → ');
      bad(first, undefined, `steps ${ids} form a cycle with no wait in it (a run would never stop)`);
    }
  return out.sort((a, b) => stepOrder(a.path) - stepOrder(b.path));
}

const stepOrder = (path: string) => Number(/^definition\.steps\.(\d+)/.exec(path)?.[1] ?? -1);

/** The strongly connected components that hold a cycle (more than one step, or a step leading to itself). */
function cycles(edges: number[][]): number[][] {
  const n = edges.length;
  const idx = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const on = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    idx[v] = low[v] = counter++;
    stack.push(v);
    on[v] = true;
    for (const w of edges[v]) {
      if (idx[w] < 0) {
        visit(w);
        low[v] = Math.min(low[v], low[w]);
      } else if (on[w]) low[v] = Math.min(low[v], idx[w]);
    }
    if (low[v] === idx[v]) {
      const comp: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        on[w] = false;
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || edges[v].includes(v)) out.push(comp);
    }
  };
  for (let v = 0; v < n; v++) if (idx[v] < 0) visit(v);
  return out;
}

/** A problem thrown by a check (a 400 naming a field) as a problem of the definition. */
function asProblem(
  e: unknown,
  fallbackPath: string,
  stepId: string | null,
  rebase?: (p: string) => string,
): DefinitionProblem {
  if (!(e instanceof AppError)) throw e;
  const d = e.details[0];
  const path = d?.path ? (rebase ? rebase(d.path) : d.path) : fallbackPath;
  return {
    path,
    stepId,
    message: d?.message ?? e.message,
    code: e.code === 'OUTBOUND_BLOCKED' ? 'OUTBOUND_BLOCKED' : 'JOURNEY_INVALID',
  };
}

const validZone = (z: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: z });
    return true;
  } catch {
    return false;
  }
};

/**
 * Everything publishing needs beyond the shape: the graph (graphProblems) and the references in
 * this workspace — channels, templates (not archived, of the channel's family), segments (the
 * entry, waits, branch rules), the entry's date trait (some person has it), property conditions,
 * time zones, webhook URLs (the outbound policy). Reads through `k.db` (not inside a transaction).
 */
export async function definitionProblems(
  k: EngageBaseKernel,
  ws: string,
  def: JourneyDefinition,
): Promise<DefinitionProblem[]> {
  const out = graphProblems(def);
  const push = (p: DefinitionProblem) => out.push(p);
  const fail = (path: string, stepId: string | null, message: string) =>
    push({ path, stepId, message, code: 'JOURNEY_INVALID' });
  const segment = async (id: string, path: string, stepId: string | null) => {
    try {
      await k.segments.get(ws, id);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        fail(path, stepId, `no segment or list with id ${id} in this workspace (deleted?)`);
      else throw e;
    }
  };
  const conditions = (list: PropertyCondition[] | undefined, path: string, stepId: string | null) => {
    for (const [j, w] of (list ?? []).entries()) {
      try {
        checkFieldTest(w, 'json', `${path}.${j}`);
      } catch (e) {
        push(asProblem(e, `${path}.${j}`, stepId));
      }
    }
  };

  const entry = def.entry;
  if ('segment' in entry) await segment(entry.segment, 'definition.entry.segment', null);
  if ('event' in entry) conditions(entry.where, 'definition.entry.where', null);
  if ('dateTrait' in entry) {
    const { size } = await k.segments
      .preview(ws, { trait: entry.dateTrait, op: 'exists' }, { sample: 0 })
      .catch(() => ({ size: 0 }));
    if (!size) fail('definition.entry.dateTrait', null, `no person has the trait "${entry.dateTrait}"`);
  }
  if (def.goal) conditions(def.goal.where, 'definition.goal.where', null);

  for (const [i, s] of def.steps.entries()) {
    switch (s.type) {
      case 'send': {
        const channel = await k.db
          .selectFrom('engage_channels')
          .select('type')
          .where('workspace_id', '=', ws)
          .where('id', '=', s.channelId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!channel) fail(at(i, 'channelId'), s.id, `step "${s.id}": no channel with this id in this workspace`);
        const t = await k.db
          .selectFrom('engage_templates')
          .select('channel')
          .where('workspace_id', '=', ws)
          .where('id', '=', s.templateId)
          .where('archived_at', 'is', null)
          .executeTakeFirst();
        if (!t)
          fail(at(i, 'templateId'), s.id, `step "${s.id}": no template with this id in this workspace (deleted?)`);
        else if (channel && TEMPLATE_FAMILY[channel.type] !== t.channel)
          fail(
            at(i, 'templateId'),
            s.id,
            `step "${s.id}": a ${t.channel} template cannot be sent over a ${channel.type} channel`,
          );
        break;
      }
      case 'branch':
        try {
          await k.segments.check(ws, s.rule);
        } catch (e) {
          push(asProblem(e, at(i, 'rule'), s.id, (p) => at(i, p)));
        }
        break;
      case 'wait':
        if (s.for && 'segment' in s.for) await segment(s.for.segment, at(i, 'for.segment'), s.id);
        if (s.for && 'event' in s.for) conditions(s.for.where, at(i, 'for.where'), s.id);
        if (s.until?.timezone && !validZone(s.until.timezone))
          fail(at(i, 'until.timezone'), s.id, `step "${s.id}": "${s.until.timezone}" is not a time zone (IANA)`);
        break;
      case 'webhook':
        try {
          await k.outbound.checkUrl(s.url, at(i, 'url'));
        } catch (e) {
          push(asProblem(e, at(i, 'url'), s.id));
        }
        break;
    }
  }
  return out;
}

/**
 * Publish validation: the definition's problems (definitionProblems) as one 422 — JOURNEY_INVALID
 * naming the first step at fault (`definition.steps.<i>` and its id), or OUTBOUND_BLOCKED when that
 * first problem is a webhook URL the policy refuses; every problem is in `details`.
 */
export async function checkDefinition(k: EngageBaseKernel, ws: string, def: JourneyDefinition): Promise<void> {
  const problems = await definitionProblems(k, ws, def);
  if (!problems.length) return;
  const first = problems[0];
  throw new AppError(
    first.code,
    `${first.path}${first.stepId ? ` (step "${first.stepId}")` : ''}: ${first.message}`,
    problems.map((p) => ({
      path: p.path,
      message: p.message,
      ...(p.code === 'OUTBOUND_BLOCKED' ? { code: 'URL_BLOCKED' as const } : {}),
    })),
  );
}
