import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { TEST_DB, freshDatabase } from '../../../test/helpers.ts';
import { createKernel, loadConfig, openDatabase, type AppKernel } from '../../app/index.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { newId } from '../../core/ids.ts';

/**
 * Two runtimes (two kernels, as two worker processes would be) on one PostgreSQL database claim
 * the same due runs at the same time: SKIP LOCKED gives each run to one of them, so no step runs
 * twice (one log row per step, the points given once) and every run completes. PGlite has one
 * connection and one process: there is nothing to race there (the claim's other paths run in
 * steps.test.ts on both databases).
 */
const PERSONS = 600;

describe.skipIf(TEST_DB !== 'postgres')('journeys: two runtimes on one database', () => {
  let drop: () => Promise<void>;
  const kernels: AppKernel[] = [];

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    const config = loadConfig(
      { logLevel: 'silent', jobPollSeconds: 0.5, rateLimitPerMinute: 0, secretKey: randomBytes(32).toString('hex') },
      {},
    );
    kernels.push(await createKernel(config, { database: fresh.database }));
    const second = await openDatabase({ databaseUrl: fresh.url!, dataDir: 'unused', poolSize: 5 });
    kernels.push(await createKernel(config, { database: second }));
    for (const k of kernels) await k.start();
  });
  afterAll(async () => {
    for (const k of kernels.reverse()) await k.close().catch(() => {});
    await drop?.();
  });

  it('each due run is claimed by one runtime: every step once, every run completed', async () => {
    const [a, b] = kernels;
    const ws = (await a.auth.ensureWorkspace('journey-two')).id;
    const actor = systemActor(ws, 'journey test');
    const ids = Array.from({ length: PERSONS }, () => newId());
    await sql`INSERT INTO persons (workspace_id, id, traits) SELECT ${ws}, x, '{}'::jsonb FROM unnest(${ids}::uuid[]) AS x`.execute(
      a.db,
    );
    const j = await a.engage.journeys.create(actor, {
      name: 'Race',
      definition: {
        entry: { api: true },
        steps: [
          { id: 'p', type: 'give_points', points: 7 },
          { id: 'w', type: 'wait', duration: '1h' },
          { id: 't', type: 'update_trait', trait: 'raced', value: true },
          { id: 'p2', type: 'give_points', points: 3 },
        ],
      },
    });
    await a.engage.journeys.publish(actor, j.id);
    const def = (await a.engage.journeys.get(ws, j.id)).definition;
    // Entered by both kernels at once (half each); the runtimes woke by the entries race from here.
    await Promise.all(
      [a, b].map((k, i) =>
        k.db.transaction().execute((trx) =>
          k.engage.journeys.runtime.entries.enter(
            trx,
            ws,
            { id: j.id, name: 'Race', version: 1, def },
            ids.filter((_, n) => n % 2 === i).map((personId) => ({ personId })),
          ),
        ),
      ),
    );
    const drain = async (k: AppKernel, now: Date) => {
      for (let round = 0; round < 50; round++) if (!(await k.engage.journeys.runtime.step(now))) break;
    };
    // Until nothing is due at `now`: a run still held by a runtime's own (woken) claim is skipped by
    // the other drains and is due again only if that claim rolled back, so wait for them and look.
    const settle = async (now: Date) => {
      for (let round = 0; round < 100; round++) {
        await Promise.all([drain(a, now), drain(b, now)]);
        await Promise.all(kernels.map((k) => k.engage.journeys.runtime.idle()));
        const due = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM engage_journey_runs
          WHERE workspace_id = ${ws} AND state IN ('active', 'waiting') AND due_at <= ${now}`.execute(a.db);
        if (due.rows[0].n === 0) return;
      }
    };
    await settle(new Date());
    await settle(new Date(Date.now() + 3_700_000));

    const states = await sql<{ state: string; n: number }>`
      SELECT state, count(*)::int AS n FROM engage_journey_runs WHERE workspace_id = ${ws} GROUP BY state`.execute(
      a.db,
    );
    expect(states.rows).toEqual([{ state: 'completed', n: PERSONS }]);
    const dup = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (
        SELECT run_id, step_id FROM engage_journey_steps WHERE workspace_id = ${ws} GROUP BY run_id, step_id HAVING count(*) > 1
      ) d`.execute(a.db);
    expect(dup.rows[0].n).toBe(0);
    const steps = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM engage_journey_steps WHERE workspace_id = ${ws}`.execute(a.db);
    expect(steps.rows[0].n).toBe(PERSONS * 4);
    const points = await sql<{ n: number; total: number }>`
      SELECT count(*)::int AS n, sum(points)::int AS total FROM loyalty_points WHERE workspace_id = ${ws}`.execute(
      a.db,
    );
    expect(points.rows[0]).toEqual({ n: PERSONS * 2, total: PERSONS * 10 });
    const timeline = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM events WHERE workspace_id = ${ws} AND type = 'journey' AND event = 'Journey Step'`.execute(
      a.db,
    );
    expect(timeline.rows[0].n).toBe(PERSONS * 4);
  }, 300_000);
});
