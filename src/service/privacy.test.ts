import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import type { ServiceKernel } from './kernel.ts';

/** GDPR export and erase of a person's conversations; the conversation webhook events to a real HTTP receiver. */
describe('service: privacy and webhooks', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let inbox: string;
  const received: { type: string; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      received.push({ type: String(req.headers['kartoteka-event']), body: JSON.parse(raw) });
      res.writeHead(200).end('ok');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('privacy');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    inbox = (await call.ok('POST', '/inboxes', { name: 'Mail', channel: 'email', address: 'help@bank.example' })).id;
    await call.ok('POST', '/webhooks', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      eventTypes: ['conversation.*'],
    });
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    server.close();
  });

  it('conversation.created and conversation.updated reach a subscriber', async () => {
    const r = await k.service.inbound.receive(ws.id, {
      inboxId: inbox,
      channel: 'email',
      identities: [{ kind: 'email', value: 'hook@example.org' }],
      externalId: '<h1@example.org>',
      subject: 'Webhook',
      text: 'Привет',
    });
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { priority: 'high' });
    const got = await eventually(async () => (received.length >= 2 ? received : null), 30_000);
    expect(got.map((e) => e.type).sort()).toEqual(['conversation.created', 'conversation.updated']);
    const updated = got.find((e) => e.type === 'conversation.updated')!;
    expect(updated.body.data.changes).toEqual([{ field: 'priority', before: 'normal', after: 'high' }]);
  });

  it("export lists the person's conversations with messages and attachments; erase removes them all", async () => {
    const r = await k.service.inbound.receive(ws.id, {
      inboxId: inbox,
      channel: 'email',
      identities: [{ kind: 'email', value: 'gdpr@example.org' }],
      externalId: '<g1@example.org>',
      subject: 'Паспорт',
      text: 'Скан паспорта во вложении',
      attachments: [{ filename: 'passport.jpg', contentType: 'image/jpeg', content: Buffer.from('JPEGDATA') }],
    });
    await call.ok('POST', `/conversations/${r.conversationId}/messages`, { body: 'Спасибо, приняли', internal: true });
    await call.ok('PATCH', `/conversations/${r.conversationId}`, { status: 'solved' });
    const exported = await call.api('GET', `/persons/${r.personId}/export`);
    expect(exported.status).toBe(200);
    const mine = JSON.parse(exported.text).modules.service;
    expect(mine.conversations).toHaveLength(1);
    expect(mine.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual([
      'Скан паспорта во вложении',
      'Спасибо, приняли',
    ]);
    expect(mine.conversations[0].messages[0].attachments[0]).toMatchObject({ filename: 'passport.jpg', size: 8 });
    expect(
      mine.conversations[0].statusChanges.map((h: { from: string | null; to: string; by: string }) => [
        h.from,
        h.to,
        h.by,
      ]),
    ).toEqual([
      [null, 'new', 'client'],
      ['new', 'solved', 'agent'],
    ]);

    const erased = await call.ok('POST', `/persons/${r.personId}/erase`, {});
    expect(erased.erased).toMatchObject({
      'service.conversations': 1,
      'service.messages': 2,
      'service.attachments': 1,
    });
    expect((await call.api('GET', `/conversations/${r.conversationId}`)).status).toBe(404);
    const left = await k.db
      .selectFrom('service_messages')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .where('conversation_id', '=', r.conversationId)
      .execute();
    expect(left).toEqual([]);
    const history = await k.db
      .selectFrom('service_conversation_status_changes')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .where('conversation_id', '=', r.conversationId)
      .execute();
    expect(history).toEqual([]);
  });
});
