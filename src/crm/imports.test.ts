import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { multipart } from '../../test/multipart.ts';
import { systemActor } from '../core/auth/actor.ts';

describe('CSV import', () => {
  let env: TestEnv;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  const dir = mkdtempSync(join(tmpdir(), 'kt-imports-'));

  beforeAll(async () => {
    env = await startTestEnv({ importDir: dir, importMaxBytes: 64 * 1024 });
    a = await env.workspace('imp');
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (entity: string, name: string, content: Buffer | string) => {
    const m = multipart({ entity }, { name, content });
    return env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...a.auth, ...m.headers },
      payload: m.payload,
    });
  };
  const start = (id: string, mapping: Record<string, string>, upsertBy: string | null = null) =>
    env.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/start`,
      headers: a.auth,
      payload: { mapping, upsertBy },
    });
  const finished = (id: string) =>
    eventually(async () => {
      const r = (await env.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: a.auth })).json();
      return r.status === 'done' || r.status === 'failed' ? r : null;
    });
  const people = async () =>
    (
      await sql<any>`SELECT * FROM crm_people WHERE workspace_id = ${a.id} AND deleted_at IS NULL ORDER BY last_name, first_name`.execute(
        env.kernel.db,
      )
    ).rows;
  const importFile = async (
    entity: string,
    name: string,
    content: Buffer | string,
    upsertBy: string | null = null,
    mapping?: Record<string, string>,
  ) => {
    const up = await upload(entity, name, content);
    expect(up.statusCode, up.body).toBe(201);
    const s = await start(up.json().id, mapping ?? up.json().suggestedMapping, upsertBy);
    expect(s.statusCode, s.body).toBe(202);
    return { upload: up.json(), done: await finished(up.json().id) };
  };

  it('previews, suggests a mapping, imports good rows and returns bad rows with the reason', async () => {
    const csv = [
      'Фамилия;Имя;Почта;Телефон;Компания;Город;Дата рождения;Заметка',
      'Иванов;Иван;ivan@example.ru;8 (912) 345-67-89;ООО Ромашка;Москва;15.03.1985;x',
      'Петрова;Анна;ANNA@Example.ru;+7 912 111 22 33;ООО Ромашка;Казань;;y',
      'Сидоров;Пётр;not-an-email;;;Пермь;;z',
      '"Smith";"John";john@example.com;;"Acme; Inc";London;1990-01-31;',
    ].join('\r\n');
    const up = await upload('people', 'contacts.csv', csv);
    expect(up.statusCode, up.body).toBe(201);
    const u = up.json();
    expect(u).toMatchObject({
      status: 'uploaded',
      encoding: 'utf-8',
      delimiter: ';',
      totalRows: 4,
      columns: ['Фамилия', 'Имя', 'Почта', 'Телефон', 'Компания', 'Город', 'Дата рождения', 'Заметка'],
    });
    expect(u.preview[0]).toEqual([
      'Иванов',
      'Иван',
      'ivan@example.ru',
      '8 (912) 345-67-89',
      'ООО Ромашка',
      'Москва',
      '15.03.1985',
      'x',
    ]);
    expect(u.suggestedMapping).toEqual({
      Фамилия: 'lastName',
      Имя: 'firstName',
      Почта: 'email',
      Телефон: 'phone',
      Компания: 'company',
      Город: 'city',
      'Дата рождения': 'birthday',
    });

    const s = await start(u.id, u.suggestedMapping);
    expect(s.statusCode, s.body).toBe(202);
    expect(s.json().status).toBe('queued');
    const done = await finished(u.id);
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 4,
      createdRows: 3,
      updatedRows: 0,
      failedRows: 1,
      progress: 1,
      hasErrorsFile: true,
    });

    const rows = await people();
    expect(rows.map((r) => [r.last_name, r.first_name, r.emails, r.phones, r.city, r.birthday])).toEqual([
      ['Smith', 'John', ['john@example.com'], [], 'London', '1990-01-31'],
      ['Иванов', 'Иван', ['ivan@example.ru'], ['+79123456789'], 'Москва', '1985-03-15'],
      ['Петрова', 'Анна', ['anna@example.ru'], ['+79121112233'], 'Казань', null],
    ]);
    // One company "ООО Ромашка" shared by two people, created by the import.
    expect(rows[1].company_id).toBe(rows[2].company_id);
    const companies = (
      await sql<any>`SELECT name FROM crm_companies WHERE workspace_id = ${a.id} ORDER BY name`.execute(env.kernel.db)
    ).rows.map((c) => c.name);
    expect(companies).toEqual(['Acme; Inc', 'ООО Ромашка']);
    expect(rows[1].search).toContain('иванов');
    expect(rows[1].search).toContain('89123456789');
    // The CDP knows them by their identities.
    const ids = await env.kernel.cdp.directory.resolve(env.kernel.db, a.id, [
      { kind: 'email', value: 'ivan@example.ru' },
      { kind: 'phone', value: '+79123456789' },
    ]);
    expect([...new Set(ids.values())]).toEqual([rows[1].person_id]);

    const errs = await env.app.inject({ method: 'GET', url: `/api/v1/imports/${u.id}/errors.csv`, headers: a.auth });
    expect(errs.statusCode).toBe(200);
    expect(errs.headers['content-type']).toContain('text/csv');
    expect(errs.body).toBe(
      '\ufeffФамилия,Имя,Почта,Телефон,Компания,Город,Дата рождения,Заметка,error\nСидоров,Пётр,not-an-email,,,Пермь,,z,"row 4: email: ""not-an-email"" is not a valid email"\n',
    );
    // The same file for a Russian reader: its last column and messages in Russian, by ?lang= or Accept-Language.
    const ru = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${u.id}/errors.csv?lang=ru`,
      headers: a.auth,
    });
    expect(ru.body).toBe(
      '\ufeffФамилия,Имя,Почта,Телефон,Компания,Город,Дата рождения,Заметка,ошибка\nСидоров,Пётр,not-an-email,,,Пермь,,z,"строка 4, Почта: неверный email — «not-an-email»"\n',
    );
    const accept = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${u.id}/errors.csv`,
      headers: { ...a.auth, 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' },
    });
    expect(accept.body.split('\n')[0]).toMatch(/,ошибка$/);
    // The refused rows for the page: row, field, a stable code and the message, a page at a time.
    const rowErrors = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${u.id}/errors?limit=10`,
      headers: a.auth,
    });
    expect(rowErrors.statusCode, rowErrors.body).toBe(200);
    expect(rowErrors.json()).toEqual({
      total: 1,
      offset: 0,
      data: [{ row: 4, field: 'email', code: 'invalid_email', message: 'email: "not-an-email" is not a valid email' }],
    });
    expect(
      (await env.app.inject({ method: 'GET', url: `/api/v1/imports/${u.id}/errors?offset=1`, headers: a.auth })).json()
        .data,
    ).toEqual([]);

    // One audit entry per import step, not one per row.
    const audit = (
      await sql<any>`SELECT action, entity_type FROM audit_log WHERE workspace_id = ${a.id} AND entity_id = ${u.id} ORDER BY occurred_at`.execute(
        env.kernel.db,
      )
    ).rows;
    expect(audit.map((x) => x.action)).toEqual(['create', 'start', 'finish']);
    const list = (await env.app.inject({ method: 'GET', url: '/api/v1/imports', headers: a.auth })).json();
    expect(list.data.map((i: any) => i.id)).toContain(u.id);
    // Starting twice is refused.
    expect((await start(u.id, u.suggestedMapping)).statusCode).toBe(409);
  });

  it('upserts by email: updates the existing person, fills only the given cells, no duplicate', async () => {
    const before = (await people()).length;
    const { done } = await importFile(
      'people',
      'update.csv',
      'Email,First name,Last name,City,Phone,Tags\nivan@example.ru,Ivan,,Санкт-Петербург,+7 900 000 00 01,vip\nnew.one@example.ru,New,One,,,\nnew.one@example.ru,,,Tver,,\n',
      'email',
    );
    // Counted per row: the second new.one row updates the person the first created.
    expect(done).toMatchObject({ status: 'done', createdRows: 1, updatedRows: 2, failedRows: 0 });
    const rows = await people();
    expect(rows.length).toBe(before + 1);
    const ivan = rows.find((r) => r.emails.includes('ivan@example.ru'));
    // Empty cells keep what was there; phones and tags are added to.
    expect(ivan).toMatchObject({
      first_name: 'Ivan',
      last_name: 'Иванов',
      city: 'Санкт-Петербург',
      phones: ['+79123456789', '+79000000001'],
      tags: ['vip'],
    });
    expect(rows.find((r) => r.emails.includes('new.one@example.ru'))).toMatchObject({
      first_name: 'New',
      last_name: 'One',
      city: 'Tver',
    });

    // Without upsert, an email that belongs to a CRM person is a bad row, not a duplicate.
    const again = await importFile('people', 'dup.csv', 'Email,First name\nivan@example.ru,Another\n');
    expect(again.done).toMatchObject({ status: 'done', createdRows: 0, failedRows: 1 });
    const errs = await env.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${again.upload.id}/errors.csv`,
      headers: a.auth,
    });
    expect(errs.body).toContain('email ivan@example.ru already belongs to another person');
    expect((await people()).length).toBe(before + 1);
  });

  it('upserts by external id', async () => {
    const first = await importFile('people', 'ext.csv', 'ID,Name\nA-1,Мария Кузнецова\nA-2,John Doe\n', null);
    expect(first.upload.suggestedMapping).toEqual({ ID: 'externalId', Name: 'fullName' });
    expect(first.done).toMatchObject({ createdRows: 2, failedRows: 0 });
    const second = await importFile('people', 'ext2.csv', 'ID,Name\nA-1,Мария Иванова\n', 'externalId');
    expect(second.done).toMatchObject({ createdRows: 0, updatedRows: 1 });
    const rows = (await people()).filter((r) => r.external_id);
    expect(rows.map((r) => [r.external_id, r.first_name, r.last_name]).sort()).toEqual([
      ['A-1', 'Мария', 'Иванова'],
      ['A-2', 'John', 'Doe'],
    ]);
  });

  it('detects and decodes a Windows-1251 file', async () => {
    const csv = iconv.encode(
      'Фамилия;Имя;Город;Телефон\r\nЁлкина;Алёна;Нижний Новгород;89031234567\r\nЩукин;Юрий;Ярославль;\r\n',
      'win1251',
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(csv)).toThrow();
    const { upload: u, done } = await importFile('people', 'excel.csv', csv);
    expect(u.encoding).toBe('windows-1251');
    expect(u.preview[0]).toEqual(['Ёлкина', 'Алёна', 'Нижний Новгород', '89031234567']);
    expect(done).toMatchObject({ status: 'done', createdRows: 2, failedRows: 0 });
    const rows = (await people()).filter((r) => ['Ёлкина', 'Щукин'].includes(r.last_name));
    expect(rows.map((r) => [r.last_name, r.first_name, r.city, r.phones])).toEqual([
      ['Ёлкина', 'Алёна', 'Нижний Новгород', ['+79031234567']],
      ['Щукин', 'Юрий', 'Ярославль', []],
    ]);
    // Search text folds ё → е.
    expect(rows[0].search).toContain('елкина');
  });

  it('refuses binary, UTF-16, oversized, malformed and non-multipart uploads with the error shape and keeps nothing', async () => {
    const count = async () =>
      Number(
        (await sql<any>`SELECT count(*)::int AS n FROM crm_imports WHERE workspace_id = ${a.id}`.execute(env.kernel.db))
          .rows[0].n,
      );
    const n0 = await count();
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256));
    const bin = await upload('people', 'photo.csv', garbage);
    expect(bin.statusCode).toBe(400);
    expect(bin.json().error.code).toBe('UNSUPPORTED_ENCODING');

    const latin1 = await upload(
      'people',
      'latin.csv',
      Buffer.from('name,city\nJosé,Zürich\nFrançois,Besançon\n', 'latin1'),
    );
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error.message).toMatch(/neither UTF-8 nor Windows-1251/);

    const utf16 = await upload(
      'people',
      'u16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\nИван\n', 'utf16le')]),
    );
    expect(utf16.statusCode).toBe(400);
    expect(utf16.json().error.message).toMatch(/UTF-16/);

    const big = await upload('people', 'big.csv', 'Email\n' + 'someone@example.com\n'.repeat(4000));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const quotes = await upload(
      'people',
      'bad.csv',
      'Name,Email\n"Ann",ann@example.com\n"Bob "the" Builder",bob@example.com\n',
    );
    expect(quotes.statusCode).toBe(400);
    expect(quotes.json().error).toMatchObject({ code: 'MALFORMED_CSV' });
    expect(quotes.json().error.message).toMatch(/line 3/);

    const unclosed = await upload('people', 'bad2.csv', 'Name,Email\nAnn,ann@example.com\n"Bob,bob@example.com\n');
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.json().error.message).toMatch(/never closed/);

    const empty = await upload('people', 'empty.csv', '');
    expect(empty.statusCode).toBe(400);

    const noEntity = await upload('goats', 'x.csv', 'a\n1\n');
    expect(noEntity.statusCode).toBe(400);
    expect(noEntity.json().error.details[0].path).toBe('entity');

    const json = await env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: a.auth,
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await count()).toBe(n0);
  });

  it('marks an upload not started within a day as expired and refuses to start it', async () => {
    const up = (await upload('people', 'old.csv', 'email\nold@example.ru\n')).json();
    expect(up.status).toBe('uploaded');
    await sql`UPDATE crm_imports SET created_at = now() - interval '25 hours' WHERE id = ${up.id}`.execute(
      env.kernel.db,
    );
    expect(
      (await env.app.inject({ method: 'GET', url: `/api/v1/imports/${up.id}`, headers: a.auth })).json().status,
    ).toBe('expired');
    const expired = (
      await env.app.inject({ method: 'GET', url: '/api/v1/imports?status=expired', headers: a.auth })
    ).json();
    expect(expired.data.map((i: any) => i.id)).toEqual([up.id]);
    const uploaded = (
      await env.app.inject({ method: 'GET', url: '/api/v1/imports?status=uploaded', headers: a.auth })
    ).json();
    expect(uploaded.data.map((i: any) => i.id)).not.toContain(up.id);
    const s = await start(up.id, { email: 'email' });
    expect(s.statusCode).toBe(409);
    expect(s.json().error.message).toContain('expired');
  });

  it('refuses a bad mapping with 400 naming the column', async () => {
    const up = (await upload('people', 'm.csv', 'Email,Whatever\na@example.com,1\n')).json();
    const r = await start(up.id, { Email: 'email', Whatever: 'shoeSize' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].path).toBe('mapping.Whatever');
    const r2 = await start(up.id, { Email: 'firstName' }, 'email');
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details[0].path).toBe('upsertBy');
    expect(
      (await env.app.inject({ method: 'GET', url: `/api/v1/imports/${up.id}`, headers: a.auth })).json().status,
    ).toBe('uploaded');
  });

  it('imports companies and deals (pipeline and stage by name, contact by email)', async () => {
    const c = await importFile(
      'companies',
      'companies.csv',
      'Название,ИНН,Сайт,Город\nООО Ромашка,7701,romashka.ru,Москва\nАО Василёк,7702,vasilek.ru,Тула\n',
      'externalId',
      { Название: 'name', ИНН: 'externalId', Сайт: 'website', Город: 'city' },
    );
    // "ООО Ромашка" exists (made by the people import) without an external id: a second company with that id.
    expect(c.done).toMatchObject({ status: 'done', createdRows: 2, failedRows: 0 });
    const c2 = await importFile(
      'companies',
      'companies2.csv',
      'Название,ИНН,Сайт\nАО Василёк Плюс,7702,\n',
      'externalId',
      { Название: 'name', ИНН: 'externalId', Сайт: 'website' },
    );
    expect(c2.done).toMatchObject({ createdRows: 0, updatedRows: 1 });
    const vasilek = (
      await sql<any>`SELECT * FROM crm_companies WHERE workspace_id = ${a.id} AND external_id = '7702'`.execute(
        env.kernel.db,
      )
    ).rows;
    expect(vasilek.map((x) => [x.name, x.website, x.city])).toEqual([['АО Василёк Плюс', 'vasilek.ru', 'Тула']]);

    const p = await env.app.inject({
      method: 'POST',
      url: '/api/v1/pipelines',
      headers: a.auth,
      payload: {
        name: 'Продажи',
        stages: [
          { name: 'Новая', probability: 10, kind: 'open' },
          { name: 'Переговоры', probability: 50, kind: 'open' },
          { name: 'Успех', probability: 100, kind: 'won' },
          { name: 'Отказ', probability: 0, kind: 'lost' },
        ],
      },
    });
    expect(p.statusCode, p.body).toBe(201);
    const csv = [
      'Сделка,Этап,Сумма,Почта,Компания,Причина,ID',
      'Поставка чая,переговоры,"150 000,50",ivan@example.ru,АО Василёк Плюс,,D-1',
      'Сервис,Успех,1000,,,,D-2',
      'Опт,Отказ,5000,,,,D-3',
      'Розница,Неизвестный,10,,,,D-4',
      'Подарки,,20,nobody@example.ru,,,D-5',
    ].join('\n');
    const d = await importFile('deals', 'deals.csv', csv, 'externalId');
    expect(d.upload.suggestedMapping).toEqual({
      Сделка: 'title',
      Этап: 'stage',
      Сумма: 'amount',
      Почта: 'personEmail',
      Компания: 'company',
      Причина: 'closeReason',
      ID: 'externalId',
    });
    expect(d.done).toMatchObject({ status: 'done', createdRows: 2, failedRows: 3 });
    const deals = (
      await sql<any>`SELECT d.*, s.name AS stage FROM crm_deals d JOIN crm_stages s ON s.workspace_id = d.workspace_id AND s.id = d.stage_id WHERE d.workspace_id = ${a.id} ORDER BY external_id`.execute(
        env.kernel.db,
      )
    ).rows;
    const ivan = (await people()).find((r) => r.emails.includes('ivan@example.ru'));
    expect(
      deals.map((x) => [
        x.external_id,
        x.title,
        x.stage,
        x.status,
        Number(x.amount),
        x.person_id,
        x.company_id,
        !!x.closed_at,
      ]),
    ).toEqual([
      ['D-1', 'Поставка чая', 'Переговоры', 'open', 150000.5, ivan.person_id, vasilek[0].id, false],
      ['D-2', 'Сервис', 'Успех', 'won', 1000, null, null, true],
    ]);
    const errs = (
      await env.app.inject({ method: 'GET', url: `/api/v1/imports/${d.upload.id}/errors.csv`, headers: a.auth })
    ).body;
    expect(errs).toContain('closeReason: required for a lost deal');
    expect(errs).toContain('stage: ""Неизвестный"" is not a stage of pipeline ""Продажи""');
    expect(errs).toContain('person: nobody with email nobody@example.ru');
    const codes = (
      await env.app.inject({ method: 'GET', url: `/api/v1/imports/${d.upload.id}/errors`, headers: a.auth })
    )
      .json()
      .data.map((e: any) => [e.code, e.field]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['close_reason_required', 'closeReason'],
        ['stage_not_found', 'stage'],
        ['person_not_found', 'personEmail'],
      ]),
    );
    // Stage history starts with the import (the funnel report reads it).
    const changes = (
      await sql<any>`SELECT count(*)::int AS n FROM crm_deal_stage_changes WHERE workspace_id = ${a.id}`.execute(
        env.kernel.db,
      )
    ).rows[0].n;
    expect(changes).toBe(2);
  });
});

describe('CSV import across batch boundaries', () => {
  let env: TestEnv;
  const dir = mkdtempSync(join(tmpdir(), 'kt-imports-batches-'));

  beforeAll(async () => {
    env = await startTestEnv({ importDir: dir });
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Uploads and runs an import in this process (no job), in batches of `batch` rows. */
  const runImport = async (ws: string, csv: string, upsertBy: 'email' | 'externalId' | null, batch: number) => {
    const imports = env.kernel.crm.imports;
    const actor = systemActor(ws, 'test', 'import');
    const up = await imports.upload(actor, {
      entity: 'people',
      fileName: 'people.csv',
      file: Readable.from([Buffer.from(csv)]),
    });
    // Queued by hand, not through start(): the test runs it, not a job worker.
    await env.kernel.db
      .updateTable('crm_imports')
      .set({ mapping: JSON.stringify(up.suggestedMapping), upsert_by: upsertBy, status: 'queued' })
      .where('workspace_id', '=', ws)
      .where('id', '=', up.id)
      .execute();
    return {
      id: up.id,
      run: () => {
        imports.batchSize = batch;
        return imports.run(ws, up.id);
      },
    };
  };
  const state = async (ws: string, id: string) => {
    const people = (
      await sql<any>`SELECT first_name, last_name, emails, city, external_id, person_id FROM crm_people WHERE workspace_id = ${ws} AND deleted_at IS NULL ORDER BY emails[1], first_name`.execute(
        env.kernel.db,
      )
    ).rows;
    const persons = Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM persons WHERE workspace_id = ${ws} AND merged_into IS NULL`.execute(
          env.kernel.db,
        )
      ).rows[0].n,
    );
    const imp = await env.kernel.crm.imports.get(ws, id);
    const errors = imp.hasErrorsFile
      ? await new Promise<string>((resolve) =>
          env.kernel.crm.imports.errorsFile(ws, id).then(({ stream }) => {
            let s = '';
            stream.on('data', (c) => (s += c));
            stream.on('end', () => resolve(s));
          }),
        )
      : '';
    return {
      people: people.map(({ person_id: _p, ...r }) => r),
      persons,
      counts: [imp.status, imp.processedRows, imp.createdRows, imp.updatedRows, imp.failedRows],
      errors,
    };
  };

  const FILE =
    'Email,First name,Last name,City,External ID\n' +
    'a@batch.test,Anna,One,Тверь,E1\n' +
    'b@batch.test,Boris,Two,,\n' +
    'a@batch.test,Again,Dup,,\n' + // an email a person of an earlier batch has
    'not-an-email,Bad,Row,,\n' +
    'c@batch.test,Clara,Three,,E1\n' + // an external id of an earlier batch
    'd@batch.test,Dan,,Омск,\n' +
    'tracked@batch.test,Tanya,Tracked,,\n' + // a tracked-only person: adopted
    'e@batch.test,Eva,Five,,\n';
  const UPSERT =
    'Email,First name,Last name,City\nd@batch.test,Dan,,Омск\nx@batch.test,Xenia,,\ny@batch.test,Yan,,\nd@batch.test,,Four,Казань\nx@batch.test,,Six,\n';

  it('gives the same people, counts and error rows in batches of 2 as in one batch', async () => {
    const results = [];
    for (const batch of [5000, 2, 1]) {
      const ws = (await env.workspace(`batches-${batch}`)).id;
      const tracked = (
        await env.kernel.db
          .transaction()
          .execute((trx) =>
            env.kernel.cdp.directory.create(trx, ws, [
              { identities: [{ kind: 'email', value: 'tracked@batch.test' }] },
            ]),
          )
      )[0];
      const first = await runImport(ws, FILE, null, batch);
      await first.run();
      const s1 = await state(ws, first.id);
      const adopted = (
        await sql<{
          person_id: string;
        }>`SELECT person_id FROM crm_people WHERE workspace_id = ${ws} AND 'tracked@batch.test' = ANY(emails)`.execute(
          env.kernel.db,
        )
      ).rows;
      expect(adopted.map((r) => r.person_id)).toEqual([tracked]);
      const second = await runImport(ws, UPSERT, 'email', batch);
      await second.run();
      results.push({ batch, first: s1, second: await state(ws, second.id) });
    }
    const [one, ...others] = results;
    expect(one.first.counts).toEqual(['done', 8, 5, 0, 3]);
    expect(one.first.errors).toContain('email a@batch.test already belongs to another person');
    expect(one.first.errors).toContain('externalId E1 already belongs to another person');
    expect(one.first.persons).toBe(5); // the tracked person was adopted, not doubled
    expect(one.second.counts).toEqual(['done', 5, 2, 3, 0]); // d updated twice, x created then updated
    expect(one.second.people.find((p: any) => p.emails[0] === 'd@batch.test')).toMatchObject({
      first_name: 'Dan',
      last_name: 'Four',
      city: 'Казань',
    });
    expect(one.second.people.find((p: any) => p.emails[0] === 'x@batch.test')).toMatchObject({
      first_name: 'Xenia',
      last_name: 'Six',
    });
    for (const o of others)
      expect({ first: o.first, second: o.second }, `batches of ${o.batch}`).toEqual({
        first: one.first,
        second: one.second,
      });
  });

  it('a batch that fails half-way is redone by the retry: every row once, no extra persons', async () => {
    const ws = (await env.workspace('batches-retry')).id;
    // A trigger makes the CRM row of "Boom" fail once, after the identities of its batch were written.
    await sql`CREATE TABLE IF NOT EXISTS test_import_armed (on_ boolean)`.execute(env.kernel.db);
    await sql`INSERT INTO test_import_armed VALUES (true)`.execute(env.kernel.db);
    await sql
      .raw(`
      CREATE OR REPLACE FUNCTION test_import_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_name = 'Boom' AND EXISTS (SELECT 1 FROM test_import_armed WHERE on_) THEN RAISE EXCEPTION 'boom'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_import_boom BEFORE INSERT ON crm_people FOR EACH ROW EXECUTE FUNCTION test_import_boom();
    `)
      .execute(env.kernel.db);
    try {
      const rows = Array.from({ length: 9 }, (_, i) => `r${i}@retry.test,${i === 5 ? 'Boom' : `Name${i}`},Last${i}`);
      const imp = await runImport(ws, `Email,First name,Last name\n${rows.join('\n')}\n`, null, 2);
      await expect(imp.run()).rejects.toThrow(/boom/);
      const half = await env.kernel.crm.imports.get(ws, imp.id);
      expect(half.status).toBe('running');
      expect(half.processedRows).toBeLessThan(9);
      await sql`UPDATE test_import_armed SET on_ = false`.execute(env.kernel.db);
      expect(await imp.run()).toEqual({ created: 9, updated: 0, failed: 0 });
      const s = await state(ws, imp.id);
      expect(s.counts).toEqual(['done', 9, 9, 0, 0]);
      expect(s.people.map((p: any) => p.emails[0])).toEqual(rows.map((r) => r.split(',')[0]));
      expect(s.persons).toBe(9);
      expect(s.errors.trim().split('\n')).toHaveLength(1); // the header only
    } finally {
      await sql
        .raw(
          `DROP TRIGGER IF EXISTS test_import_boom ON crm_people; DROP FUNCTION IF EXISTS test_import_boom(); DROP TABLE IF EXISTS test_import_armed`,
        )
        .execute(env.kernel.db);
    }
  });
});
