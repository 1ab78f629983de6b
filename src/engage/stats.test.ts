import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { newId } from '../core/ids.ts';

/**
 * Delivery analytics over a hand-made ledger: every count and rate checked against numbers worked
 * out by hand, zero denominators → null, the daily series and the filters.
 */
describe('engage: stats', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const email = newId();
  const sms = newId();
  const template = newId();
  const broadcast = newId();
  const empty = newId();
  const DAY1 = '2026-11-01T10:00:00Z';
  const DAY2 = '2026-11-02T23:30:00Z';

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('stats-ws');
    const db = env.kernel.db;
    await db
      .insertInto('engage_channels')
      .values([
        {
          workspace_id: ws.id,
          id: email,
          type: 'email',
          name: 'e',
          config: '{}',
          secrets: null,
          rate_per_second: null,
          deleted_at: null,
        },
        {
          workspace_id: ws.id,
          id: sms,
          type: 'sms',
          name: 's',
          config: '{}',
          secrets: null,
          rate_per_second: null,
          deleted_at: null,
        },
      ])
      .execute();
    await db
      .insertInto('engage_templates')
      .values({ workspace_id: ws.id, id: template, channel: 'email', name: 'T', group_id: null, archived_at: null })
      .execute();
    const segment = (await ok('POST', '/segments', { name: 'L', kind: 'list' })).id;
    for (const [id, status] of [
      [broadcast, 'finished'],
      [empty, 'finished'],
    ] as const)
      await db
        .insertInto('engage_broadcasts')
        .values({
          workspace_id: ws.id,
          id,
          name: id,
          segment_id: segment,
          channel_id: email,
          template_id: template,
          status,
        })
        .execute();
    const t = '2026-11-01T10:05:00Z';
    // [status, timestamps set, created] — the expected counts are worked out in the tests.
    const ledger: [string, string[], string][] = [
      ['sent', ['sent'], DAY1], // 1
      ['delivered', ['sent', 'delivered'], DAY1], // 2
      ['opened', ['sent', 'delivered', 'opened'], DAY1], // 3
      ['opened', ['sent', 'opened'], DAY1], // 4: opened without a delivery report
      ['clicked', ['sent', 'delivered', 'opened', 'clicked'], DAY1], // 5
      ['clicked', ['sent', 'clicked'], DAY1], // 6: clicked, the pixel blocked
      ['bounced', ['sent', 'bounced'], DAY2], // 7
      ['failed', [], DAY2], // 8
      ['suppressed', [], DAY2], // 9
      ['delivered', ['sent', 'delivered', 'unsubscribed'], DAY2], // 10
      ['complained', ['sent', 'delivered', 'complained'], DAY2], // 11
      ['queued', [], DAY2], // 12: held (send_after infinity), pending
    ];
    const row = (channel: string, b: string | null, [status, stamps, created]: [string, string[], string]) => {
      const id = newId();
      const at = (s: string) => (stamps.includes(s) ? t : null);
      return {
        workspace_id: ws.id,
        id,
        idempotency_key: id,
        person_id: newId(),
        channel_id: channel,
        channel_type: (channel === email ? 'email' : 'sms') as 'email' | 'sms',
        template_id: channel === email ? template : null,
        broadcast_id: b,
        status: status as never,
        created_at: new Date(created),
        send_after: status === 'queued' ? ('infinity' as never) : null,
        sent_at: at('sent'),
        delivered_at: at('delivered'),
        opened_at: at('opened'),
        clicked_at: at('clicked'),
        bounced_at: at('bounced'),
        unsubscribed_at: at('unsubscribed'),
        complained_at: at('complained'),
      };
    };
    await db
      .insertInto('engage_messages')
      .values([
        ...ledger.map((l) => row(email, broadcast, l)),
        // Another channel in the period: 2 sent, 1 delivered.
        row(sms, null, ['sent', ['sent'], DAY1]),
        row(sms, null, ['delivered', ['sent', 'delivered'], DAY1]),
      ])
      .execute();
  });
  afterAll(async () => env?.close());

  it('a broadcast: counts and the four rates, by hand', async () => {
    const s = await ok('GET', `/broadcasts/${broadcast}/stats`);
    expect(s).toEqual({
      total: 12,
      pending: 1,
      sent: 9, // 1–7, 10, 11
      delivered: 7, // 2–6, 10, 11
      opened: 4, // 3–6
      clicked: 2, // 5, 6
      bounced: 1,
      unsubscribed: 1,
      complained: 1,
      failed: 1,
      suppressed: 1,
      deliveryRate: 7 / 9,
      openRate: 4 / 7,
      clickRate: 2 / 7,
      clickToOpenRate: 2 / 4,
    });
  });

  it('no messages: every rate is null, not 0 or NaN', async () => {
    const s = await ok('GET', `/broadcasts/${empty}/stats`);
    expect(s).toMatchObject({ sent: 0, delivered: 0, opened: 0, clicked: 0 });
    expect([s.deliveryRate, s.openRate, s.clickRate, s.clickToOpenRate]).toEqual([null, null, null, null]);
  });

  it('a period: totals and a daily series with the empty days, filtered by channel or template', async () => {
    const all = await ok('GET', '/messaging/stats?from=2026-10-31T00:00:00Z&to=2026-11-03T00:00:00Z&interval=day');
    expect(all).toMatchObject({ total: 14, sent: 11, delivered: 8 });
    expect(all.deliveryRate).toBe(8 / 11);
    expect(all.series.map((d: any) => d.date)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    const [d0, d1, d2] = all.series;
    expect(d0).toMatchObject({ total: 0, sent: 0, deliveryRate: null, openRate: null });
    // Day 1: email 1–6 and the two SMS.
    expect(d1).toMatchObject({ total: 8, sent: 8, delivered: 6, opened: 4, clicked: 2 });
    expect([d1.deliveryRate, d1.openRate, d1.clickRate, d1.clickToOpenRate]).toEqual([6 / 8, 4 / 6, 2 / 6, 2 / 4]);
    // Day 2 (23:30 UTC stays on its UTC day): 7–12.
    expect(d2).toMatchObject({ total: 6, sent: 3, delivered: 2, opened: 0, clicked: 0, bounced: 1, pending: 1 });
    expect([d2.deliveryRate, d2.openRate, d2.clickRate, d2.clickToOpenRate]).toEqual([2 / 3, 0, 0, null]);

    const bySms = await ok('GET', `/messaging/stats?channelId=${sms}`);
    expect(bySms).toMatchObject({ total: 2, sent: 2, delivered: 1, deliveryRate: 0.5, openRate: 0 });
    const byTemplate = await ok('GET', `/messaging/stats?templateId=${template}&from=2026-11-02T00:00:00Z`);
    expect(byTemplate).toMatchObject({ total: 6, sent: 3 });
    const bad = await env.app.inject({
      method: 'GET',
      url: '/api/v1/messaging/stats?from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z',
      headers: ws.auth,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('to');
  });
});
