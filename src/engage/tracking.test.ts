import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';
import { withUtm } from './tracking.ts';
import { pickLang } from './preference-page.ts';

const BASE = 'https://mail.kartoteka.test';

/** Open pixel, click redirect, unsubscribe and the preference centre, over ledger rows made here. */
describe('engage: tracking', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let channelId: string;
  let templateId: string;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const raw = apiClient(() => env.app);
  const tracking = () => env.kernel.engage.tracking;

  const person = async (email: string) =>
    (await ok('POST', '/people', { firstName: 'Т', emails: [email] })).id as string;
  const message = async (personId: string, over: Record<string, unknown> = {}) => {
    const id = newId();
    await env.kernel.db
      .insertInto('engage_messages')
      .values({
        workspace_id: ws.id,
        id,
        idempotency_key: id,
        person_id: personId,
        channel_id: channelId,
        channel_type: 'email',
        template_id: templateId,
        kind: 'marketing',
        status: 'sent',
        sent_at: new Date(),
        address: 'x@t.test',
        ...over,
      })
      .execute();
    return id;
  };
  const row = (id: string) =>
    env.kernel.db
      .selectFrom('engage_messages')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const history = async (id: string, type: string) =>
    (
      await env.kernel.db
        .selectFrom('engage_message_events')
        .select('type')
        .where('workspace_id', '=', ws.id)
        .where('message_id', '=', id)
        .where('type', '=', type)
        .execute()
    ).length;
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1).replace(/\.gif$/, '');

  beforeAll(async () => {
    env = await startTestEnv({ publicUrl: BASE, outboundAllow: '127.0.0.0/8' } as never);
    ws = await env.workspace('tracking-ws');
    channelId = newId();
    templateId = newId();
    await env.kernel.db
      .insertInto('engage_channels')
      .values({
        workspace_id: ws.id,
        id: channelId,
        type: 'email',
        name: 'Mail',
        config: '{}',
        secrets: null,
        rate_per_second: null,
        deleted_at: null,
      })
      .execute();
    await env.kernel.db
      .insertInto('engage_templates')
      .values({
        workspace_id: ws.id,
        id: templateId,
        channel: 'email',
        name: 'Winter sale',
        group_id: null,
        archived_at: null,
      })
      .execute();
  });
  afterAll(async () => env?.close());

  it('decorate: tracked links, the pixel before </body>, List-Unsubscribe for marketing email only', () => {
    const m = { messageId: newId(), personId: newId(), channelType: 'email', kind: 'marketing' as const };
    const links = tracking().links(ws.id, m);
    const html = `<html><body><p><a class="b" href="https://shop.test/a?x=1&amp;y=2#top">A</a>
      <a href='mailto:help@shop.test'>mail</a> <a href="tel:+7900">tel</a> <a href="#faq">faq</a>
      <a href="${links.unsubscribeUrl}">unsubscribe</a></p></body></html>`;
    const d = tracking().decorate(ws.id, m, { html, text: 'See https://shop.test/b. Bye', subject: 'S' });
    const hrefs = [...d.html!.matchAll(/href=["']([^"']+)["']/g)].map((x) => x[1]);
    expect(hrefs[0].startsWith(`${BASE}/t/c/`)).toBe(true);
    expect(hrefs.slice(1)).toEqual(['mailto:help@shop.test', 'tel:+7900', '#faq', links.unsubscribeUrl]);
    expect(d.html).toMatch(new RegExp(`<img src="${BASE}/t/o/[A-Za-z0-9_-]+\\.gif"[^>]*/></body>`));
    expect(d.text).toMatch(new RegExp(`^See ${BASE}/t/c/[A-Za-z0-9_-]+\\. Bye$`));
    expect(d.headers).toEqual({
      'List-Unsubscribe': `<${links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const tx = tracking().decorate(ws.id, { ...m, kind: 'transactional' }, { html, text: '' });
    expect(tx.headers).toEqual({});
    const sms = tracking().decorate(
      ws.id,
      { ...m, channelType: 'sms' },
      { html: null, text: 'Go https://shop.test/c' },
    );
    expect(sms.text).toMatch(new RegExp(`^Go ${BASE}/t/c/`));
    expect(sms.headers).toEqual({});
  });

  it('UTM parameters: added when missing, existing query and fragment kept', () => {
    expect(withUtm('https://s.test/p?a=1&b=x%20y#frag', 'email', 'Winter sale')).toBe(
      'https://s.test/p?a=1&b=x%20y&utm_source=kartoteka&utm_medium=email&utm_campaign=Winter+sale#frag',
    );
    expect(withUtm('https://s.test/?utm_source=news', 'sms', null)).toBe(
      'https://s.test/?utm_source=news&utm_medium=sms',
    );
    expect(withUtm('https://s.test', 'email', 'c')).toBe(
      'https://s.test?utm_source=kartoteka&utm_medium=email&utm_campaign=c',
    );
    expect(pickLang(undefined, 'en-US;q=0.5, ru;q=0.9')).toBe('ru');
    expect(pickLang(undefined, 'de, en;q=0.1')).toBe('en');
    expect(pickLang('ru', 'en')).toBe('ru');
  });

  it('open pixel: a GIF with no-cache headers; opened once per message, every hit in the history', async () => {
    const id = await message(await person('open@t.test'));
    const url = tracking().openUrl(ws.id, id).slice(BASE.length);
    const first = await raw.api('GET', url);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('image/gif');
    expect(String(first.headers['cache-control'])).toContain('no-store');
    const openedAt = (await row(id)).opened_at;
    expect(openedAt).not.toBeNull();
    expect((await row(id)).status).toBe('opened');
    await raw.api('GET', url);
    expect((await row(id)).opened_at).toEqual(openedAt);
    expect(await history(id, 'opened')).toBe(2);

    const tampered = url.replace(/([A-Za-z0-9])(\.gif)$/, (_m, c: string, g: string) => `${c === 'A' ? 'B' : 'A'}${g}`);
    const bad = await raw.api('GET', tampered);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
  });

  it('click: 302 to the original URL with UTM; clicked once (opened implied), every click in the history', async () => {
    const id = await message(await person('click@t.test'));
    const url = tracking().clickUrl(ws.id, id, 'https://shop.test/item?id=7#reviews').slice(BASE.length);
    const r = await raw.api('GET', url);
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(
      'https://shop.test/item?id=7&utm_source=kartoteka&utm_medium=email&utm_campaign=Winter+sale#reviews',
    );
    const m = await row(id);
    expect(m.status).toBe('clicked');
    expect(m.clicked_at).not.toBeNull();
    expect(m.opened_at).not.toBeNull();
    await raw.api('GET', url);
    expect((await row(id)).clicked_at).toEqual(m.clicked_at);
    expect(await history(id, 'clicked')).toBe(2);

    // A broadcast's message: the campaign is the broadcast's name.
    const broadcastId = newId();
    await env.kernel.db
      .insertInto('engage_broadcasts')
      .values({
        workspace_id: ws.id,
        id: broadcastId,
        name: 'Black Friday',
        segment_id: newId(),
        channel_id: channelId,
        template_id: templateId,
      })
      .execute();
    const bm = await message(await person('bc-click@t.test'), { broadcast_id: broadcastId });
    const r2 = await raw.api(
      'GET',
      tracking().clickUrl(ws.id, bm, 'https://shop.test/?utm_medium=banner').slice(BASE.length),
    );
    expect(r2.headers.location).toBe(
      'https://shop.test/?utm_medium=banner&utm_source=kartoteka&utm_campaign=Black+Friday',
    );

    // A message erased since: the pixel still answers, the signed link still leads to its URL.
    const gone = newId();
    const px = await raw.api('GET', tracking().openUrl(ws.id, gone).slice(BASE.length));
    expect([px.status, px.headers['content-type']]).toEqual([200, 'image/gif']);
    const r3 = await raw.api('GET', tracking().clickUrl(ws.id, gone, 'https://shop.test/x').slice(BASE.length));
    expect([r3.status, r3.headers.location]).toEqual([302, 'https://shop.test/x?utm_source=kartoteka']);
  });

  it('a tampered click token, or an open token used as one, never redirects', async () => {
    const id = await message(await person('evil@t.test'));
    const token = tokenOf(tracking().clickUrl(ws.id, id, 'https://shop.test/'));
    // The URL part re-encoded to the attacker's site under the old signature.
    const body = Buffer.from(token.slice(22), 'base64url');
    const evil = Buffer.concat([body.subarray(0, 32), Buffer.from('https://evil.test/')]).toString('base64url');
    for (const t of [
      token.slice(0, 22) + evil,
      tokenOf(tracking().openUrl(ws.id, id)),
      'x'.repeat(80),
      token.slice(0, -1),
    ]) {
      const r = await raw.api('GET', `/t/c/${t}`);
      expect(r.status, t).toBe(400);
      expect(r.headers.location).toBeUndefined();
      expect(r.text).not.toContain('evil.test');
    }
    expect((await row(id)).clicked_at).toBeNull();
  });

  it('one-click unsubscribe (RFC 8058) withdraws marketing consent once, and records it on the message', async () => {
    const p = await person('oneclick@t.test');
    await ok('POST', `/people/${p}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'form',
    });
    const id = await message(p);
    const { oneClickUrl } = tracking().links(ws.id, { messageId: id, personId: p });
    const post = () =>
      raw.api('POST', oneClickUrl.slice(BASE.length), 'List-Unsubscribe=One-Click', {
        'content-type': 'application/x-www-form-urlencoded',
      });
    expect((await post()).status).toBe(200);
    expect(await env.kernel.crm.consents.canSend(ws.id, p, 'email', 'marketing')).toBe(false);
    const unsubscribedAt = (await row(id)).unsubscribed_at;
    expect(unsubscribedAt).not.toBeNull();
    expect((await post()).status).toBe(200);
    const changes = (await ok('GET', `/people/${p}/consents/history?channel=email&purpose=marketing`)).data;
    expect(changes.map((c: any) => [c.granted, c.source])).toEqual([
      [false, 'unsubscribe-link'],
      [true, 'form'],
    ]);
    expect((await row(id)).unsubscribed_at).toEqual(unsubscribedAt);
    expect(await history(id, 'unsubscribed')).toBe(1);
    // The next marketing message to that person is stopped by the sender's consent check.
    // (A channel the sender can open: no connection is made for a message the policy stops.)
    const smtp = await ok('POST', '/channels', {
      type: 'email',
      name: 'Loopback',
      config: { host: '127.0.0.1', port: 2, secure: false, from: 'Shop <shop@t.test>' },
    });
    const tpl = await ok('POST', '/templates', { channel: 'email', name: 'News', subject: 'Hi', body: '<p>Hi</p>' });
    const next = newId();
    await env.kernel.engage.messages.enqueueMany(env.kernel.db, ws.id, [
      {
        personId: p,
        channelId: smtp.id,
        templateId: tpl.id,
        idempotencyKey: `after-unsubscribe:${next}`,
        kind: 'marketing',
      },
    ]);
    const stopped = await eventually(async () => {
      const m = await env.kernel.db
        .selectFrom('engage_messages')
        .select(['status', 'reason'])
        .where('workspace_id', '=', ws.id)
        .where('idempotency_key', '=', `after-unsubscribe:${next}`)
        .executeTakeFirstOrThrow();
      return m.status === 'queued' || m.status === 'sending' ? null : m;
    });
    expect(stopped).toEqual({ status: 'suppressed', reason: 'no_consent' });
    // Another workspace's key does not see the change through a forged link either.
    expect((await raw.api('POST', `/u/${'A'.repeat(86)}`, 'List-Unsubscribe=One-Click')).status).toBe(400);
  });

  it('preference centre: the page in Russian lists the groups; opting out of one keeps the rest and the consent', async () => {
    const news = await ok('POST', '/subscription-groups', { name: 'Новости' });
    const offers = await ok('POST', '/subscription-groups', { name: 'Акции', description: 'Скидки' });
    expect((await api('POST', '/subscription-groups', { name: ' ' })).body.error.details[0].path).toBe('name');
    const p = await person('prefs@t.test');
    await ok('POST', `/people/${p}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'form',
    });
    const id = await message(p);
    const path = tracking().links(ws.id, { messageId: id, personId: p }).preferencesUrl.slice(BASE.length);
    const page = await raw.api('GET', path, undefined, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Настройки подписки');
    expect(page.text).toContain('Отписаться от всех маркетинговых рассылок (email)');
    expect(page.text).toContain(`value="${news.id}" checked`);
    expect(page.text).toContain(`value="${offers.id}" checked`);

    const saved = await raw.api('POST', path, `scope=groups&keep=${news.id}`, {
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': 'en',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('Your preferences are saved.');
    expect(saved.text).toContain(`value="${news.id}" checked`);
    expect(saved.text).not.toContain(`value="${offers.id}" checked`);
    const outs = await env.kernel.db
      .selectFrom('engage_group_optouts')
      .select('group_id')
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', p)
      .execute();
    expect(outs.map((o) => o.group_id)).toEqual([offers.id]);
    expect(await env.kernel.crm.consents.canSend(ws.id, p, 'email', 'marketing')).toBe(true);
    expect((await row(id)).unsubscribed_at).not.toBeNull();
    expect((await ok('GET', `/subscription-groups/${offers.id}`)).optOuts).toBe(1);

    // Back in: the opt-out goes.
    await raw.api('POST', path, `scope=groups&keep=${news.id}&keep=${offers.id}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect((await ok('GET', `/subscription-groups/${offers.id}`)).optOuts).toBe(0);
    expect((await raw.api('GET', `/p/${'B'.repeat(86)}`)).status).toBe(400);
  });
});
