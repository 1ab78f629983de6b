import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, BROWSER, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { systemActor } from '../auth/actor.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { newId } from '../ids.ts';
import type { NotificationInput } from './notifications.ts';

/** In-app notifications over HTTP: private per user, newest first with keyset pages, unread, mark read. */
describe('core: notifications', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let anna: { id: string; cookie: { cookie: string } };
  let ivan: { id: string; cookie: { cookie: string } };
  let stranger: string;

  const { api } = apiClient(() => env.app, { prefix: '/api/v1' });
  const member = async (workspaceId: string, slug: string, email: string) => {
    const id = (
      await env.kernel.auth.createMember(systemActor(workspaceId), {
        email,
        name: email,
        password: 'member-password',
        role: 'viewer',
      })
    ).id;
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: BROWSER,
      payload: { email, password: 'member-password', workspace: slug },
    });
    expect(r.statusCode, r.body).toBe(200);
    const token = r.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    return { id, cookie: { cookie: `${SESSION_COOKIE}=${token}` } };
  };
  const notify = (inputs: NotificationInput[]) =>
    env.kernel.db.transaction().execute((trx) => env.kernel.notifications.create(trx, inputs));
  const note = (userId: string, title: string, workspaceId = ws.id): NotificationInput => ({
    workspaceId,
    userId,
    kind: 'test.note',
    title,
    link: '/agenda',
    data: { title },
  });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('notes-ws');
    other = await env.workspace('notes-other');
    anna = await member(ws.id, 'notes-ws', 'anna@notes.test');
    ivan = await member(ws.id, 'notes-ws', 'ivan@notes.test');
    stranger = (await member(other.id, 'notes-other', 'stranger@notes.test')).id;
  });
  afterAll(async () => env?.close());

  it("each user sees and changes only their own; another user's id is a 404", async () => {
    const [a1, a2, i1] = await notify([note(anna.id, 'Anna 1'), note(anna.id, 'Anna 2'), note(ivan.id, 'Ivan 1')]);
    const annas = (await api('GET', '/notifications', undefined, anna.cookie)).body;
    expect(annas.data.map((n: any) => n.id)).toEqual([a2, a1]);
    expect(annas.data[0]).toMatchObject({
      kind: 'test.note',
      title: 'Anna 2',
      link: '/agenda',
      data: { title: 'Anna 2' },
      read: false,
      readAt: null,
    });
    expect((await api('GET', '/notifications', undefined, ivan.cookie)).body.data.map((n: any) => n.id)).toEqual([i1]);

    const theft = await api('POST', `/notifications/${i1}/read`, undefined, anna.cookie);
    expect(theft.status).toBe(404);
    expect(theft.body.error.code).toBe('NOT_FOUND');
    expect((await api('POST', '/notifications/read-all', {}, anna.cookie)).body).toEqual({ updated: 2 });
    expect((await api('GET', '/notifications/unread-count', undefined, anna.cookie)).body).toEqual({ count: 0 });
    expect((await api('GET', '/notifications/unread-count', undefined, ivan.cookie)).body).toEqual({ count: 1 });
    expect((await api('GET', '/notifications', undefined, ivan.cookie)).body.data[0].read).toBe(false);
  });

  it('pages newest first without gaps or repeats; unread filter, count and mark one read', async () => {
    await api('POST', '/notifications/read-all', {}, ivan.cookie);
    const ids = await notify([1, 2, 3, 4, 5].map((i) => note(ivan.id, `Page ${i}`)));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = (
        await api(
          'GET',
          `/notifications?unread=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          ivan.cookie,
        )
      ).body;
      seen.push(...r.data.map((n: any) => n.id));
      cursor = r.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    expect((await api('GET', '/notifications/unread-count', undefined, ivan.cookie)).body.count).toBe(5);

    const read = await api('POST', `/notifications/${ids[2]}/read`, undefined, ivan.cookie);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[2], read: true, readAt: expect.any(String) });
    const again = await api('POST', `/notifications/${ids[2]}/read`, undefined, ivan.cookie);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await api('GET', '/notifications/unread-count', undefined, ivan.cookie)).body.count).toBe(4);
    const unread = (await api('GET', '/notifications?unread=true&limit=50', undefined, ivan.cookie)).body.data.map(
      (n: any) => n.id,
    );
    expect(unread).toEqual([ids[4], ids[3], ids[1], ids[0]]);
    const all = (await api('GET', '/notifications?limit=50', undefined, ivan.cookie)).body.data.map((n: any) => n.id);
    expect(all.slice(0, 5)).toEqual([...ids].reverse());
  });

  it('skips recipients who are not members of the workspace; other workspaces see nothing', async () => {
    const written = await notify([note(stranger, 'Not a member here'), note(anna.id, 'For Anna in ws')]);
    expect(written).toHaveLength(1);
    const strangerCookie = (
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: BROWSER,
        payload: { email: 'stranger@notes.test', password: 'member-password' },
      })
    ).cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const list = (await api('GET', '/notifications', undefined, { cookie: `${SESSION_COOKIE}=${strangerCookie}` }))
      .body;
    expect(list.data).toEqual([]);
    expect(
      (
        await api('POST', `/notifications/${written[0]}/read`, undefined, {
          cookie: `${SESSION_COOKIE}=${strangerCookie}`,
        })
      ).status,
    ).toBe(404);
  });

  it('bad ids and cursors are 400, unknown ids 404; an API key has no notifications', async () => {
    const bad = await api('POST', '/notifications/not-a-uuid/read', undefined, anna.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', `/notifications/${newId()}/read`, undefined, anna.cookie)).status).toBe(404);
    const cursor = await api('GET', '/notifications?cursor=garbage', undefined, anna.cookie);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details[0].path).toBe('cursor');
    const forged = Buffer.from(JSON.stringify({ id: "x' OR 1=1" })).toString('base64url');
    expect((await api('GET', `/notifications?cursor=${forged}`, undefined, anna.cookie)).status).toBe(400);
    expect((await api('GET', '/notifications?limit=0', undefined, anna.cookie)).status).toBe(400);
    expect((await api('GET', '/notifications?unread=maybe', undefined, anna.cookie)).status).toBe(400);

    const [mine] = await notify([note(anna.id, 'Key cannot read this')]);
    expect((await api('GET', '/notifications', undefined, ws.auth)).body).toEqual({ data: [], nextCursor: null });
    expect((await api('GET', '/notifications/unread-count', undefined, ws.auth)).body).toEqual({ count: 0 });
    expect((await api('POST', `/notifications/${mine}/read`, undefined, ws.auth)).status).toBe(404);
    expect((await api('POST', '/notifications/read-all', {}, ws.auth)).body).toEqual({ updated: 0 });
    expect((await api('GET', '/notifications', undefined, {})).status).toBe(401);
    expect((await api('GET', '/notifications/unread-count', undefined, anna.cookie)).body.count).toBe(2);
  });
});
