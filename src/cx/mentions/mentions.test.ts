import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { startMentionFeedsPeer, type MentionFeedsPeer } from '../../../test/peers/mention-feeds-peer.ts';
import { fixedAnalysis } from './test-analyzer.ts';
import { ATOM, REVIEWS, RSS, TELEGRAM, VK_TOKEN, vkAnswer } from './test-fixtures.ts';

/**
 * Mentions against a real HTTP peer (test/peers/mention-feeds-peer.ts): the webhook contract, RSS,
 * Atom, a Telegram bridge, VK's newsfeed.search, a reviews JSON; the broken ones (a timeout,
 * garbage, an HTML page) record their error and never stop the others; dedupe, HTML stripped,
 * authors linked to people and opinion leaders flagged; filters and pages; GDPR.
 */
describe('cx: mentions', () => {
  let env: TestEnv;
  let peer: MentionFeedsPeer;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let call: ReturnType<typeof apiClient>;
  const sources: Record<string, string> = {};
  let writeKey = '';

  const kernel = () => env.kernel as any;
  const identify = async (userId: string, traits: Record<string, unknown>) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
      payload: { batch: [{ type: 'identify', messageId: `m-${userId}`, userId, traits }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    return eventually(async () => (await call.api('GET', `/people/lookup?kind=user_id&value=${userId}`)).body?.id);
  };
  const addSource = async (name: string, kind: string, url: string | null, settings: Record<string, unknown> = {}) => {
    const s = await call.ok('POST', '/mention-sources', { name, kind, url, settings });
    sources[name] = s.id;
    return s;
  };

  beforeAll(async () => {
    peer = await startMentionFeedsPeer();
    peer.set('/rss.xml', { type: 'application/rss+xml', body: RSS });
    peer.set('/atom.xml', { type: 'application/atom+xml', body: ATOM });
    peer.set('/tg', { type: 'application/json', body: TELEGRAM });
    peer.set('/reviews.json', { type: 'application/json', body: REVIEWS });
    peer.set('/slow.xml', { hang: true });
    peer.set('/garbage', { type: 'application/octet-stream', body: Buffer.from([0, 159, 146, 150, 1, 2, 3, 60, 62]) });
    peer.set('/method/newsfeed.search', (body) => ({ type: 'application/json', body: vkAnswer(body) }));
    peer.set('/page.html', { type: 'text/html', body: '<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>' });
    env = await startTestEnv({
      outboundAllow: '127.0.0.0/8',
      mentionsFetchTimeoutMs: 3000,
      mentionsPollSeconds: 86_400,
    } as never);
    // The analysis is insights' (tested there); here a fixed one, so the assertions say what mentions do with it.
    kernel().text.analyze = async (_ws: string, text: string) => fixedAnalysis(text);
    ws = await env.workspace('mentions');
    other = await env.workspace('mentions-other');
    call = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    writeKey = (await call.ok('POST', '/sources', { name: 'Web', kind: 'web' })).writeKey;
  });
  afterAll(async () => {
    await env?.close();
    await peer?.close();
  });

  it('the webhook contract: 201 with the analysis; a duplicate is the stored one; GET ?sentiment=negative', async () => {
    const body = {
      source: 'twitter',
      url: 'https://twitter.example/status/1?utm_source=x',
      author: 'angry_anna',
      text: '<p>Terrible queue and rotten apples</p>',
      publishedAt: '2026-11-30T08:00:00Z',
    };
    const r = await call.api('POST', '/mentions', body);
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({
      source: 'twitter',
      text: 'Terrible queue and rotten apples',
      url: body.url,
      authorName: 'angry_anna',
      publishedAt: '2026-11-30T08:00:00.000Z',
      analysis: {
        language: 'en',
        sentiment: { label: 'negative', score: -0.8 },
        topics: ['freshness'],
        complaint: false,
      },
    });
    // The same URL without its tracking parameter, from another label: the same mention.
    const again = await call.api('POST', '/mentions', {
      ...body,
      source: 'x',
      url: 'https://twitter.example/status/1',
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(r.body.id);
    // Same source and external id: the same; no URL and no id: author + text.
    const a1 = await call.api('POST', '/mentions', { source: 'forum', externalId: 'p-1', text: 'Great shop' });
    expect(a1.status).toBe(201);
    expect(
      (await call.api('POST', '/mentions', { source: 'forum', externalId: 'p-1', text: 'Edited: great shop' })).body.id,
    ).toBe(a1.body.id);
    const t1 = await call.api('POST', '/mentions', { source: 'sms', author: 'Bob', text: 'Awful   service' });
    expect((await call.api('POST', '/mentions', { source: 'sms', author: 'bob', text: 'awful service' })).body.id).toBe(
      t1.body.id,
    );
    expect((await call.api('POST', '/mentions', { source: 'sms', author: 'Carl', text: 'awful service' })).status).toBe(
      201,
    );

    const neg = await call.ok('GET', '/mentions?sentiment=negative');
    expect(neg.data.map((m: any) => m.text).sort()).toEqual([
      'Awful service',
      'Terrible queue and rotten apples',
      'awful service',
    ]);
    expect(neg.data.every((m: any) => m.analysis.sentiment.label === 'negative')).toBe(true);
    // Another workspace sees none of it.
    expect((await call.ok('GET', '/mentions', undefined, other.auth)).data).toEqual([]);
  });

  it('bad input: a clear 400 naming the field, nothing stored', async () => {
    const before = (await call.ok('GET', '/mentions?limit=500')).data.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ text: 'no source' }, 'source'],
      [{ source: 'x', text: '' }, 'text'],
      [{ source: 'x', text: '<p> </p><script>x</script>' }, 'text'],
      [{ source: 'x', text: 'a'.repeat(100_001) }, 'text'],
      [{ source: 'x', text: 'ok', url: 'javascript:alert(1)' }, 'url'],
      [{ source: 'x', text: 'ok', publishedAt: 'yesterday' }, 'publishedAt'],
      [{ source: 'x', text: 'ok', authorVkId: 'abc' }, 'authorVkId'],
      [{ source: 'x', text: 'ok', extra: 1 }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const r = await call.api('POST', '/mentions', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.error.details.map((d: any) => d.path).join(',')).toContain(field);
    }
    expect((await call.ok('GET', '/mentions?limit=500')).data.length).toBe(before);
    expect((await call.api('GET', '/mentions?sentiment=angry')).status).toBe(400);
    expect((await call.api('GET', '/mentions?cursor=garbage')).status).toBe(400);
  });

  it('sources: URLs through the outbound policy, the VK token sealed and never shown', async () => {
    const blocked = await call.api('POST', '/mention-sources', {
      name: 'Intranet',
      kind: 'rss',
      url: 'http://10.0.0.1/feed',
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details[0]).toMatchObject({ path: 'url', code: 'URL_BLOCKED' });
    const noChannel = await call.api('POST', '/mention-sources', {
      name: 'TG',
      kind: 'telegram',
      url: `${peer.url}/tg`,
    });
    expect(noChannel.status).toBe(400);
    expect(noChannel.body.error.details[0].path).toBe('settings.channel');
    const noToken = await call.api('POST', '/mention-sources', {
      name: 'VK',
      kind: 'vk',
      url: peer.url,
      settings: { query: 'магазин' },
    });
    expect(noToken.body.error.details[0].path).toBe('settings.accessToken');

    await addSource('Forum', 'rss', `${peer.url}/rss.xml`);
    await addSource('Blog', 'rss', `${peer.url}/atom.xml`);
    await addSource('Telegram', 'telegram', `${peer.url}/tg`, { channel: '@GroceryNews' });
    const vk = await addSource('VK', 'vk', peer.url, { query: 'магазин', accessToken: VK_TOKEN });
    await addSource('Reviews', 'reviews', `${peer.url}/reviews.json`);
    await addSource('Slow', 'rss', `${peer.url}/slow.xml`);
    await addSource('Garbage', 'telegram', `${peer.url}/garbage`, { channel: 'garbage' });
    await addSource('Garbage feed', 'reviews', `${peer.url}/garbage`);
    await addSource('Page', 'rss', `${peer.url}/page.html`);
    expect(vk.settings).toEqual({ query: 'магазин', accessTokenSet: true });
    expect(JSON.stringify(await call.ok('GET', `/mention-sources/${vk.id}`))).not.toContain(VK_TOKEN);
    const stored = await env.kernel.db
      .selectFrom('cx_mention_sources')
      .select('settings')
      .where('id', '=', vk.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.settings)).not.toContain(VK_TOKEN);
    expect((await call.ok('GET', '/mention-sources', undefined, other.auth)).data).toEqual([]);
  });

  it('a poll round: every good source read; a timeout, garbage and an HTML page recorded on their source', async () => {
    const olga = await identify('olga', { email: 'olga@client.example' });
    const ivan = await identify('ivan', { telegramId: 777001 });
    const petr = await identify('petr', { vkId: '5005' });
    await kernel().cx.mentions.poller.pollAll();
    const list = (await call.ok('GET', '/mention-sources')).data as any[];
    const status = Object.fromEntries(list.map((s) => [s.name, s.status]));
    expect(status.Slow.lastError).toMatch(/^timed out after 3000 ms/);
    expect(status.Garbage.lastError).toMatch(/^not Telegram bridge JSON \(the answer starts with/);
    expect(status['Garbage feed'].lastError).toBe('not an RSS or Atom feed');
    expect(status.Page.lastError).toBe('an HTML page, not a feed');
    for (const name of ['Forum', 'Blog', 'Telegram', 'VK', 'Reviews']) {
      expect(status[name].lastError, name).toBeNull();
      expect(status[name].lastOkAt, name).not.toBeNull();
    }
    expect(status.Forum).toMatchObject({ lastFetched: 2, fetchedTotal: 2 });
    // The Atom repost of the forum thread (the same URL, another host spelling, a fragment) is not a second mention.
    expect(status.Blog).toMatchObject({ lastFetched: 2, fetchedTotal: 1 });

    const all = (await call.ok('GET', '/mentions?limit=100')).data as any[];
    const byText = (s: string) => all.find((m) => m.text.includes(s));
    // HTML gone (tags, the script), entities decoded, line breaks kept.
    expect(byText('Купила').text).toBe(
      'Купила гнилые помидоры в магазине на Тверской & кассир нагрубил.\nВерните деньги!',
    );
    expect(byText('Купила')).toMatchObject({
      source: 'rss',
      sourceId: sources.Forum,
      externalId: 'forum-101',
      personId: olga,
      author: { network: 'email', handle: 'olga@client.example', name: 'Ольга', personId: olga, kol: false },
    });
    expect(byText('rye bread').text).toBe('The bakery section is great, I love the rye bread.');
    // Telegram: a channel's own post (its subscribers are its reach: a KOL) and a reader's, linked by Telegram id.
    expect(byText('новый магазин')).toMatchObject({
      source: 'telegram',
      url: 'https://t.me/grocerynews/501',
      author: { network: 'telegram', handle: 'grocerynews', followers: 25_000, kol: true, personId: null },
    });
    expect(byText('ужасная доставка')).toMatchObject({
      personId: ivan,
      author: { handle: 'ivan_reader', personId: ivan },
    });
    // VK: a person's post linked by VK id; a community's with its members as reach.
    expect(byText('Ужасный сервис')).toMatchObject({
      source: 'vk',
      url: 'https://vk.com/wall5005_11',
      externalId: '5005_11',
      personId: petr,
      author: { handle: 'id5005', name: 'Пётр Смирнов', followers: 120, kol: false },
    });
    expect(byText('Скидки на молоко')).toMatchObject({
      text: 'Подборка акций недели от сети\nСкидки на молоко',
      author: { handle: 'club300', kol: true },
    });
    expect(byText('творог')).toMatchObject({
      source: 'reviews',
      title: '★ 1/5 · Плохо',
      author: { name: 'Marina K.', followers: 15 },
    });
    // The token went in the POST body, not the URL.
    const vkReq = peer.requests.find((q) => q.url.startsWith('/method/newsfeed.search'))!;
    expect(vkReq.method).toBe('POST');
    expect(vkReq.url).not.toContain(VK_TOKEN);
    expect(new URLSearchParams(vkReq.body).get('q')).toBe('магазин');

    // A second round (sources due again): nothing new, nothing twice.
    await env.kernel.db.updateTable('cx_mention_sources').set({ polled_at: null }).execute();
    const count = all.length;
    await kernel().cx.mentions.poller.pollAll();
    expect((await call.ok('GET', '/mentions?limit=100')).data.length).toBe(count);
    // A wrong VK token: VK's error recorded on the source.
    await call.ok('PATCH', `/mention-sources/${sources.VK}`, { settings: { accessToken: 'wrong' } });
    const poll = await call.ok('POST', `/mention-sources/${sources.VK}/poll`);
    expect(poll.error).toBe('VK API error 5: User authorization failed: invalid access_token (4).');
    // Test: reads without storing.
    const test = await call.ok('POST', `/mention-sources/${sources.Forum}/test`);
    expect(test).toMatchObject({ ok: true, items: 2, error: null });
    expect((await call.ok('POST', `/mention-sources/${sources.Slow}/test`)).error).toMatch(/^timed out/);
  });

  it('filters: source, topic, author, KOL, dates; keyset pages cover the list once', async () => {
    const q = async (qs: string) =>
      ((await call.ok('GET', `/mentions?limit=100&${qs}`)).data as any[]).map((m) => m.text);
    expect(await q(`source=${sources.Telegram}`)).toHaveLength(2);
    expect(await q('source=vk')).toHaveLength(2);
    expect((await q('topic=delivery')).sort()).toEqual([
      'Курьер привёз заказ вовремя, отличный сервис',
      'Читатель пишет: ужасная доставка, ждал три часа',
    ]);
    expect(await q('kol=true')).toHaveLength(2);
    expect(await q('author=ivan')).toEqual(['Читатель пишет: ужасная доставка, ждал три часа']);
    expect(await q('from=2026-11-30T10:30:00Z&to=2026-11-30T11:30:00Z')).toEqual(
      expect.arrayContaining(['Курьер привёз заказ вовремя, отличный сервис']),
    );
    expect(await q('complaint=true&sentiment=negative')).toHaveLength(2);
    const all = await q('');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call.ok('GET', `/mentions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.data.map((m: any) => m.text));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('GDPR: mentions linked to a person are exported and erased with them', async () => {
    const olga = (await call.ok('GET', '/people/lookup?kind=email&value=olga@client.example')).id;
    const x = await call.ok('GET', `/persons/${olga}/export`);
    expect(x.modules['cx-mentions'].mentions.map((m: any) => m.text)).toEqual([
      'Купила гнилые помидоры в магазине на Тверской & кассир нагрубил.\nВерните деньги!',
    ]);
    expect(x.modules['cx-mentions'].mentionAuthors[0]).toMatchObject({ handle: 'olga@client.example' });
    await call.ok('POST', `/persons/${olga}/erase`, {});
    expect((await call.ok('GET', `/mentions?personId=${olga}`)).data).toEqual([]);
    expect((await call.ok('GET', '/mentions?author=olga')).data).toEqual([]);
  });
});
