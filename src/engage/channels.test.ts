import http from 'node:http';
import net from 'node:net';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { startSmtpPeer, type SmtpPeer } from '../../test/peers/smtp-peer.ts';
import { newId } from '../core/ids.ts';
import { SIGNATURE_HEADER, signPayload, verifySignature } from '../core/webhooks/webhooks.ts';
import type { ChannelError, StatusReport } from './channels/types.ts';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Secrets } from '../core/secrets.ts';

const PASSWORD = 'smtp-Pa55word-never-shown';
const NEW_PASSWORD = 'another-Secret-value-42';
const HOOK_SECRET = 'webhook-signing-secret-0123456789';
const SECRETS = [PASSWORD, NEW_PASSWORD, HOOK_SECRET];

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A webhook receiver: answers each post with `status`, keeps what it got. */
async function startReceiver() {
  const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(state.status).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`;
  return {
    url,
    got,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('channels', () => {
  let env: TestEnv;
  let auth: { authorization: string };
  let ws: string;
  let peer: SmtpPeer;
  let bouncePort: number;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** Every response body the API gave in this file: none may hold a secret. */
  const bodies: string[] = [];

  async function call(opts: InjectOptions) {
    const res = await env.app.inject({ ...opts, headers: { ...auth, ...(opts.headers ?? {}) } });
    bodies.push(res.body);
    return res;
  }
  const emailConfig = (port: number, extra: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port,
    secure: false,
    from: 'Shop <news@shop.example>',
    user: 'shop',
    password: PASSWORD,
    ...extra,
  });
  async function createEmail(port = peer.port, extra: Record<string, unknown> = {}) {
    const res = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'email', name: 'Newsletter', config: emailConfig(port, extra) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secretsSet: string[]; config: Record<string, unknown> };
  }

  beforeAll(async () => {
    peer = await startSmtpPeer({ auth: { user: 'shop', pass: PASSWORD } });
    receiver = await startReceiver();
    bouncePort = await freePort();
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8', bounceSmtpPort: bouncePort });
    ({ auth, id: ws } = await env.workspace('channels'));
  });
  afterAll(async () => {
    await env?.kernel.engage.channels.close();
    await env?.close();
    await peer?.close();
    await receiver?.close();
  });

  it('creates an email channel: 201 with id, public config, secretsSet; the secret is sealed in the row', async () => {
    const c = await createEmail();
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.secretsSet).toEqual(['password']);
    expect(c.config).toEqual({
      host: '127.0.0.1',
      port: peer.port,
      secure: false,
      from: 'Shop <news@shop.example>',
      user: 'shop',
      pool: true,
      maxConnections: 5,
    });
    const row = await env.kernel.db
      .selectFrom('engage_channels')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.secrets).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    const got = await call({ method: 'GET', url: `/api/v1/channels/${c.id}` });
    expect(got.json()).toMatchObject({ id: c.id, type: 'email', name: 'Newsletter', secretsSet: ['password'] });
    await createEmail();
    await createEmail();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call({
        method: 'GET',
        url: `/api/v1/channels?type=email&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { data: { id: string }[]; nextCursor: string | null };
      expect(body.data).toHaveLength(1);
      seen.push(body.data[0]!.id);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen).toContain(c.id);
    expect((await call({ method: 'GET', url: '/api/v1/channels?type=webhook' })).json().data).toEqual([]);
  });

  it('bad config: 400 naming config.<field>; unknown type 400; a refused host or URL 422 naming it', async () => {
    const missing = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'email', name: 'x', config: { host: 'smtp.example.com', from: 'a@b.example' } },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toContainEqual(
      expect.objectContaining({ path: 'config.port', code: 'REQUIRED' }),
    );
    const wrongType = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'email', name: 'x', config: { ...emailConfig(25), port: 'twenty-five', extra: 1 } },
    });
    expect(wrongType.statusCode).toBe(400);
    const paths = wrongType.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['config.port', 'config.extra']));
    const noKind = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'fax', name: 'x', config: {} },
    });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.details[0].path).toBe('type');

    const blockedHost = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'email', name: 'x', config: emailConfig(25, { host: '10.1.2.3' }) },
    });
    expect(blockedHost.statusCode).toBe(422);
    expect(blockedHost.json().error).toMatchObject({
      code: 'OUTBOUND_BLOCKED',
      details: [expect.objectContaining({ path: 'config.host', code: 'URL_BLOCKED' })],
    });
    const blockedUrl = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'webhook', name: 'x', config: { url: 'http://169.254.169.254/latest', secret: HOOK_SECRET } },
    });
    expect(blockedUrl.statusCode).toBe(422);
    expect(blockedUrl.json().error.details[0].path).toBe('config.url');
    const count = await env.kernel.db
      .selectFrom('engage_channels')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', '=', 'x')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('test connection: ok against the SMTP peer; 422 with the reason for a wrong password or a closed port', async () => {
    const good = await createEmail();
    const ok = await call({ method: 'POST', url: `/api/v1/channels/${good.id}/test` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true });

    const wrong = await createEmail(peer.port, { password: 'not-the-password' });
    const bad = await call({ method: 'POST', url: `/api/v1/channels/${wrong.id}/test` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('UNPROCESSABLE');
    expect(bad.json().error.message).toMatch(/authentication failed.*535/);

    const closed = await createEmail(await freePort());
    const refused = await call({ method: 'POST', url: `/api/v1/channels/${closed.id}/test` });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/connection failed/);
  });

  it('patch: an omitted secret is kept, a given one replaces it, null clears it; audit rows hold no secret', async () => {
    const c = await createEmail();
    const renamed = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${c.id}`,
      payload: { name: 'Renamed', config: { maxConnections: 2 }, ratePerSecond: 50 },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Renamed',
      secretsSet: ['password'],
      config: { maxConnections: 2, host: '127.0.0.1' },
      ratePerSecond: 50,
    });
    // The kept password still authenticates.
    expect((await call({ method: 'POST', url: `/api/v1/channels/${c.id}/test` })).statusCode).toBe(200);

    const replaced = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${c.id}`,
      payload: { config: { password: NEW_PASSWORD } },
    });
    expect(replaced.json().secretsSet).toEqual(['password']);
    // The peer knows only the first password: the replaced one fails.
    expect((await call({ method: 'POST', url: `/api/v1/channels/${c.id}/test` })).statusCode).toBe(422);

    const cleared = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${c.id}`,
      payload: { config: { password: null, user: null } },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().secretsSet).toEqual([]);
    expect(cleared.json().config.user).toBeUndefined();

    const badPatch = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${c.id}`,
      payload: { config: { port: 0 } },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.details[0].path).toBe('config.port');

    const audit = await env.kernel.db
      .selectFrom('audit_log')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('entity_type', '=', 'channel')
      .where('entity_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update', 'update', 'update']);
    const text = JSON.stringify(audit);
    for (const s of SECRETS) expect(text).not.toContain(s);
    expect(text).toContain('secretsChanged');
  });

  it('secrets sealed under another key: listed as unset, test 422, a patch that gives them again repairs', async () => {
    const c = await createEmail();
    const foreign = new Secrets(randomBytes(32)).encrypt(JSON.stringify({ password: PASSWORD }));
    await env.kernel.db.updateTable('engage_channels').set({ secrets: foreign }).where('id', '=', c.id).execute();
    const got = await call({ method: 'GET', url: `/api/v1/channels/${c.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().secretsSet).toEqual([]);
    const test = await call({ method: 'POST', url: `/api/v1/channels/${c.id}/test` });
    expect(test.statusCode).toBe(422);
    expect(test.json().error.message).toMatch(/cannot be decrypted/);
    const fixed = await call({
      method: 'PATCH',
      url: `/api/v1/channels/${c.id}`,
      payload: { config: { password: PASSWORD } },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().secretsSet).toEqual(['password']);
    expect((await call({ method: 'POST', url: `/api/v1/channels/${c.id}/test` })).statusCode).toBe(200);
  });

  it('adapter(): cached per channel, replaced after a change; delete is soft and fails queued messages', async () => {
    const c = await createEmail();
    const a1 = await env.kernel.engage.channels.adapter(ws, c.id);
    const a2 = await env.kernel.engage.channels.adapter(ws, c.id);
    expect(a2.adapter).toBe(a1.adapter);
    expect(a1.kind.type).toBe('email');
    expect(a1.channel.secretsSet).toEqual(['password']);
    const sent = await a1.adapter.send({ messageId: newId(), to: 'ann@example.org', subject: 'Hi', text: 'Hello' });
    expect(peer.messageIds).toContain(sent.providerId);
    await call({ method: 'PATCH', url: `/api/v1/channels/${c.id}`, payload: { name: 'Changed' } });
    const a3 = await env.kernel.engage.channels.adapter(ws, c.id);
    expect(a3.adapter).not.toBe(a1.adapter);
    expect(a3.channel.name).toBe('Changed');

    const queuedId = newId();
    const sentId = newId();
    for (const [id, status] of [
      [queuedId, 'queued'],
      [sentId, 'sent'],
    ] as const)
      await env.kernel.db
        .insertInto('engage_messages')
        .values({
          workspace_id: ws,
          id,
          idempotency_key: id,
          person_id: newId(),
          channel_id: c.id,
          channel_type: 'email',
          template_id: null,
          template_version: null,
          broadcast_id: null,
          status,
          reason: null,
          address: 'ann@example.org',
          subject: null,
          provider_id: null,
          send_after: null,
          claimed_until: null,
          sent_at: null,
          delivered_at: null,
          opened_at: null,
          clicked_at: null,
          bounced_at: null,
          unsubscribed_at: null,
          complained_at: null,
        })
        .execute();
    const del = await call({ method: 'DELETE', url: `/api/v1/channels/${c.id}` });
    expect(del.statusCode).toBe(204);
    expect((await call({ method: 'GET', url: `/api/v1/channels/${c.id}` })).statusCode).toBe(404);
    await expect(env.kernel.engage.channels.adapter(ws, c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rows = await env.kernel.db
      .selectFrom('engage_messages')
      .select(['id', 'status', 'reason'])
      .where('channel_id', '=', c.id)
      .execute();
    expect(rows.find((r) => r.id === queuedId)).toMatchObject({ status: 'failed', reason: 'channel_deleted' });
    expect(rows.find((r) => r.id === sentId)).toMatchObject({ status: 'sent', reason: null });
    const row = await env.kernel.db
      .selectFrom('engage_channels')
      .select('deleted_at')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeInstanceOf(Date);
    // Another workspace never sees it.
    const other = await env.workspace('channels-other');
    const c2 = await createEmail();
    const foreign = await env.app.inject({ method: 'GET', url: `/api/v1/channels/${c2.id}`, headers: other.auth });
    expect(foreign.statusCode).toBe(404);
  });

  it('webhook adapter: signed JSON with an Idempotency-Key; 2xx delivered, 4xx permanent, 5xx transient', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/channels',
      payload: { type: 'webhook', name: 'Hook', config: { url: receiver.url, secret: HOOK_SECRET } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ config: { url: receiver.url }, secretsSet: ['secret'] });
    const { adapter } = await env.kernel.engage.channels.adapter(ws, res.json().id);
    const messageId = newId();
    receiver.state.status = 202;
    const r = await adapter.send({
      messageId,
      to: '',
      subject: 'Order shipped',
      text: 'Your order is on its way',
      html: null,
      data: { orderId: 42 },
    });
    expect(r).toEqual({ providerId: messageId, status: 'delivered' });
    const got = receiver.got.at(-1)!;
    expect(got.headers['idempotency-key']).toBe(messageId);
    expect(got.headers['content-type']).toBe('application/json');
    expect(verifySignature(HOOK_SECRET, got.body, String(got.headers[SIGNATURE_HEADER]))).toBe(true);
    expect(verifySignature('some-other-secret-000', got.body, String(got.headers[SIGNATURE_HEADER]))).toBe(false);
    expect(JSON.parse(got.body)).toEqual({
      messageId,
      subject: 'Order shipped',
      text: 'Your order is on its way',
      html: null,
      data: { orderId: 42 },
    });
    const failure = async (status: number) => {
      receiver.state.status = status;
      try {
        await adapter.send({ messageId: newId(), to: '', text: 'x' });
      } catch (e) {
        return e as ChannelError;
      }
      throw new Error('expected a failure');
    };
    expect(await failure(404)).toMatchObject({ code: 'http_404', permanent: true });
    expect(await failure(429)).toMatchObject({ code: 'http_429', permanent: false });
    expect(await failure(503)).toMatchObject({ code: 'http_503', permanent: false });
    receiver.state.status = 200;
    expect((await call({ method: 'POST', url: `/api/v1/channels/${res.json().id}/test` })).json()).toEqual({
      ok: true,
    });
    expect(JSON.parse(receiver.got.at(-1)!.body)).toEqual({ type: 'ping' });
  });

  it('callbacks: 404 for an unknown channel or one without callbacks, 401 unsigned, reports handed to the ledger', async () => {
    const reports: { ws: string; channelId: string; reports: StatusReport[] }[] = [];
    const messages = env.kernel.engage.messages as unknown as Record<string, unknown>;
    const original = messages.applyReports;
    messages.applyReports = async (w: string, channelId: string, r: StatusReport[]) => {
      reports.push({ ws: w, channelId, reports: r });
      return r.length;
    };
    try {
      const hook = await call({
        method: 'POST',
        url: '/api/v1/channels',
        payload: { type: 'webhook', name: 'Hook 2', config: { url: receiver.url, secret: HOOK_SECRET } },
      });
      const id = hook.json().id as string;
      const email = await createEmail();
      expect(
        (await env.app.inject({ method: 'POST', url: `/hooks/channels/${newId()}`, payload: {} })).statusCode,
      ).toBe(404);
      expect(
        (await env.app.inject({ method: 'POST', url: '/hooks/channels/not-a-uuid', payload: {} })).statusCode,
      ).toBe(404);
      expect(
        (await env.app.inject({ method: 'POST', url: `/hooks/channels/${email.id}`, payload: {} })).statusCode,
      ).toBe(404);

      const body = JSON.stringify({ statuses: [{ messageId: 'm-1', status: 'bounced', bounce: 'hard' }] });
      const unsigned = await env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${id}`,
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      expect(unsigned.statusCode).toBe(401);
      const forged = await env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${id}`,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload('wrong-secret-1234567', body) },
        payload: body,
      });
      expect(forged.statusCode).toBe(401);
      expect(reports).toEqual([]);
      const signed = await env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${id}`,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(HOOK_SECRET, body) },
        payload: body,
      });
      expect(signed.statusCode, signed.body).toBe(200);
      expect(signed.body).toBe('ok');
      expect(reports).toEqual([
        { ws, channelId: id, reports: [{ providerId: 'm-1', status: 'bounced', bounce: 'hard' }] },
      ]);
      // A deleted channel's hook is gone.
      await call({ method: 'DELETE', url: `/api/v1/channels/${id}` });
      const gone = await env.app.inject({
        method: 'POST',
        url: `/hooks/channels/${id}`,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(HOOK_SECRET, body) },
        payload: body,
      });
      expect(gone.statusCode).toBe(404);
    } finally {
      messages.applyReports = original;
    }
  });

  it('the bounce receiver reads a DSN arriving by SMTP and reports it in the workspace of the message', async () => {
    const reports: { ws: string; channelId: string; reports: StatusReport[] }[] = [];
    const messages = env.kernel.engage.messages as unknown as Record<string, unknown>;
    const original = messages.applyReports;
    messages.applyReports = async (w: string, channelId: string, r: StatusReport[]) => {
      reports.push({ ws: w, channelId, reports: r });
      return r.length;
    };
    try {
      // The worker's periodic task starts it shortly after the kernel starts.
      await eventually(async () => env.kernel.engage.channels.bounceReceiver);
      const c = await createEmail();
      const id = newId();
      const providerId = '<0193a0b2-1111-7000-8000-000000000001@example.com>';
      await env.kernel.db
        .insertInto('engage_messages')
        .values({
          workspace_id: ws,
          id,
          idempotency_key: id,
          person_id: newId(),
          channel_id: c.id,
          channel_type: 'email',
          template_id: null,
          template_version: null,
          broadcast_id: null,
          status: 'sent',
          reason: null,
          address: 'nobody@example.org',
          subject: null,
          provider_id: providerId,
          send_after: null,
          claimed_until: null,
          sent_at: new Date(),
          delivered_at: null,
          opened_at: null,
          clicked_at: null,
          bounced_at: null,
          unsubscribed_at: null,
          complained_at: null,
        })
        .execute();
      const dsn = readFileSync(new URL('./channels/fixtures/dsn-hard.eml', import.meta.url), 'utf8');
      const mta = createTransport({ host: '127.0.0.1', port: bouncePort, secure: false, ignoreTLS: true });
      await mta.sendMail({ envelope: { from: '', to: 'bounces@shop.example' }, raw: dsn });
      // An unrelated message is accepted and ignored.
      await mta.sendMail({
        envelope: { from: 'x@example.org', to: 'bounces@shop.example' },
        raw: 'From: x@example.org\r\nSubject: hi\r\n\r\nhello\r\n',
      });
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({
        ws,
        channelId: c.id,
        reports: [{ providerId, status: 'bounced', bounce: 'hard' }],
      });
      // The same report for a message that went to another address is not applied.
      await env.kernel.db
        .updateTable('engage_messages')
        .set({ address: 'somebody-else@example.org' })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await mta.sendMail({ envelope: { from: '', to: 'bounces@shop.example' }, raw: dsn });
      mta.close();
      expect(reports).toHaveLength(1);
    } finally {
      messages.applyReports = original;
    }
  });

  it('end to end: a DSN bounces a sent message and suppresses the address; an ARF marks it complained', async () => {
    const channel = await createEmail(peer.port, { returnPath: 'bounces@bounce.shop.example' });
    const template = await call({
      method: 'POST',
      url: '/api/v1/templates',
      payload: { channel: 'email', name: 'Sale', subject: 'Sale', body: '<p>Hello {{ person.firstName }}</p>' },
    });
    expect(template.statusCode, template.body).toBe(201);
    const sendTo = async (email: string) => {
      const p = await call({ method: 'POST', url: '/api/v1/people', payload: { firstName: 'Ann', emails: [email] } });
      expect(p.statusCode, p.body).toBe(201);
      await call({
        method: 'POST',
        url: `/api/v1/people/${p.json().id}/consents`,
        payload: { channel: 'email', purpose: 'marketing', granted: true, source: 'test' },
      });
      const m = await call({
        method: 'POST',
        url: '/api/v1/messages',
        payload: { personId: p.json().id, channelId: channel.id, templateId: template.json().id },
      });
      expect(m.statusCode, m.body).toBe(202);
      return eventually(async () => {
        const got = (await call({ method: 'GET', url: `/api/v1/messages/${m.json().id}` })).json();
        return got.status === 'sent' ? (got as { id: string; providerId: string }) : null;
      }, 60_000);
    };
    const bounced = await sendTo('nobody@example.org');
    const complained = await sendTo('user@example.org');
    expect(bounced.providerId).toMatch(/^<[0-9a-f-]{36}@shop\.example>$/);
    // The envelope sender is the return path: that is where the receiving MTA sends its DSN.
    expect(peer.messages.find((x) => x.messageId === bounced.providerId)?.from).toBe('bounces@bounce.shop.example');

    await eventually(async () => env.kernel.engage.channels.bounceReceiver);
    const fixtureWith = (name: string, id: string) =>
      readFileSync(new URL(`./channels/fixtures/${name}`, import.meta.url), 'utf8').replace(
        /<0193a0b2-[0-9a-f-]+@example\.com>/,
        id,
      );
    const mta = createTransport({ host: '127.0.0.1', port: bouncePort, secure: false, ignoreTLS: true });
    await mta.sendMail({
      envelope: { from: '', to: 'bounces@bounce.shop.example' },
      raw: fixtureWith('dsn-hard.eml', bounced.providerId),
    });
    await mta.sendMail({
      envelope: { from: 'abuse@mail.example.org', to: 'bounces@bounce.shop.example' },
      raw: fixtureWith('arf.eml', complained.providerId),
    });
    mta.close();

    const b = (await call({ method: 'GET', url: `/api/v1/messages/${bounced.id}` })).json();
    expect(b.status).toBe('bounced');
    expect(b.history.at(-1)).toMatchObject({ type: 'bounced', detail: { bounce: 'hard' } });
    const c = (await call({ method: 'GET', url: `/api/v1/messages/${complained.id}` })).json();
    expect(c.status).toBe('complained');
    const suppressed = await env.kernel.db
      .selectFrom('engage_suppressions')
      .select(['address', 'reason'])
      .where('workspace_id', '=', ws)
      .orderBy('address')
      .execute();
    expect(suppressed).toEqual([
      { address: 'nobody@example.org', reason: 'hard_bounce' },
      { address: 'user@example.org', reason: 'complaint' },
    ]);
  });

  it('no response of this file carried a secret', () => {
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join('\n');
    for (const s of SECRETS) expect(all).not.toContain(s);
  });
});
