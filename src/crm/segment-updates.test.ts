import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/**
 * Segments follow CRM changes (segment-updates.ts): a person's CRM fields, their consents and their
 * deals change membership through a queued evaluation, with the worker of this process running it,
 * and GET /people/{id} lists the segments the person is in.
 */
describe('crm: segments follow CRM changes', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  /** A segment, once its first recompute ran (the worker of this process runs it). */
  const segment = async (name: string, rule: unknown) => {
    const s = await ok('POST', '/segments', { name, rule });
    await eventually(async () => (await ok('GET', `/segments/${s.id}`)).computedVersion === 1);
    return s.id as string;
  };
  const segmentsOf = async (personId: string): Promise<string[]> => (await ok('GET', `/people/${personId}`)).segments;
  const until = (personId: string, test: (segments: string[]) => boolean) =>
    eventually(async () => test(await segmentsOf(personId)), 30_000, 200);

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('seg-follow');
  });
  afterAll(async () => env?.close());

  it('a lifecycle change enters and exits a segment on a CRM field; the timeline shows both', async () => {
    const p = await ok('POST', '/people', { firstName: 'Lena', lifecycleStage: 'lead' });
    const customers = await segment('Customers', { crm: 'lifecycleStage', op: 'eq', value: 'customer' });
    expect(await segmentsOf(p.id)).toEqual([]);

    await ok('PATCH', `/people/${p.id}`, { lifecycleStage: 'customer' });
    await until(p.id, (s) => s.includes(customers));
    await ok('PATCH', `/people/${p.id}`, { lifecycleStage: 'churned' });
    await until(p.id, (s) => !s.includes(customers));

    const timeline = await ok('GET', `/people/${p.id}/timeline?types=segment`);
    const changes = timeline.data.map((e: { event: string; properties: { segmentId: string } }) => [
      e.event,
      e.properties.segmentId,
    ]);
    expect(changes).toEqual([
      ['Segment Exited', customers],
      ['Segment Entered', customers],
    ]);
  });

  it('a consent granted and then withdrawn', async () => {
    const p = await ok('POST', '/people', { firstName: 'Oleg' });
    const sms = await segment('SMS allowed', { consent: 'sms', purpose: 'marketing', granted: true });
    const consent = (granted: boolean) =>
      ok('POST', `/people/${p.id}/consents`, { channel: 'sms', purpose: 'marketing', granted, source: 'test' });
    await consent(true);
    await until(p.id, (s) => s.includes(sms));
    await consent(false);
    await until(p.id, (s) => !s.includes(sms));
  });

  it('a deal moved to another person: the first leaves, the second enters', async () => {
    const a = await ok('POST', '/people', { firstName: 'Anna' });
    const b = await ok('POST', '/people', { firstName: 'Boris' });
    const pipeline = await ok('POST', '/pipelines', {
      name: 'Follow',
      stages: [{ name: 'New' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
    });
    const open = await segment('Open deal', { deal: { status: 'open' } });
    const deal = await ok('POST', '/deals', {
      title: 'Moved',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      personId: a.id,
    });
    await until(a.id, (s) => s.includes(open));
    await ok('PATCH', `/deals/${deal.id}`, { personId: b.id });
    await until(b.id, (s) => s.includes(open));
    await until(a.id, (s) => !s.includes(open));
  });

  it('another workspace sees neither the person nor the segments', async () => {
    const other = await env.workspace('seg-follow-other');
    const p = await ok('POST', '/people', { firstName: 'Hidden' });
    expect((await api('GET', `/people/${p.id}`, undefined, other.auth)).status).toBe(404);
  });
});
