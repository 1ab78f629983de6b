import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { openWs, type WsClient } from '../../../test/peers/ws-client.ts';

/**
 * The chat widget's WebSocket with a real WebSocket client: an anonymous visitor writes, an agent
 * answers over REST and the answer arrives live; history on reconnect; the visitor's email handed
 * to the identity graph; flood control refusing with a reason while nothing is lost.
 */
describe('chat widget socket', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  let base: string;
  let inboxId: string;
  const ORIGIN = 'https://bank.example';
  const open = (inbox = inboxId, origin = ORIGIN) => openWs(`${base}/chat/ws?inbox=${inbox}`, { origin });
  const hello = async (c: WsClient, extra: Record<string, unknown> = {}) => {
    c.send({ type: 'hello', ...extra });
    return c.next((m) => m.type === 'welcome');
  };
  const say = async (c: WsClient, id: string, text: string) => {
    c.send({ type: 'message', id, text });
    return c.next((m) => (m.type === 'ack' || m.type === 'refused') && m.id === id);
  };

  beforeAll(async () => {
    env = await startTestEnv({ chatBurst: 5, chatPerMinute: 120, chatMaxMessageChars: 500 });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `ws://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    ws = await env.workspace('chat');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    inboxId = (
      await call.ok('POST', '/inboxes', { name: 'Site chat', channel: 'chat', settings: { allowedOrigins: [ORIGIN] } })
    ).id;
  }, 240_000);
  afterAll(async () => env?.close());

  it('serves /chat.js: public, cacheable, loadable from other sites', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/chat.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/javascript/);
    expect(r.headers['cache-control']).toMatch(/max-age=300/);
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(r.body).toContain('data-inbox');
    const again = await env.app.inject({
      method: 'GET',
      url: '/chat.js',
      headers: { 'if-none-match': String(r.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('anonymous visitor → message → agent reply over REST arrives live; notes never do; history on reconnect', async () => {
    const v = await open();
    const welcome = await hello(v);
    expect(welcome.session).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(welcome.anonymousId).toBeTruthy();
    expect(welcome.history).toEqual([]);
    const ack = await say(v, 'm1', 'Здравствуйте, где моя карта?');
    expect(ack.type).toBe('ack');

    const conv = await eventually(async () => (await call.ok('GET', `/conversations?inboxId=${inboxId}`)).data[0]);
    expect(conv).toMatchObject({ channel: 'chat', status: 'new' });
    const person = await call.ok('GET', `/people/${conv.personId}`);
    expect(JSON.stringify(person)).toContain(welcome.anonymousId);

    await call.ok('POST', `/conversations/${conv.id}/messages`, { body: 'Внутренняя заметка', internal: true });
    await call.ok('POST', `/conversations/${conv.id}/messages`, { body: 'Карта в отделении на Тверской' });
    const live = await v.next((m) => m.type === 'message' && m.message.direction === 'out');
    expect(live.message.body).toBe('Карта в отделении на Тверской');
    expect(v.received.some((m) => m.type === 'message' && /заметка/.test(m.message.body))).toBe(false);
    await v.close();

    const again = await open();
    const back = await hello(again, { session: welcome.session, anonymousId: welcome.anonymousId });
    expect(back.history.map((m: any) => [m.direction, m.body])).toEqual([
      ['in', 'Здравствуйте, где моя карта?'],
      ['out', 'Карта в отделении на Тверской'],
    ]);
    // The same session continues the same conversation.
    expect((await say(again, 'm2', 'Спасибо!')).type).toBe('ack');
    await eventually(async () => (await call.ok('GET', `/conversations/${conv.id}/messages`)).data.length >= 4);
    expect((await call.ok('GET', `/conversations?inboxId=${inboxId}`)).data).toHaveLength(1);
    await again.close();
  });

  it('hands the email a visitor gives to the identity graph', async () => {
    const v = await open();
    await hello(v);
    await say(v, 'a1', 'Вопрос по вкладу');
    v.send({ type: 'identify', email: 'Oleg@Client.example', name: 'Олег' });
    await v.next((m) => m.type === 'identified');
    await say(v, 'a2', 'Я Олег');
    const conv = await eventually(async () =>
      (await call.ok('GET', `/conversations?inboxId=${inboxId}&limit=100`)).data.find((c: any) =>
        c.subject.includes('вкладу'),
      ),
    );
    const full = await eventually(async () => {
      const c = await call.ok('GET', `/conversations/${conv.id}`);
      return c.person?.email ? c : null;
    });
    expect(full.person.email).toBe('oleg@client.example');
    await v.close();
  });

  it('refuses a flood with the reason and when to retry; every message arrives once retried', async () => {
    const v = await open();
    await hello(v);
    const texts = Array.from({ length: 12 }, (_, i) => `flood ${i}`);
    for (const [i, text] of texts.entries()) v.send({ type: 'message', id: `f${i}`, text });
    const answers = await Promise.all(
      texts.map((_, i) => v.next((m) => (m.type === 'ack' || m.type === 'refused') && m.id === `f${i}`)),
    );
    const refused = answers.filter((a) => a.type === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: 'FLOOD' });
    expect(refused[0].reason).toMatch(/Too many messages/);
    expect(refused[0].retryAfterMs).toBeGreaterThan(0);
    // The widget resends what was refused when told to: all of them land, none twice.
    for (const r of refused) {
      for (;;) {
        await new Promise((res) => setTimeout(res, r.retryAfterMs));
        const from = v.received.length;
        v.send({ type: 'message', id: r.id, text: texts[Number(r.id.slice(1))] });
        const a = await v.next((m) => (m.type === 'ack' || m.type === 'refused') && m.id === r.id, 20_000, from);
        if (a.type === 'ack') break;
        r.retryAfterMs = a.retryAfterMs;
      }
    }
    const conv = await eventually(async () =>
      (await call.ok('GET', `/conversations?inboxId=${inboxId}&limit=100`)).data.find((c: any) =>
        c.subject.startsWith('flood'),
      ),
    );
    const bodies = (await call.ok('GET', `/conversations/${conv.id}/messages`)).data
      .filter((m: any) => m.direction === 'in')
      .map((m: any) => m.body)
      .sort();
    expect(bodies).toEqual([...texts].sort());
    await v.close();
  });

  it('refuses a too long message with the limit; a message before hello', async () => {
    const v = await open();
    v.send({ type: 'message', id: 'x', text: 'early' });
    expect(await v.next((m) => m.type === 'error')).toMatchObject({ code: 'BAD_REQUEST' });
    await hello(v);
    const r = await say(v, 'long', 'я'.repeat(501));
    expect(r).toMatchObject({ type: 'refused', code: 'TOO_LONG' });
    expect(r.reason).toMatch(/at most 500/);
    await v.close();
  });

  it('closes for another site than the inbox allows, and for an unknown inbox', async () => {
    const other = await open(inboxId, 'https://evil.example');
    expect(await other.next((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    expect(await other.closed).toBe(4403);
    const unknown = await open('01900000-0000-7000-8000-000000000000');
    expect(await unknown.next((m) => m.type === 'error')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await unknown.closed).toBe(4404);
  });

  it('answers a plain GET of a socket endpoint with a 400, not a hang', async () => {
    const r = await env.app.inject({ method: 'GET', url: `/chat/ws?inbox=${inboxId}` });
    expect(r.statusCode).toBe(400);
  });
});
