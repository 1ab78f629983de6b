import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import { BROADCAST_JOB } from './broadcasts.ts';

/** Broadcasts: references checked, the audience frozen into the ledger once, pause/resume/cancel, scheduling. */
describe('engage: broadcasts', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let channelId: string;
  let templateId: string;
  let smsTemplateId: string;
  let listId: string;
  const N = 5;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  const insertChannel = async (w: string, type: 'email' | 'sms') => {
    const id = newId();
    await env.kernel.db
      .insertInto('engage_channels')
      .values({
        workspace_id: w,
        id,
        type,
        name: type,
        config: '{}',
        secrets: null,
        rate_per_second: null,
        deleted_at: null,
      })
      .execute();
    return id;
  };
  const insertTemplate = async (w: string, channel: 'email' | 'sms') => {
    const id = newId();
    await env.kernel.db
      .insertInto('engage_templates')
      .values({ workspace_id: w, id, channel, name: `T ${channel}`, group_id: null, archived_at: null })
      .execute();
    return id;
  };
  const ledger = (broadcastId: string) =>
    sql<{ n: number; keys: number; held: number; queued: number; cancelled: number }>`
      SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys,
        count(*) FILTER (WHERE status = 'queued' AND send_after = 'infinity'::timestamptz)::int AS held,
        count(*) FILTER (WHERE status = 'queued')::int AS queued,
        count(*) FILTER (WHERE status = 'suppressed' AND reason = 'cancelled')::int AS cancelled
      FROM engage_messages WHERE workspace_id = ${ws.id} AND broadcast_id = ${broadcastId}
    `
      .execute(env.kernel.db)
      .then((r) => r.rows[0]);
  const create = (over: Record<string, unknown> = {}) =>
    ok('POST', '/broadcasts', { name: 'Зимняя распродажа', segmentId: listId, channelId, templateId, ...over });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('broadcasts-ws');
    other = await env.workspace('broadcasts-other');
    channelId = await insertChannel(ws.id, 'email');
    templateId = await insertTemplate(ws.id, 'email');
    smsTemplateId = await insertTemplate(ws.id, 'sms');
    listId = (await ok('POST', '/segments', { name: 'Рассылка', kind: 'list' })).id;
    const ids: string[] = [];
    for (let i = 0; i < N; i++)
      ids.push((await ok('POST', '/people', { firstName: `P${i}`, emails: [`p${i}@b.test`] })).id);
    await ok('POST', `/segments/${listId}/members`, { personIds: ids });
  });
  afterAll(async () => env?.close());

  it('refuses references of another workspace or a template that does not fit the channel, naming the field', async () => {
    const foreignSegment = (
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/segments',
        headers: other.auth,
        payload: { name: 'Чужой', kind: 'list' },
      })
    ).json().id;
    const cases: [Record<string, unknown>, string][] = [
      [{ segmentId: foreignSegment }, 'segmentId'],
      [{ channelId: await insertChannel(other.id, 'email') }, 'channelId'],
      [{ templateId: newId() }, 'templateId'],
      [{ templateId: smsTemplateId }, 'templateId'],
      [{ segmentId: 'nope' }, 'segmentId'],
      [{ name: '   ' }, 'name'],
    ];
    for (const [over, path] of cases) {
      const r = await api('POST', '/broadcasts', { name: 'X', segmentId: listId, channelId, templateId, ...over });
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
  });

  it('a list of N persons becomes N ledger messages once, even when the job runs twice more', async () => {
    const b = await create();
    expect(b).toMatchObject({ status: 'draft', queued: 0, total: null });
    expect((await ok('POST', `/broadcasts/${b.id}/send`, {})).status).toBe('running');
    const run = () => env.kernel.jobs.runNow(BROADCAST_JOB, { broadcastId: b.id }, { workspaceId: ws.id });
    await Promise.all([run(), run()]);
    const p = await eventually(async () => {
      const x = await ok('GET', `/broadcasts/${b.id}/progress`);
      return x.audienceFrozen ? x : null;
    });
    expect(p.total).toBe(N);
    await run(); // a restart after the audience was frozen adds nothing
    expect(await ledger(b.id)).toMatchObject({ n: N, keys: N });
    expect(await ok('GET', `/broadcasts/${b.id}`)).toMatchObject({ queued: N, total: N, audienceFrozen: true });
    const keys = await env.kernel.db
      .selectFrom('engage_messages')
      .select('idempotency_key')
      .where('workspace_id', '=', ws.id)
      .where('broadcast_id', '=', b.id)
      .execute();
    expect(keys.every((k) => k.idempotency_key.startsWith(`bc:${b.id}:`))).toBe(true);
    expect((await api('PATCH', `/broadcasts/${b.id}`, { name: 'later' })).status).toBe(409);
    expect((await api('POST', `/broadcasts/${b.id}/send`, {})).status).toBe(409);
    // Finished once every message is final (whatever the sender made of them; here: all marked sent).
    await sql`UPDATE engage_messages SET status = 'sent', sent_at = now() WHERE broadcast_id = ${b.id} AND status IN ('queued', 'sending')`.execute(
      env.kernel.db,
    );
    await eventually(async () => (await ok('GET', `/broadcasts/${b.id}`)).status === 'finished', 30_000);
    const stats = await ok('GET', `/broadcasts/${b.id}/stats`);
    expect(Object.keys(stats)).toEqual(
      expect.arrayContaining([
        'sent',
        'delivered',
        'opened',
        'clicked',
        'bounced',
        'unsubscribed',
        'deliveryRate',
        'openRate',
        'clickRate',
        'clickToOpenRate',
      ]),
    );
  });

  it('pause holds the queued messages, resume releases them, cancel suppresses them (reason cancelled)', async () => {
    // One a minute: all but the first wait in the queue long enough to be paused and cancelled.
    const b = await create({ name: 'Throttled', ratePerMinute: 1 });
    await ok('POST', `/broadcasts/${b.id}/send`);
    await eventually(async () => (await ok('GET', `/broadcasts/${b.id}/progress`)).audienceFrozen);
    const spaced = await sql<{ gap: number }>`
      SELECT extract(epoch FROM max(send_after) - min(send_after))::int AS gap FROM engage_messages
      WHERE workspace_id = ${ws.id} AND broadcast_id = ${b.id}
    `.execute(env.kernel.db);
    expect(spaced.rows[0].gap).toBeGreaterThanOrEqual((N - 1) * 60 - 2);

    expect((await ok('POST', `/broadcasts/${b.id}/pause`)).status).toBe('paused');
    const held = await ledger(b.id);
    expect(held.queued).toBeGreaterThanOrEqual(N - 1);
    expect(held.held).toBe(held.queued);
    expect((await api('POST', `/broadcasts/${b.id}/pause`)).status).toBe(409);

    expect((await ok('POST', `/broadcasts/${b.id}/resume`)).status).toBe('running');
    const released = await ledger(b.id);
    expect(released.held).toBe(0);
    expect(released.queued).toBeGreaterThanOrEqual(N - 2);

    expect((await ok('POST', `/broadcasts/${b.id}/cancel`)).status).toBe('cancelled');
    const after = await ledger(b.id);
    expect(after.queued).toBe(0);
    expect(after.cancelled).toBeGreaterThanOrEqual(N - 2);
    expect((await api('POST', `/broadcasts/${b.id}/resume`)).status).toBe(409);
    const stats = await ok('GET', `/broadcasts/${b.id}/stats`);
    expect(stats.suppressed).toBeGreaterThanOrEqual(after.cancelled);
  });

  it('scheduled for later: nothing is created until then; a draft can be edited and deleted', async () => {
    const b = await create({ name: 'Later' });
    const at = new Date(Date.now() + 3600_000).toISOString();
    const s = await ok('POST', `/broadcasts/${b.id}/send`, { at });
    expect(s.status).toBe('scheduled');
    expect(new Date(s.scheduledAt).toISOString()).toBe(at);
    expect((await ledger(b.id)).n).toBe(0);
    expect((await ok('POST', `/broadcasts/${b.id}/cancel`)).status).toBe('cancelled');
    // The job, should it run now, finds a cancelled broadcast and creates nothing.
    await env.kernel.jobs.runNow(BROADCAST_JOB, { broadcastId: b.id }, { workspaceId: ws.id });
    expect((await ledger(b.id)).n).toBe(0);

    const d = await create({ name: 'Draft' });
    expect((await ok('PATCH', `/broadcasts/${d.id}`, { name: 'Draft 2', ratePerMinute: 60 })).name).toBe('Draft 2');
    expect((await api('PATCH', `/broadcasts/${d.id}`, { templateId: smsTemplateId })).body.error.details[0].path).toBe(
      'templateId',
    );
    const list = await ok('GET', '/broadcasts?limit=2');
    expect(list.data.length).toBe(2);
    expect(list.nextCursor).not.toBeNull();
    const next = await ok('GET', `/broadcasts?limit=50&cursor=${list.nextCursor}`);
    expect([...list.data, ...next.data].map((x: any) => x.id)).toContain(d.id);
    expect((await api('DELETE', `/broadcasts/${d.id}`)).status).toBe(204);
    expect((await api('GET', `/broadcasts/${d.id}`)).status).toBe(404);
    expect(
      (await env.app.inject({ method: 'GET', url: `/api/v1/broadcasts/${b.id}`, headers: other.auth })).statusCode,
    ).toBe(404);
  });
});
