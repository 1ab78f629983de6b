import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { systemActor } from '../core/auth/actor.ts';
import { newId } from '../core/ids.ts';

/** Pipelines, deals, stage history, the board and the deal timeline, through the HTTP API. */
describe('crm: pipelines and deals', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  let ownerId: string;
  let strangerId: string;
  let personId: string;
  let companyId: string;
  let otherCompanyId: string;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  const company = async (workspaceId: string, name: string) => {
    const id = newId();
    await env.kernel.db
      .insertInto('crm_companies')
      .values({ workspace_id: workspaceId, id, name, search: name.toLowerCase() })
      .execute();
    return id;
  };
  const dealEvents = async (pid: string) =>
    (await api('GET', `/people/${pid}/timeline?types=deal&limit=100`)).body.data
      .map((e: any) => [e.event, e.properties])
      .reverse();
  const pipeline = async (name: string) =>
    ok('POST', '/pipelines', {
      name,
      stages: [
        { name: 'New', probability: 10 },
        { name: 'Offer', probability: 40 },
        { name: 'Contract', probability: 80 },
        { name: 'Won', kind: 'won', probability: 100 },
        { name: 'Lost', kind: 'lost' },
      ],
    });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('deals-ws');
    other = await env.workspace('deals-other');
    ownerId = (
      await env.kernel.auth.createMember(systemActor(ws.id), {
        email: 'owner@deals.test',
        name: 'Дмитрий Волков',
        password: 'owner-password',
        role: 'manager',
      })
    ).id;
    strangerId = (
      await env.kernel.auth.createMember(systemActor(other.id), {
        email: 'stranger@deals.test',
        name: 'Stranger',
        password: 'stranger-pass',
        role: 'manager',
      })
    ).id;
    [personId] = await env.kernel.db
      .transaction()
      .execute((trx) =>
        env.kernel.cdp.directory.create(trx, ws.id, [{ identities: [{ kind: 'email', value: 'buyer@deals.test' }] }]),
      );
    companyId = await company(ws.id, 'ООО Ромашка');
    otherCompanyId = await company(other.id, 'Other Co');
  });
  afterAll(async () => env?.close());

  it('a workspace without pipelines gets the default one, once, on first read', async () => {
    const [a, b] = await Promise.all([api('GET', '/pipelines'), api('GET', '/pipelines')]);
    expect(a.status).toBe(200);
    expect(b.body.data.map((p: any) => p.id)).toEqual(a.body.data.map((p: any) => p.id));
    const again = await ok('GET', '/pipelines');
    expect(again.data).toHaveLength(1);
    const p = again.data[0];
    expect(p.name).toBe('Sales');
    expect(p.stages.map((s: any) => [s.name, s.kind, s.probability, s.position])).toEqual([
      ['Qualification', 'open', 10, 0],
      ['Needs analysis', 'open', 25, 1],
      ['Proposal', 'open', 50, 2],
      ['Negotiation', 'open', 75, 3],
      ['Won', 'won', 100, 4],
      ['Lost', 'lost', 0, 5],
    ]);
    const logged = await env.kernel.audit.list(ws.id, { entityType: 'pipeline', limit: 10 });
    expect(logged.data.map((e) => [e.action, e.entityId, e.actorType])).toEqual([['create', p.id, 'system']]);
  });

  it('validates pipelines: at least one open stage; unknown stage ids in PATCH are refused', async () => {
    expect((await api('POST', '/pipelines', { name: 'Bad', stages: [{ name: 'Won', kind: 'won' }] })).status).toBe(400);
    expect((await api('POST', '/pipelines', { name: 'Bad', stages: [] })).status).toBe(400);
    const p = await pipeline('Validate');
    const r = await api('PATCH', `/pipelines/${p.id}`, {
      stages: [{ id: newId(), name: 'X' }, ...p.stages.map((s: any) => ({ id: s.id, name: s.name }))],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('stages.0.id');
  });

  it('creates a deal: probability and currency from the stage and pipeline, references checked', async () => {
    const p = await pipeline('Create');
    const d = await ok('POST', '/deals', {
      title: 'Поставка оборудования',
      pipelineId: p.id,
      stageId: p.stages[0].id,
      amount: 150000.5,
      ownerId,
      personId,
      companyId,
      source: 'web',
      campaign: 'spring',
      region: 'Москва',
      expectedClose: '2030-03-01',
    });
    expect(d).toMatchObject({
      status: 'open',
      amount: 150000.5,
      currency: 'RUB',
      probability: 10,
      owner: { id: ownerId, name: 'Дмитрий Волков' },
      company: { id: companyId, name: 'ООО Ромашка' },
      personId,
      expectedClose: '2030-03-01',
      closedAt: null,
    });
    expect((await ok('GET', `/deals/${d.id}`)).title).toBe('Поставка оборудования');

    const other = await pipeline('Other');
    const cases: [Record<string, unknown>, string][] = [
      [{ stageId: other.stages[0].id }, 'stageId'],
      [{ ownerId: strangerId }, 'ownerId'],
      [{ personId: newId() }, 'personId'],
      [{ companyId: otherCompanyId }, 'companyId'],
      [{ stageId: p.stages[4].id }, 'closeReason'],
    ];
    const before = (await ok('GET', `/deals?pipelineId=${p.id}`)).data.length;
    for (const [patch, path] of cases) {
      const r = await api('POST', '/deals', { title: 'X', pipelineId: p.id, stageId: p.stages[0].id, ...patch });
      expect(r.status, path).toBe(400);
      expect(r.body.error.details[0].path).toBe(path);
    }
    expect((await ok('GET', `/deals?pipelineId=${p.id}`)).data.length).toBe(before);
    expect(
      (await api('POST', '/deals', { title: 'X', pipelineId: p.id, stageId: p.stages[0].id, amount: -1 })).status,
    ).toBe(400);
  });

  it('moves through stages: history with time in stage, lost needs a reason, won/lost close, open reopens, timeline entries', async () => {
    const p = await pipeline('Move');
    const [s0, s1, s2, won, lost] = p.stages;
    const d = await ok('POST', '/deals', {
      title: 'Лицензии',
      pipelineId: p.id,
      stageId: s0.id,
      amount: 1000,
      personId,
    });
    // The deal has sat an hour in its first stage.
    await sql`UPDATE crm_deals SET stage_entered_at = now() - interval '1 hour' WHERE id = ${d.id}`.execute(
      env.kernel.db,
    );
    const m1 = await ok('POST', `/deals/${d.id}/move`, { stageId: s1.id });
    expect(m1).toMatchObject({ stageId: s1.id, status: 'open', probability: 40 });

    expect((await api('POST', `/deals/${d.id}/move`, {})).body.error.details[0].path).toBe('stageId');
    const refused = await api('POST', `/deals/${d.id}/move`, { stageId: lost.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('closeReason');
    expect((await ok('GET', `/deals/${d.id}`)).stageId).toBe(s1.id);

    const other = await pipeline('Elsewhere');
    const cross = await api('POST', `/deals/${d.id}/move`, { stageId: other.stages[1].id });
    expect(cross.status).toBe(400);
    expect(cross.body.error.details[0].path).toBe('stageId');

    const l = await ok('POST', `/deals/${d.id}/move`, { stageId: lost.id, closeReason: 'Дорого' });
    expect(l).toMatchObject({ status: 'lost', closeReason: 'Дорого', probability: 0 });
    expect(l.closedAt).not.toBeNull();
    const reopened = await ok('POST', `/deals/${d.id}/move`, { stageId: s2.id });
    expect(reopened).toMatchObject({ status: 'open', closeReason: null, closedAt: null, probability: 80 });
    const w = await ok('POST', `/deals/${d.id}/move`, { stageId: won.id });
    expect(w).toMatchObject({ status: 'won', probability: 100 });

    const h = (await ok('GET', `/deals/${d.id}/stage-history`)).data;
    expect(h.map((x: any) => [x.fromStage, x.toStage])).toEqual([
      [null, 'New'],
      ['New', 'Offer'],
      ['Offer', 'Lost'],
      ['Lost', 'Contract'],
      ['Contract', 'Won'],
    ]);
    expect(h[0].secondsInFrom).toBeNull();
    expect(h[1].secondsInFrom).toBeGreaterThanOrEqual(3600);
    expect(h[1].secondsInFrom).toBeLessThan(3700);
    const rows = await env.kernel.db
      .selectFrom('crm_deal_stage_changes')
      .select(['pipeline_id'])
      .where('deal_id', '=', d.id)
      .execute();
    expect(rows.every((r) => r.pipeline_id === p.id)).toBe(true);

    const events = await dealEvents(personId);
    const mine = events.filter(([, props]: any) => props.dealId === d.id);
    expect(mine.map(([e]: any) => e)).toEqual([
      'deal.created',
      'deal.stage_changed',
      'deal.lost',
      'deal.stage_changed',
      'deal.won',
    ]);
    expect(mine[1][1]).toMatchObject({
      dealId: d.id,
      title: 'Лицензии',
      fromStage: 'New',
      toStage: 'Offer',
      amount: 1000,
    });
    expect(mine[2][1]).toMatchObject({ closeReason: 'Дорого' });

    // Closing moves are their own audit actions and webhook event types.
    const audit = await env.kernel.audit.list(ws.id, { entityType: 'deal', entityId: d.id, limit: 10 });
    expect(audit.data.map((a) => a.action).reverse()).toEqual(['create', 'update', 'lost', 'update', 'won']);
    const types = (await ok('GET', '/webhooks/event-types')).data.map((t: any) => t.type);
    expect(types).toEqual(expect.arrayContaining(['deal.won', 'deal.lost', 'deal.updated']));
  });

  it('board: columns in stage order with count and amount; a drop between two cards takes the midpoint', async () => {
    const p = await pipeline('Board');
    const [s0, s1] = p.stages;
    const a = await ok('POST', '/deals', { title: 'A', pipelineId: p.id, stageId: s0.id, amount: 100 });
    const b = await ok('POST', '/deals', { title: 'B', pipelineId: p.id, stageId: s0.id, amount: 250.25 });
    await ok('POST', '/deals', { title: 'C', pipelineId: p.id, stageId: s1.id, amount: 1000 });
    const x = await ok('POST', '/deals', { title: 'X', pipelineId: p.id, stageId: s1.id, amount: 1 });
    expect(a.position).toBeLessThan(b.position);
    // X is dropped between A and B.
    await ok('POST', `/deals/${x.id}/move`, { stageId: s0.id, position: (a.position + b.position) / 2 });
    const board = await ok('GET', `/deals/board?pipelineId=${p.id}`);
    expect(board.pipeline.id).toBe(p.id);
    expect(
      board.columns.map((col: any) => [col.stage.name, col.deals.map((d: any) => d.title), col.count, col.amount]),
    ).toEqual([
      ['New', ['A', 'X', 'B'], 3, 351.25],
      ['Offer', ['C'], 1, 1000],
      ['Contract', [], 0, 0],
      ['Won', [], 0, 0],
      ['Lost', [], 0, 0],
    ]);
    // Cards per column are limited, totals are not.
    const limited = await ok('GET', `/deals/board?pipelineId=${p.id}&limit=1`);
    expect(limited.columns[0]).toMatchObject({ count: 3, amount: 351.25 });
    // A deal in another currency gets its own total: the pipeline's currency first.
    const y = await ok('POST', '/deals', {
      title: 'Y',
      pipelineId: p.id,
      stageId: s1.id,
      amount: 5000,
      currency: 'USD',
    });
    const mixed = await ok('GET', `/deals/board?pipelineId=${p.id}`);
    expect(mixed.columns[1].byCurrency).toEqual([
      { currency: p.currency, count: 1, amount: 1000 },
      { currency: 'USD', count: 1, amount: 5000 },
    ]);
    expect(mixed.columns[0].byCurrency).toEqual([{ currency: p.currency, count: 3, amount: 351.25 }]);
    expect(mixed.columns[2].byCurrency).toEqual([]);
    await ok('DELETE', `/deals/${y.id}`);
    expect(limited.columns[0].deals.map((d: any) => d.title)).toEqual(['A']);
    // Reordering within a column writes no stage change.
    await ok('POST', `/deals/${b.id}/move`, { stageId: s0.id, position: a.position - 1 });
    expect((await ok('GET', `/deals/board?pipelineId=${p.id}`)).columns[0].deals.map((d: any) => d.title)).toEqual([
      'B',
      'A',
      'X',
    ]);
    expect((await ok('GET', `/deals/${b.id}/stage-history`)).data).toHaveLength(1);
    expect((await api('GET', `/deals/board?pipelineId=${newId()}`)).status).toBe(404);
  });

  it('stages: rename and reorder keep ids; removing a stage with deals → 409, without → gone; pipeline with open deals cannot be deleted', async () => {
    const p = await pipeline('Stages');
    const [s0, s1, s2, won, lost] = p.stages;
    const d = await ok('POST', '/deals', { title: 'Sits in Offer', pipelineId: p.id, stageId: s1.id });
    const conflict = await api('PATCH', `/pipelines/${p.id}`, {
      stages: [s0, s2, won, lost].map((s: any) => ({ id: s.id, name: s.name })),
    });
    expect(conflict.status).toBe(409);
    expect((await ok('GET', `/pipelines/${p.id}`)).stages).toHaveLength(5);
    const renamed = await ok('PATCH', `/pipelines/${p.id}`, {
      name: 'Stages 2',
      stages: [
        { id: s1.id, name: 'Предложение', probability: 45 },
        { id: s0.id, name: s0.name },
        { name: 'Demo', probability: 60 },
        { id: won.id, name: won.name },
        { id: lost.id, name: lost.name },
      ],
    });
    expect(renamed.name).toBe('Stages 2');
    expect(renamed.stages.map((s: any) => [s.name, s.position, s.probability, s.kind])).toEqual([
      ['Предложение', 0, 45, 'open'],
      ['New', 1, 10, 'open'],
      ['Demo', 2, 60, 'open'],
      ['Won', 3, 100, 'won'],
      ['Lost', 4, 0, 'lost'],
    ]);
    expect(renamed.stages[0].id).toBe(s1.id);
    const kindChange = await api('PATCH', `/pipelines/${p.id}`, {
      stages: renamed.stages.map((s: any, i: number) => ({
        id: s.id,
        name: s.name,
        ...(i === 0 ? { kind: 'won' } : {}),
      })),
    });
    expect(kindChange.status).toBe(409);
    expect(kindChange.body.error.details[0].path).toBe('stages.0.kind');
    expect((await api('DELETE', `/pipelines/${p.id}`)).status).toBe(409);
    await ok('POST', `/deals/${d.id}/move`, { stageId: won.id });
    expect((await api('DELETE', `/pipelines/${p.id}`)).status).toBe(204);
    expect((await api('GET', `/pipelines/${p.id}`)).status).toBe(404);
  });

  it('custom fields of deals are validated against their definitions; null clears', async () => {
    await ok('POST', '/custom-fields', { entity: 'deal', key: 'budget_code', label: 'Budget code', type: 'number' });
    const p = await pipeline('Custom');
    const base = { title: 'CF', pipelineId: p.id, stageId: p.stages[0].id };
    const d = await ok('POST', '/deals', { ...base, customFields: { budget_code: 12 } });
    expect(d.customFields).toEqual({ budget_code: 12 });
    const unknown = await api('POST', '/deals', { ...base, customFields: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('customFields.nope');
    expect((await api('PATCH', `/deals/${d.id}`, { customFields: { budget_code: 'twelve' } })).status).toBe(400);
    expect((await ok('PATCH', `/deals/${d.id}`, { customFields: { budget_code: null } })).customFields).toEqual({});
  });

  it('lists with filters, search and keyset pages for every sort', async () => {
    const p = await pipeline('List');
    const titles = ['Альфа', 'Бета', 'Гамма', 'Дельта', 'Ёлка', 'Zeta'];
    for (const [i, t] of titles.entries())
      await ok('POST', '/deals', {
        title: t,
        pipelineId: p.id,
        stageId: p.stages[i % 2].id,
        amount: (i % 3) * 100,
        ownerId: i < 2 ? ownerId : null,
      });
    const all = async (q: string) => {
      const out: any[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await ok('GET', `/deals?pipelineId=${p.id}&limit=2${q}${cursor ? `&cursor=${cursor}` : ''}`);
        out.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const byAmount = await all('&sort=amount&order=asc');
    expect(byAmount.map((d) => d.amount)).toEqual([0, 0, 100, 100, 200, 200]);
    expect(new Set(byAmount.map((d) => d.id)).size).toBe(6);
    expect((await all('&sort=title&order=asc')).map((d) => d.title)).toEqual(
      ['zeta', 'альфа', 'бета', 'гамма', 'дельта', 'ёлка'].map((t) => titles.find((x) => x.toLowerCase() === t)),
    );
    expect((await all('')).map((d) => d.title)).toEqual([...titles].reverse());
    expect((await all('&sort=expectedClose')).length).toBe(6);
    expect((await all(`&ownerId=${ownerId}`)).map((d) => d.title).sort()).toEqual(['Альфа', 'Бета']);
    expect((await all(`&stageId=${p.stages[1].id}`)).map((d) => d.title).sort()).toEqual(
      ['Zeta', 'Бета', 'Дельта'].sort(),
    );
    expect((await all('&q=елка')).map((d) => d.title)).toEqual(['Ёлка']);
    expect((await api('GET', '/deals?cursor=garbage')).status).toBe(400);
  });

  it('PATCH changes fields, null clears, stageId moves; another workspace gets 404', async () => {
    const p = await pipeline('Patch');
    const d = await ok('POST', '/deals', {
      title: 'Old',
      pipelineId: p.id,
      stageId: p.stages[0].id,
      amount: 5,
      region: 'Казань',
      companyId,
    });
    const u = await ok('PATCH', `/deals/${d.id}`, {
      title: 'New',
      amount: 7.5,
      region: null,
      companyId: null,
      probability: 33,
      stageId: p.stages[1].id,
    });
    expect(u).toMatchObject({
      title: 'New',
      amount: 7.5,
      region: null,
      companyId: null,
      company: null,
      stageId: p.stages[1].id,
    });
    expect((await ok('GET', `/deals/${d.id}/stage-history`)).data).toHaveLength(2);
    expect((await api('PATCH', `/deals/${d.id}`, { ownerId: strangerId })).status).toBe(400);
    expect((await api('GET', `/deals/${d.id}`, undefined, other.auth)).status).toBe(404);
    expect((await api('POST', `/deals/${d.id}/move`, { stageId: p.stages[0].id }, other.auth)).status).toBe(404);
    const audit = await env.kernel.audit.list(ws.id, { entityType: 'deal', entityId: d.id, limit: 10 });
    expect(audit.data.map((a) => a.action)).toEqual(['update', 'create']);
    expect((await api('DELETE', `/deals/${d.id}`)).status).toBe(204);
    expect((await api('GET', `/deals/${d.id}`)).status).toBe(404);
  });
});
