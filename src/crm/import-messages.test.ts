import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { eventually, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { multipart } from '../../test/multipart.ts';
import { readerLang, rowMessage } from './import-messages.ts';

/** An import's refused rows in the reader's language: errors.csv and GET /imports/{id}/errors. */
describe('CSV import: row errors in the reader language', () => {
  let env: TestEnv;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let id: string;
  const dir = mkdtempSync(join(tmpdir(), 'kt-import-messages-'));
  const get = (url: string, headers: Record<string, string> = {}) =>
    env.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { ...a.auth, ...headers } });

  beforeAll(async () => {
    env = await startTestEnv({ importDir: dir });
    a = await env.workspace('import-messages');
    const csv = [
      'Фамилия,Имя,Электронная почта,Телефон,Заметка',
      'Иванов,Иван,ivan@example.ru,+7 912 345-67-89,хороший',
      'Сидоров,Пётр,not-an-email,,"две\nстроки, с запятой"',
      ',,,,только заметка',
      'Петров,Олег,"=HYPERLINK(""x"")",,формула',
      'Орлова,Анна,,12,"кавычки ""внутри"""',
    ].join('\r\n');
    const m = multipart({ entity: 'people' }, { name: 'люди.csv', content: csv });
    const up = await env.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...a.auth, ...m.headers },
      payload: m.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    id = up.json().id;
    const mapping = { Фамилия: 'lastName', Имя: 'firstName', 'Электронная почта': 'email', Телефон: 'phone' };
    const s = await env.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/start`,
      headers: a.auth,
      payload: { mapping, upsertBy: null },
    });
    expect(s.statusCode, s.body).toBe(202);
    const done = await eventually(async () => {
      const r = (await get(`/imports/${id}`)).json();
      return r.status === 'done' || r.status === 'failed' ? r : null;
    });
    expect(done).toMatchObject({ status: 'done', createdRows: 1, failedRows: 4 });
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('errors.csv: a Russian reader gets the messages in Russian, naming the column of their file', async () => {
    const ru = await get(`/imports/${id}/errors.csv?lang=ru`);
    expect(ru.statusCode).toBe(200);
    expect(ru.body.startsWith('\ufeff')).toBe(true);
    const rows = parse(ru.body, { bom: true }) as string[][];
    expect(rows).toEqual([
      ['Фамилия', 'Имя', 'Электронная почта', 'Телефон', 'Заметка', 'ошибка'],
      [
        'Сидоров',
        'Пётр',
        'not-an-email',
        '',
        'две\nстроки, с запятой',
        'строка 3, Электронная почта: неверный email — «not-an-email»',
      ],
      ['', '', '', '', 'только заметка', 'строка 4: В строке нет ни имени, ни email, ни телефона, ни внешнего id'],
      // The file's formula stays neutralised (csv-safe.ts), in the cell and in the quoted value.
      [
        'Петров',
        'Олег',
        `'=HYPERLINK("x")`,
        '',
        'формула',
        'строка 5, Электронная почта: неверный email — «=HYPERLINK("x")»',
      ],
      ['Орлова', 'Анна', '', '12', 'кавычки "внутри"', 'строка 6, Телефон: неверный номер телефона — «12»'],
    ]);
    // Accept-Language picks the same language when ?lang= is not given.
    const accept = await get(`/imports/${id}/errors.csv`, { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' });
    expect(accept.body).toBe(ru.body);
  });

  it('errors.csv: an English reader gets the file as written', async () => {
    const en = await get(`/imports/${id}/errors.csv?lang=en`);
    const rows = parse(en.body, { bom: true }) as string[][];
    expect(rows[0].at(-1)).toBe('error');
    expect(rows.slice(1).map((r) => r.at(-1))).toEqual([
      'row 3: email: "not-an-email" is not a valid email',
      'row 4: the row has no name, email, phone or external id',
      'row 5: email: "=HYPERLINK("x")" is not a valid email',
      'row 6: phone: "12" is not a valid phone number',
    ]);
    expect((await get(`/imports/${id}/errors.csv`)).body).toBe(en.body);
  });

  it('GET /imports/{id}/errors: the message in the reader language, the code and field unchanged', async () => {
    const ru = (await get(`/imports/${id}/errors?lang=ru&limit=2`)).json();
    expect(ru).toEqual({
      total: 4,
      offset: 0,
      data: [
        {
          row: 3,
          field: 'email',
          code: 'invalid_email',
          message: 'Электронная почта: неверный email — «not-an-email»',
        },
        {
          row: 4,
          field: null,
          code: 'no_identity',
          message: 'В строке нет ни имени, ни email, ни телефона, ни внешнего id',
        },
      ],
    });
    const accept = (await get(`/imports/${id}/errors?offset=3`, { 'accept-language': 'ru' })).json();
    expect(accept.data).toEqual([
      { row: 6, field: 'phone', code: 'invalid_phone', message: 'Телефон: неверный номер телефона — «12»' },
    ]);
    const en = (await get(`/imports/${id}/errors?limit=1`)).json();
    expect(en.data).toEqual([
      { row: 3, field: 'email', code: 'invalid_email', message: 'email: "not-an-email" is not a valid email' },
    ]);
    expect((await get(`/imports/${id}/errors?lang=de`)).statusCode).toBe(400);
  });

  it('a field the file does not name gets its Russian name; the language falls back to English', () => {
    expect(
      rowMessage(
        {
          field: 'ownerEmail',
          code: 'unknown_owner',
          message: 'ownerEmail: "x@y.ru" is not a member of this workspace',
        },
        'ru',
      ),
    ).toBe('Ответственный (email): не участник этого пространства — «x@y.ru»');
    expect(
      rowMessage({ field: 'cf.inn', code: 'invalid_number', message: 'cf.inn: "abc" is not a number' }, 'ru'),
    ).toBe('inn: не число — «abc»');
    expect(
      rowMessage(
        { field: 'externalId', code: 'external_id_taken', message: 'externalId 7 already belongs to another person' },
        'ru',
      ),
    ).toBe('Внешний id: внешний id уже принадлежит другой записи');
    expect(readerLang(undefined, 'de-DE,ru;q=0.5')).toBe('ru');
    expect(readerLang('en', 'ru')).toBe('en');
    expect(readerLang(undefined, undefined)).toBe('en');
  });
});
