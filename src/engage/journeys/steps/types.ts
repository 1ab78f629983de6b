import type { Tx } from '../../../core/db/schema.ts';
import type { AppendedEvent } from '../../../cdp/index.ts';
import type { Engage } from '../../engage.ts';
import type { EngageBaseKernel } from '../../kernel.ts';
import type { EnqueueRow } from '../../messages.ts';
import type { MessagingPolicy } from '../../policy-settings.ts';
import type { JourneyDefinition, Step, StepType } from '../definition.ts';

/** A run as the claim read it (engage_journey_runs). */
export interface ClaimedRun {
  workspace_id: string;
  id: string;
  journey_id: string;
  version: number;
  person_id: string;
  grp: 'treatment' | 'control';
  state: string;
  step_id: string | null;
  due_at: Date | null;
  waiting_for: WaitingFor | null;
  step_entered_at: Date;
  entered_at: Date;
  step_seq: number;
}

/** What a waiting run waits for; `fired` is set by the event or membership that ended the wait. */
export type WaitingFor =
  | { event: string; where?: unknown[]; fired?: 'event' }
  | { segment: string; entered: boolean; fired?: 'segment' };

/** The journey a run follows, at its version. */
export interface JourneyInfo {
  id: string;
  name: string;
  version: number;
  createdBy: string | null;
  def: JourneyDefinition;
}

/** What a batch writes set-based when its runs are done (in the same transaction). */
export interface Effects {
  messages: EnqueueRow[];
  timeline: AppendedEvent[];
  /** Persons whose traits a step changed: their segments are re-evaluated (a job, in the transaction). */
  traitsChanged: Set<string>;
}
/** Per-batch reads shared by the runs of one workspace (each a few statements for the whole batch). */
export interface BatchCache {
  policy(): Promise<MessagingPolicy>;
  /** Persons' traits (their live person's when merged), read in one statement for the ids not read yet. */
  traits(personIds: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
  /** Persons' live ids (themselves, or whom they were merged into; absent: no such person), one statement. */
  liveIds(personIds: readonly string[]): Promise<Map<string, string>>;
  /** A live channel's type, or null. */
  channel(id: string): Promise<string | null>;
  /** A template's kind, or null when it is gone. */
  template(id: string): Promise<'marketing' | 'transactional' | null>;
}

/** What the steps of one claimed batch share (all of one workspace). */
export interface BatchContext {
  k: EngageBaseKernel;
  engage: Engage;
  trx: Tx;
  ws: string;
  now: Date;
  fx: Effects;
  cache: BatchCache;
}

/** One run at one step of the batch. */
export interface StepItem<T extends StepType = StepType> {
  run: ClaimedRun;
  journey: JourneyInfo;
  step: Extract<Step, { type: T }>;
  /** The step's index in the definition (for the default next). */
  index: number;
  /** The seq of this step's log row (unique per run): part of idempotency keys (`jr:<run>:<step>:<seq>`). */
  seq: number;
}

/** How a step ends: go on, wait, or leave the journey. */
export type StepResult =
  | { kind: 'next'; outcome: string; next: string; detail?: Record<string, unknown> }
  | { kind: 'wait'; dueAt: Date | null; waitingFor: WaitingFor | null; detail?: Record<string, unknown> }
  | { kind: 'exit'; reason: string; outcome: string; detail?: Record<string, unknown> };

/** Why a waiting run is picked up again. */
export type ResumeReason = 'timer' | 'event' | 'segment';

/**
 * A step kind's executor. `runMany` takes every run of the batch that is at a step of this kind
 * (any journey, any step of the kind) and does their effects set-based — a few statements for the
 * lot, not a few per run — returning one result per item, in order.
 */
export interface StepKind<T extends StepType = StepType> {
  runMany(ctx: BatchContext, items: StepItem<T>[]): Promise<StepResult[]>;
  /** A wait whose timer passed, or whose event or segment change came. */
  resume?(item: StepItem<T>, why: ResumeReason): StepResult;
}

/** A step of a person who is gone (erased, or never there): the run exits. */
export const PERSON_GONE: StepResult = {
  kind: 'exit',
  reason: 'error:person_gone',
  outcome: 'error',
  detail: { message: 'no such person' },
};

/** Items grouped by a key, in their order (one statement per group). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** An error a step reports for its run (the run exits with `error:<code>`). */
export class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Timeline entries of journeys: type `journey`. */
export const JOURNEY_EVENT = { entered: 'Journey Entered', step: 'Journey Step', exited: 'Journey Exited' } as const;
