import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';
import { recomputeStats } from './computed-traits.ts';
import { foldBatch, queueCte, vacuumQueues } from './fold-queue.ts';

const MIN = 60_000;

/**
 * Computed traits off the acknowledged path (issue 14, item 4): ingest queues what it stored, the
 * fold follower adds it to person_stats exactly once, whatever order concurrent writers commit
 * in, and merges, undos and erasures of persons with queued events count nothing twice. The
 * process runs no worker (role api): nothing polls, so what is queued stays queued until a test
 * says so (cdp.settled) or an ingest in this process wakes the follower.
 */
describe('cdp: the computed traits follower', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey = '';
  let sourceId = '';
  let seq = 0;
  const t0 = Date.now() - 60 * MIN;
  const { api } = apiClient(() => env.app, { auth: () => ws.auth });

  const batch = async (...messages: Record<string, unknown>[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `fold-${++seq}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  const personOf = async (userId: string): Promise<string> =>
    (await api('GET', `/api/v1/people/lookup?kind=user_id&value=${encodeURIComponent(userId)}`)).body.id;
  const personOfAnon = async (anonymousId: string): Promise<string> =>
    (await api('GET', `/api/v1/people/lookup?kind=anonymous_id&value=${encodeURIComponent(anonymousId)}`)).body.id;

  /**
   * Stores `n` orders of 10 for a person and queues them, in one statement as ingest does
   * (fold-queue.ts queueCte), on `conn` — without waking the follower. Returns the queue row's id.
   */
  const storeQueued = async (conn: DbOrTx, personId: string, n: number): Promise<number> => {
    const rows = Array.from({ length: n }, () => ({
      id: newId(),
      message_id: `fold-raw-${++seq}`,
      person_id: personId,
      occurred_at: new Date(t0 + seq * 1000).toISOString(),
      properties: { revenue: 10 },
    }));
    const r = await sql<{ id: string }>`
      WITH ins AS (
        INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at, properties)
        SELECT ${ws.id}, x.id, x.message_id, 'track', 'Order Completed', x.person_id, ${sourceId}, 'first', x.occurred_at, now(), x.properties
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, message_id text, person_id uuid, occurred_at timestamptz, properties jsonb)
        RETURNING id, person_id
      ), queued AS (${queueCte(ws.id, 'ins')})
      SELECT (SELECT count(*) FROM queued)::int AS queued`.execute(conn);
    expect(r.rows[0]).toEqual({ queued: 1 });
    const id = await sql<{
      id: string;
    }>`SELECT currval(pg_get_serial_sequence('cdp_fold_queue', 'id'))::text AS id`.execute(conn);
    return Number(id.rows[0].id);
  };
  const stats = async (personId: string) =>
    env.kernel.db
      .selectFrom('person_stats')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', personId)
      .executeTakeFirst();
  const eventsOf = async (personId: string) =>
    Number(
      (
        await env.kernel.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ws.id)
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const queued = async () =>
    Number(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM cdp_fold_queue WHERE workspace_id = ${ws.id}`.execute(
          env.kernel.db,
        )
      ).rows[0].n,
    );
  /** The folded row equals a recompute from the person's events (every event counted once). */
  const expectExact = async (personId: string) => {
    const kept = await stats(personId);
    await recomputeStats(env.kernel.db, ws.id, personId);
    const recomputed = await stats(personId);
    expect({ ...kept, revenue: Number(kept?.revenue ?? 0) }).toEqual({
      ...recomputed,
      revenue: Number(recomputed?.revenue ?? 0),
    });
    expect(kept?.event_count ?? 0).toBe(await eventsOf(personId));
  };

  beforeAll(async () => {
    env = await startTestEnv({ role: 'api' });
    ws = await env.workspace('fold-ws');
    const src = (await api('POST', '/api/v1/sources', { name: 'Shop', kind: 'server' })).body;
    writeKey = src.writeKey;
    sourceId = src.id;
  });
  afterAll(async () => env?.close());

  it('acknowledges before folding: the events are queued, and settled() folds them once', async () => {
    await env.kernel.cdp.settled(ws.id);
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: {
        batch: [
          { messageId: 'ack-1', type: 'identify', userId: 'ack-user', traits: { name: 'Ack' } },
          {
            messageId: 'ack-2',
            type: 'track',
            userId: 'ack-user',
            event: 'Order Completed',
            properties: { revenue: 5 },
          },
        ],
      },
    });
    expect(r.statusCode).toBe(200);
    await env.kernel.cdp.settled(ws.id);
    expect(await queued()).toBe(0);
    const p = await personOf('ack-user');
    expect(await stats(p)).toMatchObject({ event_count: 2, order_count: 1 });
    // The segment stage got its note in the fold's transaction and took it.
    await env.kernel.segments.follower.idle();
    const dirty = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM segment_dirty WHERE workspace_id = ${ws.id}`.execute(env.kernel.db);
    expect(dirty.rows[0].n).toBe(0);
    await expectExact(p);
    // What each worker runs every 30 s for the queues' dead rows (PGlite has no autovacuum).
    await vacuumQueues(env.kernel.db);
  });

  it('two writers commit out of id order: both are folded, neither skipped nor twice', async () => {
    await batch({ type: 'identify', userId: 'writer-a' }, { type: 'identify', userId: 'writer-b' });
    await env.kernel.cdp.settled(ws.id);
    const a = await personOf('writer-a');
    const b = await personOf('writer-b');
    const before = { a: (await stats(a))?.event_count ?? 0, b: (await stats(b))?.event_count ?? 0 };

    if (env.kernel.database.kind === 'postgres') {
      // Two real transactions: A draws its queue id first and commits last.
      await env.kernel.db.connection().execute(async (ca) => {
        await sql`BEGIN`.execute(ca);
        const idA = await storeQueued(ca, a, 3);
        await env.kernel.db.connection().execute(async (cb) => {
          await sql`BEGIN`.execute(cb);
          const idB = await storeQueued(cb, b, 2);
          expect(idB).toBeGreaterThan(idA);
          await sql`COMMIT`.execute(cb);
        });
        // The follower folds B's row (a higher id); A's is not committed, so not visible.
        await env.kernel.cdp.settled(ws.id);
        expect((await stats(b))?.event_count).toBe(before.b + 2);
        expect((await stats(a))?.event_count ?? 0).toBe(before.a);
        await sql`COMMIT`.execute(ca);
      });
    } else {
      // One connection (PGlite): transactions never overlap, so a lower id committing after a
      // higher one was folded is staged — B's row is folded, then A's row appears below it.
      const idB = await storeQueued(env.kernel.db, b, 2);
      await env.kernel.cdp.settled(ws.id);
      expect((await stats(b))?.event_count).toBe(before.b + 2);
      await env.kernel.db.transaction().execute(async (trx) => {
        const idA = await storeQueued(trx, a, 3);
        await sql`
          INSERT INTO cdp_fold_queue (workspace_id, id, event_ids, person_ids, events, created_at) OVERRIDING SYSTEM VALUE
          SELECT workspace_id, ${idB - 1}, event_ids, person_ids, events, created_at FROM cdp_fold_queue WHERE workspace_id = ${ws.id} AND id = ${idA}`.execute(
          trx,
        );
        await sql`DELETE FROM cdp_fold_queue WHERE workspace_id = ${ws.id} AND id = ${idA}`.execute(trx);
      });
    }
    // The row with the lower id, committed last, is folded too.
    await env.kernel.cdp.settled(ws.id);
    expect(await queued()).toBe(0);
    expect((await stats(a))?.event_count).toBe(before.a + 3);
    expect((await stats(b))?.event_count).toBe(before.b + 2);
    await expectExact(a);
    await expectExact(b);
  });

  it('folds running at once (two processes) claim disjoint rows: each row is folded once', async () => {
    await batch({ type: 'identify', userId: 'twice-a' }, { type: 'identify', userId: 'twice-b' });
    await env.kernel.cdp.settled(ws.id);
    const a = await personOf('twice-a');
    const b = await personOf('twice-b');
    for (let i = 0; i < 20; i++) await storeQueued(env.kernel.db, i % 2 ? a : b, 1 + (i % 3));
    let folded = 0;
    while (await queued()) {
      const r = await Promise.all([foldBatch(env.kernel.db, ws.id), foldBatch(env.kernel.db, ws.id)]);
      folded += r[0].rows + r[1].rows;
    }
    expect(folded).toBe(20);
    await expectExact(a);
    await expectExact(b);
  });

  it('a merge folds the queued events of both persons first: the recompute counts them once', async () => {
    await batch(
      { type: 'identify', userId: 'merge-known', traits: { name: 'Known' } },
      { type: 'page', anonymousId: 'merge-anon', name: 'Home', timestamp: new Date(t0).toISOString() },
    );
    await env.kernel.cdp.settled(ws.id);
    const known = await personOf('merge-known');
    const anon = await personOfAnon('merge-anon');
    // Queued, not folded: both persons have events waiting.
    await storeQueued(env.kernel.db, anon, 4);
    await storeQueued(env.kernel.db, known, 2);
    expect(await queued()).toBe(2);
    // The identify that links them merges anon into known (ingest's exclusive path).
    await batch({ type: 'identify', userId: 'merge-known', anonymousId: 'merge-anon' });
    await env.kernel.cdp.settled(ws.id);
    expect(await personOfAnon('merge-anon')).toBe(known);
    const s = await stats(known);
    // identify + 2 orders + page + 4 orders + the linking identify
    expect(s).toMatchObject({ event_count: 9, order_count: 6 });
    expect(Number(s?.revenue)).toBe(60);
    expect(await stats(anon)).toBeUndefined();
    await expectExact(known);

    // Undo with events queued for the surviving person: folded first as well.
    await storeQueued(env.kernel.db, known, 1);
    const [m] = (await api('GET', `/api/v1/merges?personId=${known}`)).body.data;
    expect((await api('POST', `/api/v1/merges/${m.id}/undo`)).status).toBe(200);
    await env.kernel.cdp.settled(ws.id);
    expect(await queued()).toBe(0);
    expect((await stats(anon))?.event_count).toBe(5);
    await expectExact(anon);
    await expectExact(known);
  });

  it('an erased person with queued events gets no stats row back', async () => {
    await batch({ type: 'identify', userId: 'erase-me' });
    await env.kernel.cdp.settled(ws.id);
    const p = await personOf('erase-me');
    await storeQueued(env.kernel.db, p, 3);
    await env.kernel.privacy.erase(systemActor(ws.id, 'test'), p);
    await env.kernel.cdp.settled(ws.id);
    expect(await queued()).toBe(0);
    expect(await stats(p)).toBeUndefined();
  });

  it('exactly once over many concurrent batches with merges: every row equals a recompute', async () => {
    const users = Array.from({ length: 8 }, (_, i) => `many-${i}`);
    const at = (k: number) => new Date(t0 + (k % 600) * 1000).toISOString(); // within one session
    const batches = Array.from({ length: 24 }, (_, b) =>
      Array.from({ length: 15 }, (_, i) => {
        const k = b * 15 + i;
        const userId = users[k % users.length];
        if (k % 11 === 0) return { type: 'identify', userId, anonymousId: `many-anon-${k % 5}`, timestamp: at(k) };
        if (k % 3 === 0) return { type: 'page', anonymousId: `many-anon-${k % 5}`, name: 'Home', timestamp: at(k) };
        return {
          type: 'track',
          userId,
          event: k % 2 ? 'Order Completed' : 'Product Viewed',
          properties: { revenue: k },
          timestamp: at(k),
        };
      }),
    );
    await Promise.all(batches.map((b) => batch(...b)));
    await env.kernel.cdp.settled(ws.id);
    expect(await queued()).toBe(0);
    const persons = await sql<{ person_id: string }>`
      SELECT DISTINCT person_id FROM events WHERE workspace_id = ${ws.id} AND person_id IS NOT NULL`.execute(
      env.kernel.db,
    );
    for (const { person_id } of persons.rows) await expectExact(person_id);
    // Every stored event is in exactly one person's count.
    const totals = await sql<{ events: number; counted: number }>`
      SELECT (SELECT count(*) FROM events WHERE workspace_id = ${ws.id})::int AS events,
             (SELECT coalesce(sum(event_count), 0) FROM person_stats WHERE workspace_id = ${ws.id})::int AS counted`.execute(
      env.kernel.db,
    );
    expect(totals.rows[0].counted).toBe(totals.rows[0].events);
  });

  it('membership: a segment_dirty row whose lease has passed (its process died) is evaluated and removed', async () => {
    const seg = await api('POST', '/api/v1/segments', {
      name: 'Dead lease',
      rule: { event: 'Lease Test', count: { gte: 1 } },
    });
    expect(seg.status).toBe(201);
    await batch({ type: 'identify', userId: 'lease-user' });
    await env.kernel.segments.follower.idle();
    const p = await personOf('lease-user');
    // The event is stored and folded, but the process that leased its note died before evaluating.
    await env.kernel.db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO events (workspace_id, id, message_id, type, event, person_id, source_id, origin, occurred_at, received_at)
        VALUES (${ws.id}, ${newId()}, 'lease-1', 'track', 'Lease Test', ${p}, ${sourceId}, 'first', now(), now())`.execute(
        trx,
      );
      await sql`
        INSERT INTO segment_dirty (workspace_id, person_ids, events, traits, claimed_until, attempts)
        VALUES (${ws.id}, ARRAY[${p}]::uuid[], ARRAY['Lease Test'], false, now() - interval '1 second', 1)`.execute(
        trx,
      );
    });
    await env.kernel.segments.follower.idle();
    const members = (await api('GET', `/api/v1/segments/${seg.body.id}/members`)).body.data;
    expect(members.map((m: { personId: string }) => m.personId)).toEqual([p]);
    const left = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM segment_dirty WHERE workspace_id = ${ws.id}`.execute(env.kernel.db);
    expect(left.rows[0].n).toBe(0);
  });
});
