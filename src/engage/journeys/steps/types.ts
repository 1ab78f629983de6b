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

/** Per-batch reads shared by the runs of one workspace. */
export interface BatchCache {
  policy(): Promise<MessagingPolicy>;
  /** The person's traits (one read per batch and person). */
  traits(personId: string): Promise<Record<string, unknown>>;
  /** A live channel's type, or null. */
  channel(id: string): Promise<string | null>;
  /** A template's kind, or null when it is gone. */
  template(id: string): Promise<'marketing' | 'transactional' | null>;
}

export interface StepContext {
  k: EngageBaseKernel;
  engage: Engage;
  trx: Tx;
  ws: string;
  now: Date;
  run: ClaimedRun;
  journey: JourneyInfo;
  /** The seq of this step's log row (unique per run): part of idempotency keys. */
  seq: number;
  fx: Effects;
  cache: BatchCache;
  /** The step's index in the definition (for the default next). */
  index: number;
}

/** How a step ends: go on, wait, or leave the journey. */
export type StepResult =
  | { kind: 'next'; outcome: string; next: string; detail?: Record<string, unknown> }
  | { kind: 'wait'; dueAt: Date | null; waitingFor: WaitingFor | null; detail?: Record<string, unknown> }
  | { kind: 'exit'; reason: string; outcome: string; detail?: Record<string, unknown> };

/** Why a waiting run is picked up again. */
export type ResumeReason = 'timer' | 'event' | 'segment';

export interface StepKind<T extends StepType = StepType> {
  run(ctx: StepContext, step: Extract<Step, { type: T }>): Promise<StepResult>;
  /** A wait whose timer passed, or whose event or segment change came. */
  resume?(ctx: StepContext, step: Extract<Step, { type: T }>, why: ResumeReason): StepResult;
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
