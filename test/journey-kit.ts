import { sql } from 'kysely';
import { systemActor, type Actor } from '../src/core/auth/actor.ts';
import type { SourceAuth } from '../src/cdp/index.ts';
import { startTestEnv, type TestEnv } from './helpers.ts';
import type { ConfigOverrides } from '../src/core/config.ts';
import type { JourneyDefinition } from '../src/engage/journeys/definition.ts';

/**
 * What the journey runtime's tests share (not a test file): a server with a workspace, a source to
 * track events through real ingest (the fold hands them to the journeys), persons made by identify
 * calls, journeys created and published through the facade, and reads of runs, step logs and
 * timelines.
 */
export interface JourneyKit {
  env: TestEnv;
  ws: { id: string; key: string; auth: { authorization: string } };
  actor: Actor;
  source: SourceAuth;
  /** A person (identify with these traits); returns the person id. */
  person(userId: string, traits?: Record<string, unknown>): Promise<string>;
  /** Tracks an event for a user and folds it (the journeys' hook runs in the fold). */
  track(userId: string, event: string, properties?: Record<string, unknown>): Promise<void>;
  /** Creates and publishes a journey; returns its id. */
  journey(name: string, definition: JourneyDefinition): Promise<string>;
  runs(journeyId: string): Promise<RunRow[]>;
  log(
    runId: string,
  ): Promise<{ seq: number; step_id: string; outcome: string | null; left_at: Date | null; detail: any }[]>;
  timeline(personId: string): Promise<{ event: string; properties: any }[]>;
  /** One claim round at `now` (default: now), until nothing more is due. */
  step(now?: Date): Promise<void>;
  close(): Promise<void>;
}

export interface RunRow {
  id: string;
  person_id: string;
  state: string;
  step_id: string | null;
  due_at: Date | null;
  grp: string;
  exit_reason: string | null;
  waiting_for: any;
}

export async function journeyKit(slug: string, overrides: ConfigOverrides = {}): Promise<JourneyKit> {
  const env = await startTestEnv({ outboundAllow: '127.0.0.0/8', ...overrides });
  const ws = await env.workspace(slug);
  const actor = systemActor(ws.id, 'journey test');
  const src = await env.kernel.cdp.createSource(actor, { name: 'Journey test', kind: 'server' });
  const source = (await env.kernel.cdp.authenticateWriteKey(src.writeKey))!;
  const k = env.kernel;
  return {
    env,
    ws,
    actor,
    source,
    async person(userId, traits = {}) {
      const r = await k.cdp.ingest(source, [{ type: 'identify', userId, traits }]);
      if (r.rejected?.length) throw new Error(JSON.stringify(r.rejected));
      await k.cdp.settled(ws.id);
      return (await k.cdp.lookup(ws.id, 'user_id', userId)).id;
    },
    async track(userId, event, properties = {}) {
      const r = await k.cdp.ingest(source, [{ type: 'track', userId, event, properties }]);
      if (r.rejected?.length) throw new Error(JSON.stringify(r.rejected));
      await k.cdp.settled(ws.id);
    },
    async journey(name, definition) {
      const j = await k.engage.journeys.create(actor, { name, definition });
      await k.engage.journeys.publish(actor, j.id);
      return j.id;
    },
    async runs(journeyId) {
      const r = await sql<RunRow>`
        SELECT id, person_id, state, step_id, due_at, grp, exit_reason, waiting_for FROM engage_journey_runs
        WHERE workspace_id = ${ws.id} AND journey_id = ${journeyId} ORDER BY entered_at, id`.execute(k.db);
      return r.rows;
    },
    async log(runId) {
      const r = await sql<{ seq: number; step_id: string; outcome: string | null; left_at: Date | null; detail: any }>`
        SELECT seq, step_id, outcome, left_at, detail FROM engage_journey_steps
        WHERE workspace_id = ${ws.id} AND run_id = ${runId} ORDER BY seq`.execute(k.db);
      return r.rows;
    },
    async timeline(personId) {
      const r = await sql<{ event: string; properties: any }>`
        SELECT event, properties FROM events WHERE workspace_id = ${ws.id} AND person_id = ${personId} AND type = 'journey'
        ORDER BY occurred_at, id`.execute(k.db);
      return r.rows;
    },
    async step(now) {
      await k.engage.journeys.runtime.idle();
      while (await k.engage.journeys.runtime.step(now ?? new Date())) {
        /* more due */
      }
      // A fired wait also wakes the runtime's own loop (50 ms later): when that loop held the run,
      // step() skipped it (SKIP LOCKED); wait for the loop to finish it.
      await k.engage.journeys.runtime.idle();
    },
    close: () => env.close(),
  };
}
