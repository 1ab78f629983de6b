import { sql } from 'kysely';
import type { DbOrTx } from '../../core/db/schema.ts';
import type { JourneyDefinition, StepType } from './definition.ts';
import type { RunState } from './tables.ts';

/*
 * A journey's numbers, aggregated in SQL from the runs (positions) and the step log.
 *
 * Per step (the treatment; the hold-out takes no steps): `entered` = times a person entered the
 * step (log rows), `waiting` = runs there now (active or waiting), `completed` = left it onward
 * (any outcome but 'exited', 'error' or 'migrated'), `exited` = left the journey there (outcome
 * 'exited' or 'error'), `converted` = distinct runs that passed the step and reached the goal.
 * Journey: runs by group and state; conversionRate = converted / entered (treatment),
 * controlConversionRate the same over the hold-out, uplift their difference (null when a group
 * is empty). Branches: per branch or split step and outcome, the distinct runs that took it and
 * how many of them converted.
 */

export interface StepStats {
  stepId: string;
  type: StepType | null;
  entered: number;
  waiting: number;
  completed: number;
  exited: number;
  converted: number;
}
export interface JourneyStats {
  data: StepStats[];
  journey: {
    entered: number;
    active: number;
    completed: number;
    exited: number;
    converted: number;
    conversionRate: number | null;
    controlEntered: number;
    controlConverted: number;
    controlConversionRate: number | null;
    uplift: number | null;
  };
  branches: { stepId: string; outcome: string; entered: number; converted: number; conversionRate: number | null }[];
}

const rate = (a: number, b: number) => (b ? a / b : null);

export async function journeyStats(
  db: DbOrTx,
  ws: string,
  j: { id: string; version: number | null; definition: JourneyDefinition },
  version?: number,
): Promise<JourneyStats> {
  const versions = await db
    .selectFrom('engage_journey_versions')
    .select(['version', 'definition'])
    .where('workspace_id', '=', ws)
    .where('journey_id', '=', j.id)
    .orderBy('version', 'desc')
    .execute();
  // The steps shown: the asked version's, else the latest published (else the draft's); step ids
  // only older versions have follow, typed by the newest version that has them.
  const shown = (version !== undefined ? versions.find((v) => v.version === version) : versions[0])?.definition;
  const types = new Map<string, StepType>();
  for (const d of [shown ?? j.definition, ...versions.map((v) => v.definition)])
    for (const s of d.steps) if (!types.has(s.id)) types.set(s.id, s.type);
  const ver = version !== undefined ? sql`AND s.version = ${version}` : sql``;
  const rver = version !== undefined ? sql`AND r.version = ${version}` : sql``;

  const steps = await sql<{ step_id: string; entered: number; completed: number; exited: number; converted: number }>`
    SELECT s.step_id,
      count(*)::int AS entered,
      count(*) FILTER (WHERE s.left_at IS NOT NULL AND coalesce(s.outcome, '') NOT IN ('exited', 'error', 'migrated'))::int AS completed,
      count(*) FILTER (WHERE s.outcome IN ('exited', 'error'))::int AS exited,
      count(DISTINCT s.run_id) FILTER (WHERE r.state = 'converted')::int AS converted
    FROM engage_journey_steps s
    JOIN engage_journey_runs r ON r.workspace_id = s.workspace_id AND r.id = s.run_id
    WHERE s.workspace_id = ${ws} AND s.journey_id = ${j.id} ${ver}
    GROUP BY s.step_id
  `.execute(db);
  const waiting = await sql<{ step_id: string; n: number }>`
    SELECT r.step_id, count(*)::int AS n FROM engage_journey_runs r
    WHERE r.workspace_id = ${ws} AND r.journey_id = ${j.id} AND r.state IN ('active', 'waiting')
      AND r.grp = 'treatment' AND r.step_id IS NOT NULL ${rver}
    GROUP BY r.step_id
  `.execute(db);
  const runs = await sql<{ grp: 'treatment' | 'control'; state: RunState; n: number }>`
    SELECT r.grp, r.state, count(*)::int AS n FROM engage_journey_runs r
    WHERE r.workspace_id = ${ws} AND r.journey_id = ${j.id} ${rver}
    GROUP BY r.grp, r.state
  `.execute(db);
  const forks = [...types].filter(([, t]) => t === 'branch' || t === 'split').map(([id]) => id);
  const branchRows = forks.length
    ? (
        await sql<{ step_id: string; outcome: string; entered: number; converted: number }>`
          SELECT s.step_id, s.outcome, count(DISTINCT s.run_id)::int AS entered,
            count(DISTINCT s.run_id) FILTER (WHERE r.state = 'converted')::int AS converted
          FROM engage_journey_steps s
          JOIN engage_journey_runs r ON r.workspace_id = s.workspace_id AND r.id = s.run_id
          WHERE s.workspace_id = ${ws} AND s.journey_id = ${j.id} ${ver}
            AND s.step_id IN (${sql.join(forks)}) AND s.outcome IS NOT NULL
            AND s.outcome NOT IN ('exited', 'error', 'migrated')
          GROUP BY s.step_id, s.outcome
          ORDER BY s.step_id, s.outcome
        `.execute(db)
      ).rows
    : [];

  const by = new Map(steps.rows.map((r) => [r.step_id, r]));
  const wait = new Map(waiting.rows.map((r) => [r.step_id, r.n]));
  const order = [...(shown ?? j.definition).steps.map((s) => s.id)];
  for (const id of [...by.keys(), ...wait.keys()]) if (!order.includes(id)) order.push(id);
  const data = order.map((stepId) => {
    const r = by.get(stepId);
    return {
      stepId,
      type: types.get(stepId) ?? null,
      entered: r?.entered ?? 0,
      waiting: wait.get(stepId) ?? 0,
      completed: r?.completed ?? 0,
      exited: r?.exited ?? 0,
      converted: r?.converted ?? 0,
    };
  });

  const count = (grp: 'treatment' | 'control', states?: RunState[]) =>
    runs.rows.filter((r) => r.grp === grp && (!states || states.includes(r.state))).reduce((a, r) => a + r.n, 0);
  const entered = count('treatment');
  const converted = count('treatment', ['converted']);
  const controlEntered = count('control');
  const controlConverted = count('control', ['converted']);
  const conversionRate = rate(converted, entered);
  const controlConversionRate = rate(controlConverted, controlEntered);
  return {
    data,
    journey: {
      entered,
      active: count('treatment', ['active', 'waiting']),
      completed: count('treatment', ['completed']),
      exited: count('treatment', ['exited']),
      converted,
      conversionRate,
      controlEntered,
      controlConverted,
      controlConversionRate,
      uplift: conversionRate !== null && controlConversionRate !== null ? conversionRate - controlConversionRate : null,
    },
    branches: branchRows.map((b) => ({
      stepId: b.step_id,
      outcome: b.outcome,
      entered: b.entered,
      converted: b.converted,
      conversionRate: rate(b.converted, b.entered),
    })),
  };
}

export interface PersonJourney {
  runId: string;
  journeyId: string;
  journeyName: string;
  version: number;
  group: 'treatment' | 'control';
  state: RunState;
  stepId: string | null;
  exitReason: string | null;
  enteredAt: Date;
  finishedAt: Date | null;
  steps: {
    stepId: string;
    type: StepType | null;
    enteredAt: Date;
    leftAt: Date | null;
    outcome: string | null;
  }[];
}

/** A person's runs, newest first (at most 100), each with its step log in order. */
export async function personJourneys(db: DbOrTx, ws: string, personId: string): Promise<PersonJourney[]> {
  const runs = await db
    .selectFrom('engage_journey_runs as r')
    .innerJoin('engage_journeys as j', (x) =>
      x.onRef('j.workspace_id', '=', 'r.workspace_id').onRef('j.id', '=', 'r.journey_id'),
    )
    .select([
      'r.id',
      'r.journey_id',
      'j.name',
      'r.version',
      'r.grp',
      'r.state',
      'r.step_id',
      'r.exit_reason',
      'r.entered_at',
      'r.finished_at',
    ])
    .where('r.workspace_id', '=', ws)
    .where('r.person_id', '=', personId)
    .orderBy('r.entered_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(100)
    .execute();
  if (!runs.length) return [];
  const steps = await db
    .selectFrom('engage_journey_steps')
    .select(['run_id', 'step_id', 'entered_at', 'left_at', 'outcome'])
    .where('workspace_id', '=', ws)
    .where(
      'run_id',
      'in',
      runs.map((r) => r.id),
    )
    .orderBy('run_id')
    .orderBy('seq')
    .limit(5000)
    .execute();
  const defs = await db
    .selectFrom('engage_journey_versions')
    .select(['journey_id', 'version', 'definition'])
    .where('workspace_id', '=', ws)
    .where('journey_id', 'in', [...new Set(runs.map((r) => r.journey_id))])
    .execute();
  const typeOf = (journeyId: string, version: number, stepId: string) =>
    defs.find((d) => d.journey_id === journeyId && d.version === version)?.definition.steps.find((s) => s.id === stepId)
      ?.type ?? null;
  return runs.map((r) => ({
    runId: r.id,
    journeyId: r.journey_id,
    journeyName: r.name,
    version: r.version,
    group: r.grp,
    state: r.state,
    stepId: r.step_id,
    exitReason: r.exit_reason,
    enteredAt: r.entered_at,
    finishedAt: r.finished_at,
    steps: steps
      .filter((s) => s.run_id === r.id)
      .map((s) => ({
        stepId: s.step_id,
        type: typeOf(r.journey_id, r.version, s.step_id),
        enteredAt: s.entered_at,
        leftAt: s.left_at,
        outcome: s.outcome,
      })),
  }));
}
