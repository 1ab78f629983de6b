import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/**
 * Merges made by the tracking path (identify, alias, batch) reach the CRM: the merged-away
 * person's CRM row is folded into the survivor's (or taken over by it), its activities, deals and
 * consents move, and undoing the CDP merge brings both CRM people back exactly. The CRM's own merge
 * is folded once.
 */
describe('crm: merges made by the CDP', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let writeKey: string;
  let pipeline: { id: string; stages: { id: string }[] };

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });
  /** A Segment call through the real tracking endpoint with the source's write key. */
  const track = async (type: string, body: unknown) => {
    const r = await env.app.inject({
      method: 'POST',
      url: `/v1/${type}`,
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      },
      payload: JSON.stringify(body),
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  const crmRows = async (ids: string[]) =>
    (
      await env.kernel.db
        .selectFrom('crm_people')
        .selectAll()
        .where('workspace_id', '=', ws.id)
        .where('person_id', 'in', ids)
        .orderBy('person_id')
        .execute()
    ).map((r) => ({
      ...r,
      created_at: new Date(r.created_at).toISOString(),
      updated_at: new Date(r.updated_at).toISOString(),
      deleted_at: r.deleted_at ? new Date(r.deleted_at).toISOString() : null,
    }));
  /** Every CRM person in the list (all pages of 500 are more than these tests make). */
  const listed = async () => (await ok('GET', '/people?limit=500')).data as any[];
  const crmMergesOf = async (cdpMergeId: string) =>
    env.kernel.db
      .selectFrom('crm_merges')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('cdp_merge_id', '=', cdpMergeId)
      .execute();
  const cdpMerges = async (personId: string) => (await ok('GET', `/merges?personId=${personId}`)).data as any[];
  /** A consent, an activity and a deal hanging off a person. */
  const attachRows = async (personId: string, label: string) => {
    await ok('POST', `/people/${personId}/consents`, {
      channel: 'sms',
      purpose: 'marketing',
      granted: true,
      source: 'form',
    });
    const activity = await ok('POST', '/activities', { kind: 'note', subject: `Заметка ${label}`, personId });
    const deal = await ok('POST', '/deals', {
      title: `Сделка ${label}`,
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: 500,
      personId,
    });
    return { activity: activity.id as string, deal: deal.id as string };
  };
  const smsMarketing = async (personId: string) =>
    (await ok('GET', `/people/${personId}`)).consents.find((c: any) => c.channel === 'sms' && c.purpose === 'marketing')
      .status;

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('cdp-merge-ws');
    writeKey = (await ok('POST', '/sources', { name: 'Site', kind: 'web' })).writeKey;
    pipeline = (await ok('GET', '/pipelines')).data[0];
  });
  afterAll(async () => env?.close());

  it('identify linking two CRM people folds them into one (default field choice, rows moved); the CDP undo restores both exactly', async () => {
    const co = await ok('POST', '/companies', { name: 'ООО Север' });
    const a = await ok('POST', '/people', {
      firstName: 'Анна',
      lastName: 'Петрова',
      emails: ['anna@north.test'],
      phones: ['+79001110001'],
      city: 'Самара',
      tags: ['vip'],
      customFields: {},
    });
    const b = await ok('POST', '/people', {
      firstName: 'Аня',
      emails: ['anya@mail.test'],
      phones: ['8 (900) 111-00-02'],
      companyId: co.id,
      position: 'Закупщик',
      city: 'Казань',
      tags: ['b2b', 'vip'],
      externalId: 'ext-anya',
      lifecycleStage: 'customer',
    });
    const own = await ok('POST', '/activities', { kind: 'note', subject: 'Своя заметка', personId: a.id });
    const moved = await attachRows(b.id, 'B');
    // The visitor identifies with A's email, then (same anonymous id) with B's: the CDP merges B into A.
    await track('identify', { anonymousId: 'anon-fold', traits: { email: 'ANNA@north.test' } });
    const before = await crmRows([a.id, b.id]);
    const listBefore = (await listed()).filter((p) => p.id === a.id || p.id === b.id);
    expect(listBefore).toHaveLength(2);
    await track('identify', { anonymousId: 'anon-fold', traits: { email: 'anya@mail.test' } });

    const merge = (await cdpMerges(a.id))[0];
    expect(merge).toMatchObject({ fromPerson: b.id, intoPerson: a.id, undoneAt: null });
    const people = await listed();
    expect(people.map((p) => p.id)).toContain(a.id);
    expect(people.map((p) => p.id)).not.toContain(b.id);
    const survivor = await ok('GET', `/people/${a.id}`);
    expect(survivor).toMatchObject({
      id: a.id,
      firstName: 'Анна', // both have one: the survivor's
      lastName: 'Петрова',
      city: 'Самара',
      companyId: co.id, // empty on the survivor: the other's
      position: 'Закупщик',
      externalId: 'ext-anya',
      lifecycleStage: 'lead',
      inCrm: true,
    });
    expect(survivor.emails).toEqual(['anna@north.test', 'anya@mail.test']);
    expect(survivor.phones).toEqual(['+79001110001', '+79001110002']);
    expect(survivor.tags).toEqual(['vip', 'b2b']);
    expect((await ok('GET', `/people/${b.id}`)).id).toBe(a.id);
    expect((await ok('GET', `/activities?personId=${a.id}`)).data.map((x: any) => x.id).sort()).toEqual(
      [own.id, moved.activity].sort(),
    );
    expect((await ok('GET', `/deals/${moved.deal}`)).personId).toBe(a.id);
    expect(await smsMarketing(a.id)).toBe('granted');
    expect((await ok('GET', `/people?q=${encodeURIComponent('закупщик')}`)).data.map((p: any) => p.id)).toEqual([a.id]);
    const crmMerges = (await ok('GET', `/people/${a.id}/merges`)).data;
    expect(crmMerges).toHaveLength(1);
    expect(crmMerges[0]).toMatchObject({
      fromPerson: b.id,
      intoPerson: a.id,
      cdpMergeId: merge.id,
      moved: { activities: 1, deals: 1, consents: 1, cadences: 0 },
      undoneAt: null,
    });
    expect(crmMerges[0].choices).toMatchObject({
      firstName: 'this',
      companyId: 'other',
      position: 'other',
      city: 'this',
      externalId: 'other',
    });

    // Undo from the CDP's merge history: the CRM side comes back with it.
    expect((await ok('POST', `/merges/${merge.id}/undo`)).undoneAt).not.toBeNull();
    expect(await crmRows([a.id, b.id])).toEqual(before);
    expect((await listed()).filter((p) => p.id === a.id || p.id === b.id)).toEqual(listBefore);
    expect((await ok('GET', `/people/${b.id}`)).id).toBe(b.id);
    expect((await ok('GET', `/activities?personId=${b.id}`)).data.map((x: any) => x.id)).toEqual([moved.activity]);
    expect((await ok('GET', `/activities?personId=${a.id}`)).data.map((x: any) => x.id)).toEqual([own.id]);
    expect((await ok('GET', `/deals/${moved.deal}`)).personId).toBe(b.id);
    expect(await smsMarketing(b.id)).toBe('granted');
    expect(await smsMarketing(a.id)).toBe('unknown');
    expect((await ok('GET', `/people/${a.id}/merges`)).data[0].undoneAt).not.toBeNull();
    expect((await api('POST', `/crm-merges/${crmMerges[0].id}/undo`)).status).toBe(409);
  });

  it('alias linking two CRM people folds them too', async () => {
    const d = await ok('POST', '/people', { firstName: 'Дмитрий', emails: ['dima@alias.test'] });
    const e = await ok('POST', '/people', { lastName: 'Орлов', emails: ['orlov@alias.test'] });
    await track('identify', { anonymousId: 'anon-alias', traits: { email: 'dima@alias.test' } });
    await track('identify', { userId: 'user-alias', traits: { email: 'orlov@alias.test' } });
    await track('alias', { userId: 'user-alias', previousId: 'anon-alias' });
    // The person with the user id survives.
    const merge = (await cdpMerges(e.id))[0];
    expect(merge).toMatchObject({ fromPerson: d.id, intoPerson: e.id });
    const ids = (await listed()).map((p) => p.id);
    expect(ids).toContain(e.id);
    expect(ids).not.toContain(d.id);
    expect(await ok('GET', `/people/${e.id}`)).toMatchObject({
      firstName: 'Дмитрий',
      lastName: 'Орлов',
      emails: ['orlov@alias.test', 'dima@alias.test'],
    });
    expect(await crmMergesOf(merge.id)).toHaveLength(1);
  });

  it('a merged-away CRM person whose survivor is not in the CRM is taken over by it; undone through the CRM, both sides go back', async () => {
    const c = await ok('POST', '/people', {
      firstName: 'Светлана',
      lastName: 'Котова',
      emails: ['sveta@take.test'],
      externalId: 'ext-sveta',
      tags: ['lead-form'],
    });
    const rows = await attachRows(c.id, 'C');
    await track('identify', { userId: 'user-take', traits: { plan: 'pro' } });
    const t = (await env.kernel.cdp.lookup(ws.id, 'user_id', 'user-take')).id;
    expect((await ok('GET', `/people/${t}`)).inCrm).toBe(false);
    const before = await crmRows([c.id, t]);
    // A batch (as the server SDKs send): the user id's person claims the CRM person's email → C into T.
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      },
      payload: JSON.stringify({
        batch: [{ type: 'identify', userId: 'user-take', traits: { email: 'sveta@take.test' } }],
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    const merge = (await cdpMerges(t))[0];
    expect(merge).toMatchObject({ fromPerson: c.id, intoPerson: t });

    const ids = (await listed()).map((p) => p.id);
    expect(ids).toContain(t);
    expect(ids).not.toContain(c.id);
    const survivor = await ok('GET', `/people/${t}`);
    expect(survivor).toMatchObject({
      id: t,
      inCrm: true,
      firstName: 'Светлана',
      lastName: 'Котова',
      emails: ['sveta@take.test'],
      externalId: 'ext-sveta',
      tags: ['lead-form'],
      createdAt: c.createdAt,
    });
    expect((await ok('GET', `/people/${c.id}`)).id).toBe(t);
    expect((await ok('GET', `/activities?personId=${t}`)).data.map((x: any) => x.id)).toEqual([rows.activity]);
    expect((await ok('GET', `/deals/${rows.deal}`)).personId).toBe(t);
    expect(await smsMarketing(t)).toBe('granted');
    const crmMerge = (await ok('GET', `/people/${t}/merges`)).data[0];
    expect(crmMerge).toMatchObject({
      fromPerson: c.id,
      intoPerson: t,
      cdpMergeId: merge.id,
      moved: { activities: 1, deals: 1, consents: 1 },
    });

    const undone = await ok('POST', `/crm-merges/${crmMerge.id}/undo`);
    expect(undone.into).toBeNull();
    expect(undone.from.id).toBe(c.id);
    expect(await crmRows([c.id, t])).toEqual(before); // T has no CRM row again
    expect((await cdpMerges(t)).find((m) => m.id === merge.id).undoneAt).not.toBeNull();
    expect((await ok('GET', `/people/${t}`)).inCrm).toBe(false);
    expect((await ok('GET', `/people/${c.id}`)).id).toBe(c.id);
    expect((await ok('GET', `/deals/${rows.deal}`)).personId).toBe(c.id);
    expect((await ok('GET', `/activities?personId=${c.id}`)).data.map((x: any) => x.id)).toEqual([rows.activity]);
    expect(await smsMarketing(c.id)).toBe('granted');
  });

  it('a merge into a CRM person of a tracked-only one leaves the CRM as it was', async () => {
    const g = await ok('POST', '/people', { firstName: 'Глеб', emails: ['gleb@only.test'] });
    await track('identify', { anonymousId: 'anon-visitor', traits: { phone: '+79005550001' } });
    const v = (await env.kernel.cdp.lookup(ws.id, 'anonymous_id', 'anon-visitor')).id;
    await track('identify', { anonymousId: 'anon-gleb', traits: { email: 'gleb@only.test' } });
    const before = await crmRows([g.id, v]);
    await track('identify', { anonymousId: 'anon-gleb', traits: { phone: '+79005550001' } });
    const merge = (await cdpMerges(g.id))[0];
    expect(merge).toMatchObject({ fromPerson: v, intoPerson: g.id });
    expect(await crmRows([g.id, v])).toEqual(before);
    expect(await crmMergesOf(merge.id)).toHaveLength(0);
    await ok('POST', `/merges/${merge.id}/undo`);
    expect(await crmRows([g.id, v])).toEqual(before);
  });

  it("the CRM's own merge is folded once; undoing its CDP merge from the CDP history restores the CRM side", async () => {
    const keep = await ok('POST', '/people', { firstName: 'Ольга', emails: ['olga@keep.test'] });
    const dupe = await ok('POST', '/people', { firstName: 'Оля', lastName: 'Смирнова', emails: ['olga@dupe.test'] });
    const rows = await attachRows(dupe.id, 'D');
    const before = await crmRows([keep.id, dupe.id]);
    const merged = await ok('POST', `/people/${keep.id}/merge`, { otherId: dupe.id });
    expect(merged).toMatchObject({ id: keep.id, firstName: 'Ольга', lastName: 'Смирнова' });
    const cdpMerge = (await cdpMerges(keep.id))[0];
    const recorded = await crmMergesOf(cdpMerge.id);
    expect(recorded.map((m) => m.id)).toEqual([merged.mergeId]);
    expect((await ok('GET', `/people/${keep.id}/merges`)).data).toHaveLength(1);
    expect((await ok('GET', `/deals/${rows.deal}`)).personId).toBe(keep.id);

    await ok('POST', `/merges/${cdpMerge.id}/undo`);
    expect(await crmRows([keep.id, dupe.id])).toEqual(before);
    expect((await ok('GET', `/deals/${rows.deal}`)).personId).toBe(dupe.id);
    expect((await ok('GET', `/people/${keep.id}/merges`)).data[0].undoneAt).not.toBeNull();
    expect((await api('POST', `/crm-merges/${merged.mergeId}/undo`)).status).toBe(409);
  });
  it("an email or phone in an identify's traits joins the CRM person's lists and search (shared and exclusive paths); merges still fold", async () => {
    const co = await ok('POST', '/companies', { name: 'ООО Трекинг' });
    const p = await ok('POST', '/people', {
      firstName: 'Олег',
      lastName: 'Трекинов',
      emails: ['oleg@track.test'],
      companyId: co.id,
    });
    // A new user id for a known person takes the exclusive path; the phone comes with it.
    await track('identify', {
      userId: 'oleg-1',
      traits: { email: 'oleg@track.test', phone: '8 (912) 555-44-33' },
      messageId: 'idt-1',
    });
    let card = await ok('GET', `/people/${p.id}`);
    expect(card.phones).toEqual(['+79125554433']);
    expect(card.emails).toEqual(['oleg@track.test']);
    // A second email for a person with that user id already: the shared path.
    await track('identify', { userId: 'oleg-1', traits: { email: 'Oleg.Work@Track.test' }, messageId: 'idt-2' });
    card = await ok('GET', `/people/${p.id}`);
    expect(card.emails).toEqual(['oleg@track.test', 'oleg.work@track.test']);
    // The list's search finds the person by the tracked phone's digits and the new email; the company stays in the search text.
    for (const q of ['5554433', 'oleg.work', 'трекинг'])
      expect(
        (await ok('GET', `/people?q=${encodeURIComponent(q)}`)).data.map((x: any) => x.id),
        q,
      ).toEqual([p.id]);
    // A tracked-only person's identify changes no CRM row; a deleted CRM person stays deleted and unchanged.
    await track('identify', { userId: 'visitor-77', traits: { email: 'visitor77@track.test' }, messageId: 'idt-3' });
    await track('identify', { userId: 'visitor-77', traits: { phone: '+7 912 555 00 77' }, messageId: 'idt-4' });
    expect((await listed()).some((x) => x.emails.includes('visitor77@track.test'))).toBe(false);
    const gone = await ok('POST', '/people', { firstName: 'Удалённый', emails: ['gone@track.test'] });
    await ok('DELETE', `/people/${gone.id}`);
    const before = await crmRows([gone.id]);
    await track('identify', {
      userId: 'gone-1',
      traits: { email: 'gone@track.test', phone: '+79125550099' },
      messageId: 'idt-5',
    });
    expect(await crmRows([gone.id])).toEqual(before);
  });
});
