import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import type { ServiceKernel } from './kernel.ts';
import { systemActor } from '../core/auth/actor.ts';

/** Inbound through k.service.inbound.receive and the API channel: persons, threading, idempotency, attachments. */
describe('service: inbound', () => {
  let env: TestEnv;
  let k: ServiceKernel;
  let ws: { id: string; auth: { authorization: string } };
  let call: ReturnType<typeof apiClient>;
  let apiInbox: string;
  let mailInbox: string;

  beforeAll(async () => {
    env = await startTestEnv();
    k = env.kernel as unknown as ServiceKernel;
    ws = await env.workspace('inbound');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    apiInbox = (await call.ok('POST', '/inboxes', { name: 'App', channel: 'api' })).id;
    mailInbox = (
      await call.ok('POST', '/inboxes', { name: 'Support', channel: 'email', address: 'Support@Bank.example' })
    ).id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  it('a new client: person created through the identity graph, a new conversation, a timeline event', async () => {
    const r = await call.api('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'Olga@Example.org', name: 'Ольга' },
      text: 'Не проходит оплата картой',
      externalId: 'app-1',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ created: true, duplicate: false });
    const person = await call.ok('GET', `/persons/${r.body.personId}`);
    expect(person.identities).toContainEqual({ kind: 'email', value: 'olga@example.org' });
    expect(person.traits.name).toBe('Ольга');
    const conv = await call.ok('GET', `/conversations/${r.body.conversationId}`);
    expect(conv).toMatchObject({
      status: 'new',
      channel: 'api',
      subject: 'Не проходит оплата картой',
      language: 'ru',
      person: { id: r.body.personId, name: 'Ольга', email: 'olga@example.org' },
    });
    const list = await call.ok('GET', `/conversations?personId=${r.body.personId}&status=new`);
    expect(list.data.map((c: { id: string }) => c.id)).toEqual([r.body.conversationId]);
    const events = await call.ok('GET', `/people/${r.body.personId}/timeline?limit=10`);
    expect(events.data.map((e: { event: string }) => e.event)).toContain('Message Received');
  });

  it('the same externalId twice is one message; the next message joins the open conversation', async () => {
    const first = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { phone: '+79161234567' },
      text: 'Привет',
      externalId: 'app-2',
    });
    const again = await call.api('POST', `/inboxes/${apiInbox}/messages`, {
      from: { phone: '+79161234567' },
      text: 'Привет',
      externalId: 'app-2',
    });
    expect(again.body).toMatchObject({
      duplicate: true,
      messageId: first.messageId,
      conversationId: first.conversationId,
    });
    const next = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { phone: '8 916 123-45-67' },
      text: 'Ещё вопрос',
      externalId: 'app-3',
    });
    expect(next).toMatchObject({ created: false, conversationId: first.conversationId, personId: first.personId });
    const msgs = await call.ok('GET', `/conversations/${first.conversationId}/messages`);
    expect(msgs.data.map((m: { body: string }) => m.body)).toEqual(['Привет', 'Ещё вопрос']);
    // A provider delivering the same message twice at once: one message, one new person.
    const race = await Promise.all(
      [1, 2].map(() =>
        k.service.inbound.receive(ws.id, {
          inboxId: apiInbox,
          channel: 'api',
          identities: [{ kind: 'email', value: 'race@example.org' }],
          externalId: 'app-race',
          text: 'Дубль',
        }),
      ),
    );
    expect(race.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(race[0].messageId).toBe(race[1].messageId);
    expect(race[0].personId).toBe(race[1].personId);
  });

  it('email threading by Message-ID; attachments kept, a dangerous one refused with the reason, the message kept', async () => {
    const a = await k.service.inbound.receive(ws.id, {
      inboxId: mailInbox,
      channel: 'email',
      identities: [{ kind: 'email', value: 'ivan@example.org' }],
      externalId: '<m1@example.org>',
      ownKey: '<m1@example.org>',
      subject: 'Выписка',
      text: 'Пришлите выписку',
      attachments: [
        { filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') },
        { filename: 'invoice.exe', contentType: 'application/octet-stream', content: Buffer.from('MZ....') },
      ],
    });
    expect(a.refused).toEqual([{ filename: 'invoice.exe', reason: 'dangerous file type (.exe)' }]);
    // A different mailbox of the same person, a week later would not matter: the reference threads it.
    const b = await k.service.inbound.receive(ws.id, {
      inboxId: mailInbox,
      channel: 'email',
      identities: [{ kind: 'email', value: 'ivan@example.org' }],
      externalId: '<m2@example.org>',
      ownKey: '<m2@example.org>',
      threadKeys: ['<m1@example.org>'],
      subject: 'Re: Выписка',
      text: 'Напоминаю',
    });
    expect(b).toMatchObject({ created: false, conversationId: a.conversationId });
    const msgs = (await call.ok('GET', `/conversations/${a.conversationId}/messages`)).data;
    expect(msgs.map((m: { direction: string }) => m.direction)).toEqual(['in', 'note', 'in']);
    expect(msgs[1].body).toContain('invoice.exe');
    expect(msgs[0].attachments).toEqual([expect.objectContaining({ filename: 'scan.pdf', size: 13 })]);
    const dl = await call.api('GET', `/conversations/${a.conversationId}/attachments/${msgs[0].attachments[0].id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(String(dl.headers['content-disposition'])).toContain('attachment; filename="scan.pdf"');
    expect(dl.text).toBe('%PDF-1.4 test');
  });

  it("a merge of two persons takes the merged one's conversations along", async () => {
    const a = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { email: 'twin-a@example.org' },
      text: 'Первый',
      externalId: 'twin-1',
    });
    const b = await call.ok('POST', `/inboxes/${apiInbox}/messages`, {
      from: { phone: '+79035551122' },
      text: 'Второй',
      externalId: 'twin-2',
    });
    expect(b.personId).not.toBe(a.personId);
    await k.db
      .transaction()
      .execute((trx) => k.cdp.directory.merge(trx, systemActor(ws.id, 'test'), b.personId, a.personId, 'same client'));
    const list = await call.ok('GET', `/conversations?personId=${a.personId}`);
    expect(list.data.map((c: { id: string }) => c.id).sort()).toEqual([a.conversationId, b.conversationId].sort());
    // The merged-away id still finds them.
    expect((await call.ok('GET', `/conversations?personId=${b.personId}`)).data).toHaveLength(2);
  });

  it('bad input is a 4xx naming the field', async () => {
    const none = await call.api('POST', `/inboxes/${apiInbox}/messages`, { from: {}, text: 'x', externalId: 'z' });
    expect(none.status).toBe(400);
    const badPhone = await call.api('POST', `/inboxes/${apiInbox}/messages`, {
      from: { phone: '12345' },
      text: 'x',
      externalId: 'z',
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0]).toMatchObject({ path: 'from.phone', code: 'INVALID_PHONE' });
    const noInbox = await call.api('POST', '/inboxes/0190a0a0-0000-7000-8000-000000000000/messages', {
      from: { email: 'a@example.org' },
      text: 'x',
      externalId: 'z',
    });
    expect(noInbox.status).toBe(404);
    const badEmailInbox = await call.api('POST', '/inboxes', { name: 'x', channel: 'email' });
    expect(badEmailInbox.status).toBe(400);
    expect(badEmailInbox.body.error.details[0].path).toBe('address');
    const dupAddress = await call.api('POST', '/inboxes', {
      name: 'x',
      channel: 'email',
      address: 'support@bank.example',
    });
    expect(dupAddress.status).toBe(409);
    const badStatus = await call.api('GET', '/conversations?status=open,nope');
    expect(badStatus.status).toBe(400);
  });
});
