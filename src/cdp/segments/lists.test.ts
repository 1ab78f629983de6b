import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { apiClient, startTestEnv, type TestEnv } from '../../../test/helpers.ts';
import { multipart } from '../../../test/multipart.ts';
import { systemActor } from '../../core/auth/actor.ts';
import { LIST_UPLOAD_JOB } from './list-uploads.ts';
import { PROPAGATE_JOB } from './lists.ts';
import { sql } from 'kysely';

/**
 * Static lists on the database of this run (PGlite and PostgreSQL, same fixtures): a list's
 * definition, members put in and taken out by hand (timeline entries, listeners), rules that refer
 * to a list, CSV uploads with their per-row report (and the files refused), replace mode, the
 * members export, and another workspace kept out.
 */
describe('cdp: static lists, uploads and the members export', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'kt-lists-'));
  /** user id → person id, and back */
  const ids: Record<string, string> = {};
  const names = new Map<string, string>();
  let otherPerson = '';
  let n = 0;
  const changes: { segment: string; entered: readonly string[]; exited: readonly string[] }[] = [];

  const { api } = apiClient(() => env.app, { auth: () => ws.auth });
  const track = async (auth: { authorization: string }, messages: Record<string, unknown>[]) => {
    const src = (await api('POST', '/api/v1/sources', { name: `S${++n}`, kind: 'server' }, auth)).body;
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${src.writeKey}:`).toString('base64')}` },
      payload: { batch: messages.map((m) => ({ messageId: `list-${++n}`, ...m })) },
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  const person = async (userId: string, auth = ws.auth) =>
    (await api('GET', `/api/v1/people/lookup?kind=user_id&value=${userId}`, undefined, auth)).body.id as string;
  const newList = async (name: string) => {
    const r = await api('POST', '/api/v1/segments', { name, kind: 'list' });
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const members = async (id: string) =>
    (await api('GET', `/api/v1/segments/${id}/members?limit=500`)).body.data
      .map((m: any) => names.get(m.personId) ?? m.personId)
      .sort();
  const add = (id: string, who: string[]) =>
    api('POST', `/api/v1/segments/${id}/members`, { personIds: who.map((u) => ids[u] ?? u) });
  const remove = (id: string, who: string[]) =>
    api('POST', `/api/v1/segments/${id}/members/remove`, { personIds: who.map((u) => ids[u] ?? u) });
  const upload = (id: string, fields: Record<string, string>, content: Buffer | string, auth = ws.auth) => {
    const m = multipart(fields, { name: 'list.csv', content });
    return env.app.inject({
      method: 'POST',
      url: `/api/v1/segments/${id}/uploads`,
      headers: { ...auth, ...m.headers },
      payload: m.payload,
    });
  };
  /** Uploads, runs the job as the worker would, and returns the finished upload. */
  const uploaded = async (id: string, fields: Record<string, string>, content: Buffer | string) => {
    const r = await upload(id, fields, content);
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toMatchObject({ status: 'queued', segmentId: id });
    await env.kernel.jobs.runNow(LIST_UPLOAD_JOB, { uploadId: r.json().id }, { workspaceId: ws.id });
    const done = await api('GET', `/api/v1/segments/${id}/uploads/${r.json().id}`);
    expect(done.status, done.text).toBe(200);
    return done.body;
  };
  const timeline = async (user: string, segmentId: string) =>
    (await api('GET', `/api/v1/people/${ids[user]}/timeline?types=segment`)).body.data
      .filter((e: any) => e.properties.segmentId === segmentId)
      .map((e: any) => e.event);
  const uploadFiles = () => {
    try {
      return readdirSync(join(dataDir, 'segment-uploads', ws.id));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    // No job worker: uploads run when a test says so (jobs.runNow), so that what it asserts is its own.
    env = await startTestEnv({ role: 'api', dataDir });
    ws = await env.workspace('lists-ws');
    other = await env.workspace('lists-other');
    await track(ws.auth, [
      { type: 'identify', userId: 'ann', traits: { email: 'Ann@Lists.test', plan: 'pro', firstName: 'Ann' } },
      { type: 'identify', userId: 'bob', traits: { email: 'bob@lists.test', phone: '+7 912 345-67-89' } },
      { type: 'identify', userId: 'cat', traits: { email: 'cat@lists.test', plan: 'pro' } },
      {
        type: 'identify',
        userId: 'dan',
        traits: { email: 'dan@lists.test', firstName: '=HYPERLINK("http://evil.test","x")', lastName: 'Smith' },
      },
    ]);
    for (const u of ['ann', 'bob', 'cat', 'dan']) {
      ids[u] = await person(u);
      names.set(ids[u], u);
    }
    await track(other.auth, [{ type: 'identify', userId: 'eve', traits: { email: 'eve@other.test' } }]);
    otherPerson = await person('eve', other.auth);
    env.kernel.segments.onMembership(async (_trx, c) => {
      changes.push({ segment: c.segment.id, entered: c.entered, exited: c.exited });
    });
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a list (kind list, no rule), renames it, refuses a rule for it, deletes it', async () => {
    const r = await api('POST', '/api/v1/segments', { name: 'VIP guests', kind: 'list' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ name: 'VIP guests', kind: 'list', rule: null, size: 0, version: 1 });
    const id = r.body.id;
    expect((await api('GET', `/api/v1/segments/${id}`)).body).toMatchObject({ kind: 'list', rule: null });
    expect((await api('GET', '/api/v1/segments')).body.data.find((s: any) => s.id === id)?.kind).toBe('list');

    const withRule = await api('POST', '/api/v1/segments', {
      name: 'x',
      kind: 'list',
      rule: { trait: 'plan', op: 'eq', value: 'pro' },
    });
    expect(withRule.status).toBe(400);
    expect(withRule.body.error.details[0].path).toBe('rule');
    const noRule = await api('POST', '/api/v1/segments', { name: 'x' });
    expect(noRule.status).toBe(400);
    expect(noRule.body.error.details[0]).toMatchObject({ path: 'rule', code: 'REQUIRED' });
    const ruleSeg = await api('POST', '/api/v1/segments', {
      name: 'x',
      rule: { trait: 'plan', op: 'eq', value: 'pro' },
    });
    expect(ruleSeg.body.kind).toBe('rule');

    const patched = await api('PATCH', `/api/v1/segments/${id}`, { rule: { trait: 'plan', op: 'eq', value: 'pro' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].path).toBe('rule');
    expect((await api('PATCH', `/api/v1/segments/${id}`, { name: 'VIP' })).body).toMatchObject({
      name: 'VIP',
      kind: 'list',
      rule: null,
    });
    expect((await api('POST', `/api/v1/segments/${id}/recompute`)).status).toBe(409);
    expect((await api('GET', `/api/v1/segments/${id}/versions`)).body.data).toEqual([]);
    expect((await api('DELETE', `/api/v1/segments/${id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/segments/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/segments/${ruleSeg.body.id}`)).status).toBe(204);
  });

  it('adds and removes members: timeline entries, listeners told, bad ids refused with nothing written', async () => {
    const id = await newList('Hand-made');
    changes.length = 0;
    expect((await add(id, ['ann', 'bob'])).body).toEqual({ added: 2 });
    expect((await add(id, ['ann'])).body).toEqual({ added: 0 });
    expect(await members(id)).toEqual(['ann', 'bob']);
    expect((await api('GET', `/api/v1/segments/${id}`)).body.size).toBe(2);
    expect(changes).toEqual([{ segment: id, entered: expect.arrayContaining([ids.ann, ids.bob]), exited: [] }]);
    expect(await timeline('ann', id)).toEqual(['Segment Entered']);
    expect((await api('GET', `/api/v1/people/${ids.ann}`)).body.segments).toContain(id);

    expect((await remove(id, ['bob', 'cat'])).body).toEqual({ removed: 1 });
    expect(await members(id)).toEqual(['ann']);
    expect(await timeline('bob', id)).toEqual(['Segment Exited', 'Segment Entered']);
    expect(changes[changes.length - 1]).toEqual({ segment: id, entered: [], exited: [ids.bob] });

    // Refused, naming the entry, and nothing written.
    const notUuid = await add(id, ['cat', 'not-a-uuid']);
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error.details[0]).toMatchObject({ path: 'personIds.1', code: 'INVALID_UUID' });
    const unknown = await add(id, ['cat', '0193a1b2-7c4d-7e5f-8a9b-000000000099']);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('personIds.1');
    expect((await add(id, [])).status).toBe(400);
    const tooMany = await api('POST', `/api/v1/segments/${id}/members`, {
      personIds: Array.from({ length: 1001 }, () => ids.cat),
    });
    expect(tooMany.status).toBe(400);
    expect(await members(id)).toEqual(['ann']);

    // A rule segment is not a list.
    const rule = await api('POST', '/api/v1/segments', { name: 'r', rule: { trait: 'plan', op: 'eq', value: 'pro' } });
    const notList = await add(rule.body.id, ['cat']);
    expect(notList.status).toBe(409);
    expect(notList.body.error.code).toBe('NOT_A_LIST');
    expect((await remove(rule.body.id, ['cat'])).body.error.code).toBe('NOT_A_LIST');
  });

  it('a rule that refers to a list reads its members and follows its changes, also through another rule', async () => {
    const list = await newList('Invited');
    await add(list, ['ann', 'bob']);
    const proInvited = (
      await api('POST', '/api/v1/segments', {
        name: 'Invited pros',
        rule: { all: [{ segment: list }, { trait: 'plan', op: 'eq', value: 'pro' }] },
      })
    ).body.id;
    const notInvited = (
      await api('POST', '/api/v1/segments', { name: 'Not invited', rule: { not: { segment: list } } })
    ).body.id;
    const outer = (await api('POST', '/api/v1/segments', { name: 'Outer', rule: { any: [{ segment: proInvited }] } }))
      .body.id;
    const preview = await api('POST', '/api/v1/segments/preview', { rule: { segment: list } });
    expect(preview.body.size).toBe(2);
    for (const s of [proInvited, notInvited, outer]) await env.kernel.segments.recompute(ws.id, s);
    expect(await members(proInvited)).toEqual(['ann']);
    expect(await members(outer)).toEqual(['ann']);
    expect(await members(notInvited)).toEqual(['cat', 'dan']);

    // Changes to the list reach the rules without a recompute.
    await add(list, ['cat']);
    expect(await members(proInvited)).toEqual(['ann', 'cat']);
    expect(await members(outer)).toEqual(['ann', 'cat']);
    expect(await members(notInvited)).toEqual(['dan']);
    await remove(list, ['ann']);
    expect(await members(proInvited)).toEqual(['cat']);
    expect(await members(outer)).toEqual(['cat']);
    expect(await members(notInvited)).toEqual(['ann', 'dan']);
    expect(await timeline('ann', proInvited)).toEqual(['Segment Exited', 'Segment Entered']);

    // A list still used by a rule is not deleted.
    expect((await api('DELETE', `/api/v1/segments/${list}`)).status).toBe(409);

    // The change also queued a second pass, in its transaction: if the process had died before the
    // immediate pass (undone here by hand), the queued one does the work.
    const queued = async () => (await env.kernel.jobs.list(ws.id, { name: PROPAGATE_JOB, limit: 100 })).data.length;
    const before = await queued();
    await add(list, ['dan']);
    expect(await queued()).toBe(before + 1);
    expect(await members(notInvited)).toEqual(['ann']);
    await sql`UPDATE segment_members SET exited_at = NULL WHERE workspace_id = ${ws.id} AND segment_id = ${notInvited} AND person_id = ${ids.dan}`.execute(
      env.kernel.db,
    );
    expect(await members(notInvited)).toEqual(['ann', 'dan']);
    await env.kernel.jobs.runNow(PROPAGATE_JOB, { listId: list, personIds: [ids.dan] }, { workspaceId: ws.id });
    expect(await members(notInvited)).toEqual(['ann']);
  });

  it('uploads a CSV by email: matched rows enter, the others are reported row by row and in rejected.csv', async () => {
    const id = await newList('Uploaded');
    const csv = [
      'Name;E-mail',
      'Ann;ANN@lists.test',
      'Nobody;nobody@lists.test',
      'Broken;not-an-email',
      'Blank;',
      'Bob;bob@lists.test',
      'Ann again;ann@lists.test',
      'Formula;=1+2',
    ].join('\r\n');
    const done = await uploaded(id, { identifier: 'email', column: 'E-mail' }, csv);
    expect(done).toMatchObject({
      status: 'done',
      identifier: 'email',
      column: 'E-mail',
      mode: 'add',
      rows: 7,
      matched: 3,
      added: 2,
      removed: 0,
      unmatched: 4,
      error: null,
    });
    expect(done.finishedAt).toBeTruthy();
    expect(done.errors.map((e: any) => [e.row, e.code, e.value])).toEqual([
      [3, 'NOT_FOUND', 'nobody@lists.test'],
      [4, 'INVALID_EMAIL', 'not-an-email'],
      [5, 'EMPTY', ''],
      [8, 'INVALID_EMAIL', '=1+2'],
    ]);
    expect(await members(id)).toEqual(['ann', 'bob']);
    expect(await timeline('bob', id)).toEqual(['Segment Entered']);

    const rejected = await api('GET', `/api/v1/segments/${id}/uploads/${done.id}/rejected.csv`);
    expect(rejected.status).toBe(200);
    expect(rejected.headers['content-type']).toMatch(/text\/csv/);
    const lines = rejected.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('Name,E-mail,code,reason');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^Nobody,nobody@lists.test,NOT_FOUND,/);
    // The formula handed back is neutralised.
    expect(lines[4]).toMatch(/^Formula,'=1\+2,INVALID_EMAIL,/);

    // By phone, written as people write it; the first column by default.
    const byPhone = await uploaded(id, { identifier: 'phone' }, 'Телефон\n8 (912) 345-67-89\n');
    expect(byPhone).toMatchObject({ status: 'done', rows: 1, matched: 1, added: 0 });
    const byUser = await uploaded(id, { identifier: 'user_id' }, 'user\ncat\nzed\n');
    expect(byUser).toMatchObject({ rows: 2, matched: 1, added: 1, unmatched: 1 });
    expect(await members(id)).toEqual(['ann', 'bob', 'cat']);

    // A week after, the files go; the report stays.
    expect(await env.kernel.segments.uploads.cleanup(new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThan(0);
    expect((await api('GET', `/api/v1/segments/${id}/uploads/${done.id}/rejected.csv`)).status).toBe(404);
    expect((await api('GET', `/api/v1/segments/${id}/uploads/${done.id}`)).body).toMatchObject({ rows: 7, matched: 3 });
    expect(uploadFiles().filter((f) => f.startsWith(done.id))).toEqual([]);
  });

  it('refuses a Windows-1251 file, an empty one, a missing column, an oversized one: 4xx, nothing written', async () => {
    const id = await newList('Refusals');
    const before = uploadFiles().length;
    const count = async () =>
      (await env.kernel.db.selectFrom('segment_uploads').select('id').where('workspace_id', '=', ws.id).execute())
        .length;
    const uploadsBefore = await count();

    const cp1251 = await upload(
      id,
      { identifier: 'email' },
      iconv.encode('Почта;Имя\nann@lists.test;Анна\n', 'win1251'),
    );
    expect(cp1251.statusCode).toBe(400);
    expect(cp1251.json().error.code).toBe('UNSUPPORTED_ENCODING');
    expect(cp1251.json().error.details[0].path).toBe('file');

    const empty = await upload(id, { identifier: 'email' }, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('MALFORMED_CSV');
    const headerOnly = await upload(id, { identifier: 'email' }, 'email\n');
    expect(headerOnly.statusCode).toBe(400);

    const noColumn = await upload(id, { identifier: 'email', column: 'Mail' }, 'email\nann@lists.test\n');
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json().error.details[0]).toMatchObject({ path: 'column', code: 'INVALID_OPTION' });

    const badIdentifier = await upload(id, { identifier: 'shoe_size' }, 'email\nann@lists.test\n');
    expect(badIdentifier.statusCode).toBe(400);
    expect(badIdentifier.json().error.details[0].path).toBe('identifier');
    const badMode = await upload(id, { identifier: 'email', mode: 'merge' }, 'email\nann@lists.test\n');
    expect(badMode.json().error.details[0].path).toBe('mode');

    const uploads = env.kernel.segments.uploads;
    uploads.maxBytes = 64;
    try {
      const big = await upload(id, { identifier: 'email' }, `email\n${'ann@lists.test\n'.repeat(10)}`);
      expect(big.statusCode).toBe(413);
      expect(big.json().error.details[0]).toMatchObject({ path: 'file', code: 'TOO_LARGE', limit: 64 });
    } finally {
      uploads.maxBytes = 32 * 1024 * 1024;
    }
    uploads.maxRows = 2;
    try {
      const many = await upload(id, { identifier: 'email' }, 'email\na@x.test\nb@x.test\nc@x.test\n');
      expect(many.statusCode).toBe(413);
      expect(many.json().error.details[0]).toMatchObject({ code: 'TOO_MANY', limit: 2 });
    } finally {
      uploads.maxRows = 500_000;
    }

    const json = await api('POST', `/api/v1/segments/${id}/uploads`, { identifier: 'email' });
    expect(json.status).toBe(415);
    const rule = await api('POST', '/api/v1/segments', { name: 'r2', rule: { trait: 'plan', op: 'eq', value: 'pro' } });
    const toRule = await upload(rule.body.id, { identifier: 'email' }, 'email\nann@lists.test\n');
    expect(toRule.statusCode).toBe(409);

    expect(await count()).toBe(uploadsBefore);
    expect(uploadFiles().length).toBe(before);
    expect(await members(id)).toEqual([]);
  });

  it('mode replace: members not in the file leave the list, in one change', async () => {
    const id = await newList('Replaced');
    await add(id, ['ann', 'bob']);
    const done = await uploaded(
      id,
      { identifier: 'email', mode: 'replace' },
      'email\nann@lists.test\ncat@lists.test\nghost@lists.test\n',
    );
    expect(done).toMatchObject({ status: 'done', mode: 'replace', rows: 3, matched: 2, added: 1, removed: 1 });
    expect(await members(id)).toEqual(['ann', 'cat']);
    expect(await timeline('bob', id)).toEqual(['Segment Exited', 'Segment Entered']);
    // Nothing staged is left behind.
    const staged = await env.kernel.db
      .selectFrom('segment_upload_matches')
      .select('person_id')
      .where('workspace_id', '=', ws.id)
      .execute();
    expect(staged).toEqual([]);
    // Deleting the list deletes its uploads' files.
    expect(uploadFiles().filter((f) => f.startsWith(done.id))).toHaveLength(2);
    expect((await api('DELETE', `/api/v1/segments/${id}`)).status).toBe(204);
    expect(uploadFiles().filter((f) => f.startsWith(done.id))).toEqual([]);
  });

  it('exports the members of a list and of a rule segment as CSV, formulas neutralised', async () => {
    const id = await newList('Exported');
    await add(id, ['dan', 'bob']);
    const r = await api('GET', `/api/v1/segments/${id}/export.csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    expect(String(r.headers['content-disposition'])).toMatch(/attachment/);
    const lines = r.text
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('personId,enteredAt,email,phone,userId,firstName,lastName');
    expect(lines).toHaveLength(3);
    const dan = lines.find((l) => l.startsWith(ids.dan))!;
    expect(dan).toContain('dan@lists.test');
    expect(dan).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(dan).toMatch(/,Smith$/);
    const bob = lines.find((l) => l.startsWith(ids.bob))!;
    expect(bob).toContain('bob@lists.test,+79123456789,bob');

    const rule = (
      await api('POST', '/api/v1/segments', { name: 'Pros', rule: { trait: 'plan', op: 'eq', value: 'pro' } })
    ).body.id;
    await env.kernel.segments.recompute(ws.id, rule);
    const ruleCsv = (await api('GET', `/api/v1/segments/${rule}/export.csv`)).text.trim().split(/\r?\n/);
    expect(
      ruleCsv
        .slice(1)
        .map((l) => names.get(l.split(',')[0]))
        .sort(),
    ).toEqual(['ann', 'cat']);
  });

  it('a merge passes list membership to the surviving person', async () => {
    await track(ws.auth, [{ type: 'track', anonymousId: 'merge-anon', event: 'Viewed', properties: {} }]);
    const anon = (await api('GET', '/api/v1/people/lookup?kind=anonymous_id&value=merge-anon')).body.id;
    await track(ws.auth, [{ type: 'identify', userId: 'merge-user', traits: { email: 'merge@lists.test' } }]);
    const user = await person('merge-user');
    const id = await newList('Merged');
    expect((await api('POST', `/api/v1/segments/${id}/members`, { personIds: [anon] })).body).toEqual({ added: 1 });
    await track(ws.auth, [{ type: 'identify', userId: 'merge-user', anonymousId: 'merge-anon' }]);
    const survivor = await person('merge-user');
    expect(survivor).toBe(user);
    const listed = (await api('GET', `/api/v1/segments/${id}/members`)).body.data.map((m: any) => m.personId);
    expect(listed).toEqual([survivor]);
    // The merged-away id still counts as its survivor when added again.
    expect((await api('POST', `/api/v1/segments/${id}/members`, { personIds: [anon, user] })).body).toEqual({
      added: 0,
    });
  });

  it('a GDPR erase takes the person out of lists and segments; the export lists their memberships', async () => {
    await track(ws.auth, [{ type: 'identify', userId: 'gone', traits: { email: 'gone@lists.test' } }]);
    const gone = await person('gone');
    const id = await newList('Erased');
    await api('POST', `/api/v1/segments/${id}/members`, { personIds: [gone, ids.ann] });
    const exported = await env.kernel.privacy.export(ws.id, gone);
    expect(JSON.stringify(exported)).toContain(id);
    await env.kernel.privacy.erase(systemActor(ws.id, 'test'), gone);
    const listed = (await api('GET', `/api/v1/segments/${id}/members`)).body.data.map((m: any) => m.personId);
    expect(listed).toEqual([ids.ann]);
    const left = await env.kernel.db
      .selectFrom('segment_members')
      .select('segment_id')
      .where('workspace_id', '=', ws.id)
      .where('person_id', '=', gone)
      .execute();
    expect(left).toEqual([]);
  });

  it("another workspace's persons are refused and its lists are invisible", async () => {
    const id = await newList('Mine');
    const foreign = await api('POST', `/api/v1/segments/${id}/members`, { personIds: [ids.ann, otherPerson] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('personIds.1');
    expect(await members(id)).toEqual([]);
    await add(id, ['ann']);
    const done = await uploaded(id, { identifier: 'email' }, 'email\neve@other.test\n');
    expect(done).toMatchObject({ matched: 0, unmatched: 1, added: 0 });

    const b = other.auth;
    expect((await api('GET', `/api/v1/segments/${id}`, undefined, b)).status).toBe(404);
    expect((await api('GET', '/api/v1/segments', undefined, b)).body.data.map((s: any) => s.id)).not.toContain(id);
    expect((await api('POST', `/api/v1/segments/${id}/members`, { personIds: [otherPerson] }, b)).status).toBe(404);
    expect((await api('POST', `/api/v1/segments/${id}/members/remove`, { personIds: [ids.ann] }, b)).status).toBe(404);
    expect((await api('GET', `/api/v1/segments/${id}/export.csv`, undefined, b)).status).toBe(404);
    expect((await api('GET', `/api/v1/segments/${id}/uploads/${done.id}`, undefined, b)).status).toBe(404);
    expect((await api('GET', `/api/v1/segments/${id}/uploads/${done.id}/rejected.csv`, undefined, b)).status).toBe(404);
    expect((await upload(id, { identifier: 'email' }, 'email\neve@other.test\n', b)).statusCode).toBe(404);
    // B's own rule cannot refer to A's list.
    const ref = await api('POST', '/api/v1/segments', { name: 'x', rule: { segment: id } }, b);
    expect(ref.status).toBe(400);
    expect(await members(id)).toEqual(['ann']);
  });
});
