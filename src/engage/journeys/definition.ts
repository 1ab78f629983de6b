import { z } from 'zod';
import { fieldTestShape, type FieldOp, type SegmentRule } from '../../cdp/index.ts';

/**
 * A journey's definition (issue 17): how people enter, the steps they pass through, the goal that
 * converts them, the hold-out, re-entry, the frequency cap and the consent entry needs.
 *
 * Saving a draft checks only this shape (400 VALIDATION_FAILED naming `definition.steps.2.type`);
 * publishing also checks the graph and the references (`checkDefinition`, journey-check.ts).
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
