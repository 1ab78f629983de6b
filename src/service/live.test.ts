import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createKernel, loadConfig, openDatabase } from '../app/index.ts';
import { systemActor } from '../core/auth/actor.ts';
import { SESSION_COOKIE } from '../core/auth/session-cookie.ts';
import { apiClient, BROWSER, eventually, startTestEnv, TEST_DB, type TestEnv } from '../../test/helpers.ts';
import { openWs, type WsClient } from '../../test/peers/ws-client.ts';

/**
 * The live hub with real WebSocket clients: agents (session cookie or API key) get their own
 * workspace's events and never another's; typing both ways; a collision warning when two agents
 * type on one conversation; presence; and, on a PostgreSQL server, events crossing processes.
 */
describe('live hub', () => {
  let env: TestEnv;
  let port: number;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let b: Awaited<ReturnType<TestEnv['workspace']>>;
  let callA: ReturnType<typeof apiClient>;
  let callB: ReturnType<typeof apiClient>;
  let chatA: string;
  let chatB: string;
  const sockets: WsClient[] = [];
  const track = async (p: Promise<WsClient>) => {
    const c = await p;
    sockets.push(c);
    return c;
  };
  const url = (path: string, p = port) => `ws://127.0.0.1:${p}${path}`;
  const agentByKey = (key: string, p = port) =>
    track(openWs(url('/api/v1/service/live', p), { authorization: `Bearer ${key}` }));
  const agentByCookie = (cookie: string, origin?: string) =>
    track(openWs(url('/api/v1/service/live'), { cookie, ...(origin ? { origin } : {}) }));
  const visitor = async (inbox: string, p = port) => {
    const v = await track(openWs(url(`/chat/ws?inbox=${inbox}`, p)));
    v.send({ type: 'hello' });
    await v.next((m) => m.type === 'welcome');
    return v;
  };
  const say = async (v: WsClient, id: string, text: string) => {
    v.send({ type: 'message', id, text });
    return v.next((m) => m.type === 'ack' && m.id === id);
  };
  const member = async (wsId: string, email: string, name: string) => {
    await env.kernel.auth.createMember(systemActor(wsId), { email, name, password: 'agent-password-1', role: 'agent' });
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: BROWSER,
      payload: { email, password: 'agent-password-1' },
    });
    return `${SESSION_COOKIE}=${r.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  };

  beforeAll(async () => {
    env = await startTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    port = (env.app.server.address() as { port: number }).port;
    a = await env.workspace('live-a', 'agent');
    b = await env.workspace('live-b', 'agent');
    callA = apiClient(() => env.app, { prefix: '/api/v1', auth: () => a.auth });
    callB = apiClient(() => env.app, { prefix: '/api/v1', auth: () => b.auth });
    const admin = async (slug: string) => (await env.workspace(slug, 'admin')).auth;
    const adminA = await admin('live-a');
    const adminB = await admin('live-b');
    chatA = (await callA.ok('POST', '/inboxes', { name: 'Chat A', channel: 'chat' }, adminA)).id;
    chatB = (await callB.ok('POST', '/inboxes', { name: 'Chat B', channel: 'chat' }, adminB)).id;
  }, 240_000);
  afterAll(async () => {
    for (const s of sockets) await s.close().catch(() => {});
    await env?.close();
  });

  it('gives each agent its own workspace’s events only', async () => {
    const agentA = await agentByKey(a.key);
    const agentB = await agentByKey(b.key);
    await agentA.next((m) => m.type === 'hello');
    const hello = await agentB.next((m) => m.type === 'hello');
    expect(hello.workspaceId).toBe(b.id);

    const va = await visitor(chatA);
    await say(va, 'a1', 'Вопрос в A');
    const created = await agentA.next((m) => m.type === 'conversation.created');
    const convA = created.conversationId;
    // B's own event proves B's socket is live; nothing of A's came before or with it.
    const vb = await visitor(chatB);
    await say(vb, 'b1', 'Вопрос в B');
    const createdB = await agentB.next((m) => m.type === 'conversation.created');
    expect(createdB.conversationId).not.toBe(convA);
    await callA.ok('POST', `/conversations/${convA}/messages`, { body: 'Ответ в A' });
    await callA.ok('PATCH', `/conversations/${convA}`, { status: 'pending' });
    await agentA.next((m) => m.type === 'conversation.updated' && m.conversationId === convA);
    await callB.ok('POST', `/conversations/${createdB.conversationId}/messages`, { body: 'Ответ в B' });
    await agentB.next((m) => m.type === 'conversation.message' && m.direction === 'out');
    expect(JSON.stringify(agentB.received)).not.toContain(convA);
    expect(JSON.stringify(agentA.received)).not.toContain(createdB.conversationId);
    // And the reply reached A's visitor, not B's.
    expect((await va.next((m) => m.type === 'message' && m.message.direction === 'out')).message.body).toBe(
      'Ответ в A',
    );
    expect(vb.received.some((m) => m.type === 'message' && m.message.body === 'Ответ в A')).toBe(false);
  });

  it('relays typing both ways and warns when two agents type on one conversation', async () => {
    const anna = await member(a.id, 'anna.agent@bank.example', 'Anna Agent');
    const boris = await member(a.id, 'boris.agent@bank.example', 'Boris Agent');
    const origin = `http://127.0.0.1:${port}`;
    const s1 = await agentByCookie(anna, origin);
    const s2 = await agentByCookie(boris, origin);
    await s1.next((m) => m.type === 'hello');
    await s2.next((m) => m.type === 'hello');
    // Presence: each sees both.
    await s1.next((m) => m.type === 'presence' && m.agents.some((x: any) => x.name === 'Boris Agent'));

    const v = await visitor(chatA);
    await say(v, 't1', 'Есть кто?');
    const conv = (await s1.next((m) => m.type === 'conversation.created' && m.messageId)).conversationId;

    v.send({ type: 'typing', typing: true });
    expect(await s1.next((m) => m.type === 'typing' && m.visitor)).toMatchObject({
      conversationId: conv,
      typing: true,
    });

    s1.send({ type: 'typing', conversationId: conv, typing: true });
    expect(await v.next((m) => m.type === 'typing' && m.typing === true)).toBeTruthy();
    const seen = await s2.next((m) => m.type === 'typing' && m.agent?.name === 'Anna Agent');
    expect(seen.conversationId).toBe(conv);

    s2.send({ type: 'typing', conversationId: conv, typing: true });
    const warning = await s1.next((m) => m.type === 'collision');
    expect(warning.conversationId).toBe(conv);
    expect(warning.agents.map((x: any) => x.name).sort()).toEqual(['Anna Agent', 'Boris Agent']);
    await s2.next((m) => m.type === 'collision');

    await s2.close();
    await s1.next((m) => m.type === 'presence' && !m.agents.some((x: any) => x.name === 'Boris Agent'));
  });

  it('refuses an upgrade without a session, and a cookie one from another site', async () => {
    await expect(openWs(url('/api/v1/service/live'))).rejects.toMatchObject({ statusCode: 401 });
    const cookie = await member(a.id, 'carl.agent@bank.example', 'Carl');
    const foreign = await agentByCookie(cookie, 'https://evil.example');
    expect(await foreign.closed).toBe(4403);
    const none = await agentByCookie(cookie);
    expect(await none.closed).toBe(4403);
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/service/live', headers: a.auth });
    expect(r.statusCode).toBe(400);
  });

  it.skipIf(TEST_DB !== 'postgres')('carries events between processes through NOTIFY', async () => {
    // A second server process on the same database.
    const name = (
      await env.kernel.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('n')).executeTakeFirstOrThrow()
    ).n;
    const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = await openDatabase({
      databaseUrl: admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`),
      dataDir: 'unused',
      poolSize: 3,
    });
    const config = loadConfig({ logLevel: 'silent', rateLimitPerMinute: 0, secretKey: env.kernel.config.secretKey });
    const k2 = await createKernel(config, { database });
    const app2 = await buildApp(k2, { serveWeb: false, logger: false });
    await app2.listen({ port: 0, host: '127.0.0.1' });
    const port2 = (app2.server.address() as { port: number }).port;
    try {
      const agent2 = await agentByKey(a.key, port2);
      await agent2.next((m) => m.type === 'hello');
      // The hubs listen once a socket is there: wait for process 2's LISTEN before acting on process 1.
      await eventually(async () => {
        const r = await new pg.Client({ connectionString: admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) });
        await r.connect();
        const n = (
          await r.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = $1`,
            [name],
          )
        ).rows[0].n;
        await r.end();
        return n >= 1;
      });
      const v1 = await visitor(chatA);
      await say(v1, 'x1', 'Через процессы');
      const created = await agent2.next((m) => m.type === 'conversation.created');
      // A visitor on process 2 gets the reply written on process 1.
      v1.send({ type: 'ping' });
      const session = (v1.received.find((m) => m.type === 'welcome') as any).session;
      const v2 = await track(openWs(url(`/chat/ws?inbox=${chatA}`, port2)));
      v2.send({ type: 'hello', session });
      await v2.next((m) => m.type === 'welcome');
      await callA.ok('POST', `/conversations/${created.conversationId}/messages`, { body: 'Ответ с процесса 1' });
      expect((await v2.next((m) => m.type === 'message' && m.message.direction === 'out')).message.body).toBe(
        'Ответ с процесса 1',
      );
    } finally {
      await app2.close();
      await k2.close();
    }
  });
});
