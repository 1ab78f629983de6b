import { sql } from 'kysely';
import type { Tx } from '../../core/db/schema.ts';
import type { EngageBaseKernel } from '../kernel.ts';
import { JOURNEY_EVENT } from './steps/types.ts';

/**
 * What happens to a person reaches their journey runs:
 * - an erase (GDPR): their runs in flight exit ('person_erased', the open step closed) and every
 *   run of theirs loses the link to them — person_id becomes a random id, the entry key
 *   `erased:<run>` — so the journeys' counts stay and nothing points at the person any more (the
 *   step log holds run ids only; the timeline goes with the CDP's events);
 * - a merge: the merged-away person's runs follow the survivor (their next steps act on, and
 *   write to the timeline of, the survivor). Where both are in flight in the same journey the
 *   survivor's run goes on and the other exits ('merged'): one person, one position per journey.
 *   An undone merge leaves the runs with the survivor (as campaign memberships and push
 *   subscriptions).
 */
export function registerJourneyPersonData(k: EngageBaseKernel): void {
  k.privacy.registerModule('engage-journeys', {
    erase: async (trx, ws, personIds) => {
      if (!personIds.length) return { journeyRuns: 0 };
      const now = new Date();
      const live = await inFlight(trx, ws, personIds);
      await exitRuns(k, trx, ws, live, 'person_erased', now, null);
      const r = await sql`
        UPDATE engage_journey_runs SET person_id = gen_random_uuid(), entry_key = 'erased:' || id::text
        WHERE workspace_id = ${ws} AND person_id = ANY(${personIds}::uuid[])`.execute(trx);
      return { journeyRuns: Number(r.numAffectedRows ?? 0) };
    },
    export: async (db, ws, personIds) => ({
      journeyRuns: !personIds.length
        ? []
        : await db
            .selectFrom('engage_journey_runs as r')
            .innerJoin('engage_journeys as j', (jn) =>
              jn.onRef('j.workspace_id', '=', 'r.workspace_id').onRef('j.id', '=', 'r.journey_id'),
            )
            .select([
              'r.journey_id as journeyId',
              'j.name as journeyName',
              'r.version',
              'r.state',
              'r.step_id as stepId',
              'r.entered_at as enteredAt',
              'r.finished_at as finishedAt',
              'r.exit_reason as exitReason',
            ])
            .where('r.workspace_id', '=', ws)
            .where('r.person_id', 'in', personIds)
            .orderBy('r.entered_at')
            .execute(),
    }),
  });

  k.cdp.directory.onMerge(async (trx, ws, m) => {
    // The merged-away person's runs in flight in a journey where the survivor is in flight too.
    const twice = await sql<{ id: string; journey_id: string; version: number; step_seq: number; person_id: string }>`
      SELECT f.id, f.journey_id, f.version, f.step_seq, f.person_id FROM engage_journey_runs f
      WHERE f.workspace_id = ${ws} AND f.person_id = ${m.from} AND f.state IN ('active', 'waiting')
        AND EXISTS (SELECT 1 FROM engage_journey_runs s WHERE s.workspace_id = f.workspace_id AND s.journey_id = f.journey_id
          AND s.person_id = ${m.into} AND s.state IN ('active', 'waiting'))
      FOR UPDATE OF f`.execute(trx);
    await exitRuns(k, trx, ws, twice.rows, 'merged', new Date(), m.into);
    await sql`
      UPDATE engage_journey_runs SET person_id = ${m.into}
      WHERE workspace_id = ${ws} AND person_id = ${m.from}`.execute(trx);
  });
}

interface LiveRun {
  id: string;
  journey_id: string;
  version: number;
  step_seq: number;
  person_id: string;
}

/** A person's runs in flight, locked (a claim holding one finishes first). */
async function inFlight(trx: Tx, ws: string, personIds: string[]): Promise<LiveRun[]> {
  const r = await sql<LiveRun>`
    SELECT id, journey_id, version, step_seq, person_id FROM engage_journey_runs
    WHERE workspace_id = ${ws} AND person_id = ANY(${personIds}::uuid[]) AND state IN ('active', 'waiting')
    FOR UPDATE`.execute(trx);
  return r.rows;
}

/** Runs exit with `reason`, the open step closed (outcome 'exited'); on `timelineOf`'s timeline when given. */
async function exitRuns(
  k: EngageBaseKernel,
  trx: Tx,
  ws: string,
  runs: LiveRun[],
  reason: string,
  now: Date,
  timelineOf: string | null,
): Promise<void> {
  if (!runs.length) return;
  const ids = runs.map((r) => r.id);
  await sql`
    UPDATE engage_journey_runs SET state = 'exited', exit_reason = ${reason}, finished_at = ${now}, due_at = NULL,
      waiting_for = NULL
    WHERE workspace_id = ${ws} AND id = ANY(${ids}::uuid[]) AND state IN ('active', 'waiting')`.execute(trx);
  await sql`
    UPDATE engage_journey_steps s SET left_at = ${now}, outcome = 'exited'
    FROM engage_journey_runs r
    WHERE r.workspace_id = ${ws} AND r.id = ANY(${ids}::uuid[]) AND s.workspace_id = r.workspace_id AND s.run_id = r.id
      AND s.seq = r.step_seq AND s.left_at IS NULL`.execute(trx);
  if (timelineOf)
    await k.cdp.directory.appendEvents(
      trx,
      ws,
      runs.map((r) => ({
        personId: timelineOf,
        type: 'journey',
        event: JOURNEY_EVENT.exited,
        messageId: `jr:${r.id}:exit`,
        occurredAt: now,
        properties: { journeyId: r.journey_id, version: r.version, reason },
      })),
    );
}
