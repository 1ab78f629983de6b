import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import type { Kernel } from '../kernel.ts';

/**
 * Background jobs through the HTTP API: run, retry with attempts, dead letter and manual retry,
 * progress, cancel, tenancy, the transactional outbox and keyset pagination.
 */

type Auth = { authorization: string };

// What the test handlers saw, keyed by `data.key` so tests never share state.
const attemptsSeen = new Map<string, number[]>();
const flakyFailures = 2;
let alwaysFailing = true;
const gates = new Map<string, { release: () => void; opened: Promise<void> }>();

function gate(key: string) {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  gates.set(key, { release, opened });
  return release;
}

function defineTestJobs(kernel: Kernel) {
  kernel.jobs.define<{ key: string; value?: unknown }>({
    name: 'test.echo',
    handler: async (data) => ({ echoed: data.value ?? null }),
  });
  kernel.jobs.define<{ key: string }>({
    name: 'test.flaky',
    retryLimit: 3,
    retryDelaySeconds: 0,
    retryBackoff: false,
    handler: async (data, ctx) => {
      const seen = [...(attemptsSeen.get(data.key) ?? []), ctx.attempt];
      attemptsSeen.set(data.key, seen);
      if (seen.length <= flakyFailures) throw new Error(`flaky failure ${seen.length}`);
      return { succeededOnAttempt: ctx.attempt };
    },
  });
  kernel.jobs.define<{ key: string }>({
    name: 'test.always-fails',
    retryLimit: 1,
    retryDelaySeconds: 0,
    retryBackoff: false,
    handler: async (data, ctx) => {
      attemptsSeen.set(data.key, [...(attemptsSeen.get(data.key) ?? []), ctx.attempt]);
      if (alwaysFailing) throw new Error('always fails');
      return { recovered: true };
    },
  });
  kernel.jobs.define<{ key: string }>({
    name: 'test.gated',
    handler: async (data, ctx) => {
      await ctx.progress(0.5, 'half');
      await gates.get(data.key)!.opened;
      return { done: data.key };
    },
  });
}

describe('jobs', () => {
  let env: TestEnv;
  let a: { id: string; auth: Auth };
  let b: { id: string; auth: Auth };
  let viewerA: { auth: Auth };

  const get = async (url: string, auth: Auth) => {
    const res = await env.app.inject({ method: 'GET', url, headers: auth });
    return { status: res.statusCode, body: res.json() };
  };
  const post = async (url: string, auth: Auth) => {
    const res = await env.app.inject({ method: 'POST', url, headers: auth });
    return { status: res.statusCode, body: res.json() };
  };
  const job = async (id: string, auth: Auth = a.auth) => {
    const r = await get(`/api/v1/jobs/${id}`, auth);
    expect(r.status).toBe(200);
    return r.body;
  };
  const whenState = (id: string, state: string) =>
    eventually(async () => {
      const j = await job(id);
      return j.state === state ? j : null;
    }, 30_000);

  beforeAll(async () => {
    env = await startTestEnv({}, { beforeStart: defineTestJobs });
    a = await env.workspace('jobs-a');
    b = await env.workspace('jobs-b');
    viewerA = await env.workspace('jobs-a', 'viewer');
  });
  afterAll(async () => {
    for (const g of gates.values()) g.release();
    await env?.close();
  });

  it('runs a job to completion; its output and state are visible through the API', async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'echo-1', value: { hello: 'world' } });
    const done = await whenState(id, 'completed');
    expect(done).toMatchObject({ id, name: 'test.echo', state: 'completed', attempts: 1, progress: 1 });
    expect(done.output).toEqual({ echoed: { hello: 'world' } });
    expect(done.data).toMatchObject({ key: 'echo-1', value: { hello: 'world' }, workspaceId: a.id });
    expect(done.startedAt).not.toBeNull();
    expect(done.completedAt).not.toBeNull();

    const list = await get('/api/v1/jobs?state=completed', a.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((j: any) => j.id)).toContain(id);
    expect(list.body.names).toEqual(
      expect.arrayContaining(['test.echo', 'test.flaky', 'test.always-fails', 'test.gated']),
    );
  });

  it('retries a failing handler and completes, with the attempts counted', async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.flaky', { key: 'flaky-1' });
    const done = await whenState(id, 'completed');
    expect(attemptsSeen.get('flaky-1')).toEqual([1, 2, 3]);
    expect(done).toMatchObject({ state: 'completed', attempts: 3, retryLimit: 3 });
    expect(done.output).toEqual({ succeededOnAttempt: 3 });
  });

  it('moves a job that exhausts its retries to the dead-letter state; retry re-queues it', async () => {
    alwaysFailing = true;
    const id = await env.kernel.jobs.enqueue(a.id, 'test.always-fails', { key: 'dead-1' });

    const dead = await eventually(async () => {
      const r = await get('/api/v1/jobs?state=dead', a.auth);
      return r.body.data.find((j: any) => j.data.key === 'dead-1');
    });
    expect(attemptsSeen.get('dead-1')).toEqual([1, 2]); // retryLimit 1: two attempts in all
    expect(dead).toMatchObject({ state: 'dead', name: 'test.always-fails' });
    // the original ends failed, and only the dead-letter copy is listed as dead
    const original = await job(id);
    expect(original).toMatchObject({ state: 'failed', deadLettered: true });
    expect(dead.attempts).toBe(2);
    // The original is not listed (its dead copy is) and cannot be retried: no job runs twice.
    const all = await get('/api/v1/jobs?limit=500', a.auth);
    expect(all.body.data.map((j: any) => j.id)).not.toContain(id);
    const twice = await post(`/api/v1/jobs/${id}/retry`, a.auth);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CONFLICT');
    const byName = await get('/api/v1/jobs?state=dead&name=test.always-fails', a.auth);
    expect(byName.body.data.map((j: any) => j.id)).toContain(dead.id);
    const otherName = await get('/api/v1/jobs?state=dead&name=test.echo', a.auth);
    expect(otherName.body.data.map((j: any) => j.id)).not.toContain(dead.id);

    alwaysFailing = false;
    const retried = await post(`/api/v1/jobs/${dead.id}/retry`, a.auth);
    expect(retried.status).toBe(200);
    expect(retried.body.name).toBe('test.always-fails');
    expect(retried.body.id).not.toBe(dead.id);
    expect(['created', 'active', 'completed']).toContain(retried.body.state);
    expect(retried.body.data).toMatchObject({ key: 'dead-1', workspaceId: a.id });

    const done = await whenState(retried.body.id, 'completed');
    expect(done.output).toEqual({ recovered: true });
    const stillDead = await get('/api/v1/jobs?state=dead', a.auth);
    expect(stillDead.body.data.map((j: any) => j.id)).not.toContain(dead.id);
    expect((await get(`/api/v1/jobs/${dead.id}`, a.auth)).status).toBe(404);
  });

  it('shows progress reported by a running handler', async () => {
    const release = gate('gated-1');
    const id = await env.kernel.jobs.enqueue(a.id, 'test.gated', { key: 'gated-1' });
    const running = await eventually(async () => {
      const j = await job(id);
      return j.state === 'active' && j.progress === 0.5 ? j : null;
    });
    expect(running.progressMessage).toBe('half');
    expect(running.completedAt).toBeNull();
    release();
    const done = await whenState(id, 'completed');
    expect(done.output).toEqual({ done: 'gated-1' });
    expect(done.progress).toBe(1);
  });

  it('cancels a queued job; a cancelled job cannot be cancelled again', async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'cancel-1' }, { startAfterSeconds: 3600 });
    expect((await job(id)).state).toBe('created');
    const r = await post(`/api/v1/jobs/${id}/cancel`, a.auth);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, state: 'cancelled' });
    expect((await job(id)).state).toBe('cancelled');
    const again = await post(`/api/v1/jobs/${id}/cancel`, a.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses to retry a completed job (409 CONFLICT)', async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'done-1' });
    await whenState(id, 'completed');
    const r = await post(`/api/v1/jobs/${id}/retry`, a.auth);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect((await job(id)).state).toBe('completed');
  });

  it("hides one workspace's jobs from another's key", async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'tenant-1' }, { startAfterSeconds: 3600 });
    const fromB = await get(`/api/v1/jobs/${id}`, b.auth);
    expect(fromB.status).toBe(404);
    expect(fromB.body.error.code).toBe('NOT_FOUND');
    const listB = await get('/api/v1/jobs?limit=500', b.auth);
    expect(listB.status).toBe(200);
    expect(listB.body.data.map((j: any) => j.id)).not.toContain(id);
    expect(listB.body.data.every((j: any) => j.data.workspaceId === b.id)).toBe(true);
    expect((await post(`/api/v1/jobs/${id}/cancel`, b.auth)).status).toBe(404);
    expect((await post(`/api/v1/jobs/${id}/retry`, b.auth)).status).toBe(404);
    // still queued in its own workspace
    expect((await job(id, a.auth)).state).toBe('created');
    const listA = await get('/api/v1/jobs?limit=500', a.auth);
    expect(listA.body.data.map((j: any) => j.id)).toContain(id);
  });

  it('writes a job enqueued in a transaction only if the transaction commits', async () => {
    let rolledBack = '';
    await expect(
      env.kernel.db.transaction().execute(async (trx) => {
        rolledBack = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'outbox-rollback' }, { trx });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(rolledBack).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(`/api/v1/jobs/${rolledBack}`, a.auth)).status).toBe(404);

    const committed = await env.kernel.db
      .transaction()
      .execute((trx) => env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'outbox-commit', value: 1 }, { trx }));
    const done = await whenState(committed, 'completed');
    expect(done.output).toEqual({ echoed: 1 });
    const all = await get('/api/v1/jobs?limit=500', a.auth);
    expect(all.body.data.some((j: any) => j.data.key === 'outbox-rollback')).toBe(false);
  });

  it('pages through all jobs with limit and nextCursor, without duplicates or gaps', async () => {
    const ws = await env.workspace('jobs-pages');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await env.kernel.jobs.enqueue(ws.id, 'test.echo', { key: `page-${i}` }, { startAfterSeconds: 3600 }));
    // Jobs written in one transaction share created_on to the microsecond (as webhook fan-out does).
    await env.kernel.db.transaction().execute(async (trx) => {
      for (let i = 3; i < 7; i++)
        ids.push(
          await env.kernel.jobs.enqueue(ws.id, 'test.echo', { key: `page-${i}` }, { trx, startAfterSeconds: 3600 }),
        );
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/jobs?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const r = await get(url, ws.auth);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.data.map((j: any) => j.id));
      cursor = r.body.nextCursor;
      pages++;
      expect(pages).toBeLessThanOrEqual(10);
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(pages).toBe(4);
    // newest first
    const full = await get('/api/v1/jobs?limit=500', ws.auth);
    expect(full.body.data.map((j: any) => j.id)).toEqual(seen);
  });

  it('rejects a malformed cursor with 400', async () => {
    const r = await get('/api/v1/jobs?cursor=bm90IGpzb24', a.auth);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lets a viewer read jobs but not retry or cancel them (403 FORBIDDEN)', async () => {
    const id = await env.kernel.jobs.enqueue(a.id, 'test.echo', { key: 'viewer-1' }, { startAfterSeconds: 3600 });
    expect((await get(`/api/v1/jobs/${id}`, viewerA.auth)).status).toBe(200);
    for (const action of ['retry', 'cancel']) {
      const r = await post(`/api/v1/jobs/${id}/${action}`, viewerA.auth);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await job(id)).state).toBe('created');
  });

  it('requires authentication and a UUID id', async () => {
    const anon = await env.app.inject({ method: 'GET', url: '/api/v1/jobs' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    const bad = await get('/api/v1/jobs/not-a-uuid', a.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('params.id');
  });
});
