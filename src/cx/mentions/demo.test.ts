import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { seedMentionsDemo } from './demo.ts';

/** Story 4's demo with insights' real analyser: the wave about the store on Tverskaya raises its alert; a second run adds nothing. */
describe('cx: mentions demo', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('mentions-demo');
  });
  afterAll(async () => env?.close());

  it('seeds sources, mentions in RU and EN, and the alert', async () => {
    const lines: string[] = [];
    const ctx = { workspaceId: ws.id, log: (l: string) => lines.push(l), now: Date.parse('2026-12-06T12:40:00Z') };
    await seedMentionsDemo(env.kernel as never, ctx);
    const { ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
    expect((await ok('GET', '/mention-sources')).data).toHaveLength(4);
    const all = (await ok('GET', '/mentions?limit=100')).data as any[];
    expect(all).toHaveLength(34);
    expect(new Set(all.map((m) => m.analysis.language))).toEqual(new Set(['ru', 'en']));
    const alerts = (await ok('GET', '/mention-alerts')).data as any[];
    expect(alerts, lines.join('\n')).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ruleName: 'Магазин на Тверской', scope: 'store' });
    expect(alerts[0].count).toBeGreaterThanOrEqual(4);
    await seedMentionsDemo(env.kernel as never, ctx);
    expect((await ok('GET', '/mentions?limit=100')).data).toHaveLength(34);
  });
});
