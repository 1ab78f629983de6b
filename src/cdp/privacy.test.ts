import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';

/**
 * GDPR export and erase. The erase test walks information_schema for every table with a
 * `person_id` column, so a module that adds one without registering an eraser
 * (kernel.privacy.registerModule, see src/cdp/privacy.ts) fails here.
 */
describe('cdp: GDPR export and erase', () => {
  let env: TestEnv;
  let a: Awaited<ReturnType<TestEnv['workspace']>>;
  let b: Awaited<ReturnType<TestEnv['workspace']>>;
  let srcA: { id: string; writeKey: string };
  let srcB: { id: string; writeKey: string };
  let failErase = false;

  const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
  const batch = async (key: string, messages: unknown[]) => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: basic(key),
      payload: { batch: messages } as any,
    });
    expect(r.json()).toEqual({ success: true });
  };
  const { api } = apiClient(() => env.app, { auth: () => a.auth });
  const lookup = (kind: string, value: string, auth = a.auth) =>
    api('GET', `/api/v1/people/lookup?kind=${kind}&value=${encodeURIComponent(value)}`, undefined, auth);

  /** The same story in a workspace: an anonymous visitor who logs in (one merge), plus a bystander. */
  const story = async (key: string, tag: string) => {
    await batch(key, [
      {
        type: 'track',
        anonymousId: `${tag}-anon`,
        event: 'Viewed Product',
        properties: { sku: `${tag}-sku` },
        messageId: `${tag}-m1`,
      },
      {
        type: 'identify',
        userId: `${tag}-user`,
        traits: { email: `${tag}@example.com`, name: `${tag} Person` },
        messageId: `${tag}-m2`,
      },
      { type: 'track', userId: 'bystander', event: 'Viewed Product', traits: {}, messageId: `${tag}-m3` },
      { type: 'identify', userId: 'bystander', traits: { email: 'bystander@example.com' }, messageId: `${tag}-m4` },
    ]);
    await batch(key, [{ type: 'identify', userId: `${tag}-user`, anonymousId: `${tag}-anon`, messageId: `${tag}-m5` }]);
  };

  beforeAll(async () => {
    // Its webhooks point at a closed port on loopback: opened in the outbound policy (KARTOTEKA_OUTBOUND_ALLOW).
    env = await startTestEnv({ outboundAllow: '127.0.0.0/8' });
    // A stand-in for a later module that keeps rows about persons, with its eraser and exporter.
    await sql`CREATE TABLE test_notes (workspace_id uuid NOT NULL, person_id uuid NOT NULL, note text NOT NULL)`.execute(
      env.kernel.db,
    );
    env.kernel.privacy.registerModule('notes', {
      erase: async (trx, ws, ids) => {
        const r =
          await sql`DELETE FROM test_notes WHERE workspace_id = ${ws} AND person_id IN (${sql.join(ids)})`.execute(trx);
        if (failErase) throw new Error('notes eraser failed');
        return { notes: Number(r.numAffectedRows ?? 0) };
      },
      export: async (db, ws, ids) =>
        (
          await sql<{
            note: string;
          }>`SELECT note FROM test_notes WHERE workspace_id = ${ws} AND person_id IN (${sql.join(ids)}) ORDER BY note`.execute(
            db,
          )
        ).rows,
    });
    a = await env.workspace('privacy-a');
    b = await env.workspace('privacy-b');
    srcA = (await api('POST', '/api/v1/sources', { name: 'Web', kind: 'web' }, a.auth)).body;
    srcB = (await api('POST', '/api/v1/sources', { name: 'Web', kind: 'web' }, b.auth)).body;
    // A webhook subscriber: merge events (with identifiers in them) land in webhook_deliveries.
    expect(
      (await api('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] }, a.auth)).status,
    ).toBe(201);
    await story(srcA.writeKey, 'ann');
    await story(srcB.writeKey, 'ann'); // the same identifiers in another workspace
    const ann = (await lookup('user_id', 'ann-user')).body;
    await sql`INSERT INTO test_notes VALUES (${a.id}, ${ann.id}, 'called about an order')`.execute(env.kernel.db);
  });
  afterAll(async () => env?.close());

  it('export: all of the person as a JSON attachment (also through a merged-away id)', async () => {
    const ann = (await lookup('user_id', 'ann-user')).body;
    const merge = (await api('GET', `/api/v1/merges?personId=${ann.id}`)).body.data[0];
    expect(merge.intoPerson).toBe(ann.id);
    const r = await api('GET', `/api/v1/persons/${ann.id}/export`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.headers['content-disposition']).toBe(`attachment; filename="person-${ann.id}.json"`);
    const x = r.body;
    expect(x.person).toMatchObject({ id: ann.id, mergedPersons: [merge.fromPerson] });
    expect(x.traits).toEqual({ email: 'ann@example.com', name: 'ann Person' });
    expect(x.identities.map((i: any) => `${i.kind}:${i.value}`).sort()).toEqual([
      'anonymous_id:ann-anon',
      'email:ann@example.com',
      'user_id:ann-user',
    ]);
    expect(x.events.map((e: any) => e.messageId).sort()).toEqual(['ann-m1', 'ann-m2', 'ann-m5']);
    expect(x.merges).toHaveLength(1);
    expect(x.merges[0]).toMatchObject({ id: merge.id, fromPerson: merge.fromPerson, intoPerson: ann.id });
    expect(x.audit.map((e: any) => `${e.entityType}.${e.action}`)).toEqual(['merge.create']);
    expect(x.modules.notes).toEqual([{ note: 'called about an order' }]); // (the CRM registers its own module too)
    expect(r.text).not.toContain('bystander');
    const viaMerged = await api('GET', `/api/v1/persons/${merge.fromPerson}/export`);
    expect(viaMerged.body.person.id).toBe(ann.id);
    expect(viaMerged.body.events).toHaveLength(3);
  });

  it('bad input: 400/404 in the error shape; other workspace and viewer cannot export or erase', async () => {
    for (const url of ['/api/v1/persons/nope/export', '/api/v1/persons/nope/erase']) {
      const r = await api(url.endsWith('erase') ? 'POST' : 'GET', url);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ path: 'params.id', message: expect.any(String) }],
      });
    }
    const unknown = '0190c8a0-0000-7000-8000-000000000000';
    expect((await api('GET', `/api/v1/persons/${unknown}/export`)).body.error.code).toBe('NOT_FOUND');
    expect((await api('POST', `/api/v1/persons/${unknown}/erase`)).body.error.code).toBe('NOT_FOUND');
    const ann = (await lookup('user_id', 'ann-user')).body;
    expect((await api('GET', `/api/v1/persons/${ann.id}/export`, undefined, b.auth)).status).toBe(404);
    expect((await api('POST', `/api/v1/persons/${ann.id}/erase`, undefined, b.auth)).status).toBe(404);
    const viewer = await env.workspace('privacy-a', 'viewer');
    expect((await api('POST', `/api/v1/persons/${ann.id}/erase`, undefined, viewer.auth)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await api('GET', `/api/v1/persons/${ann.id}/export`, undefined, viewer.auth)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await lookup('user_id', 'ann-user')).body.id).toBe(ann.id);
  });

  it('a failing module eraser rolls the whole erase back: nothing half-erased', async () => {
    const ann = (await lookup('user_id', 'ann-user')).body;
    failErase = true;
    try {
      const r = await api('POST', `/api/v1/persons/${ann.id}/erase`);
      expect(r.status).toBe(500);
      expect(r.body.error.code).toBe('INTERNAL');
    } finally {
      failErase = false;
    }
    const x = (await api('GET', `/api/v1/persons/${ann.id}/export`)).body;
    expect(x.events).toHaveLength(3);
    expect(x.identities).toHaveLength(3);
    expect(x.modules.notes).toHaveLength(1);
  });

  it('erase: every table with person_id is empty of them; identifiers and export 404; bystander and other workspace untouched; audited without personal data', async () => {
    const ann = (await lookup('user_id', 'ann-user')).body;
    const merge = (await api('GET', `/api/v1/merges?personId=${ann.id}`)).body.data[0];
    const ids = [ann.id, merge.fromPerson];
    const bystanderBefore = (
      await api('GET', `/api/v1/persons/${(await lookup('user_id', 'bystander')).body.id}/export`)
    ).body;
    const annB = (await lookup('user_id', 'ann-user', b.auth)).body;

    const r = await api('POST', `/api/v1/persons/${ann.id}/erase`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      personId: ann.id,
      erased: expect.objectContaining({ persons: 2, events: 3, identities: 3, merges: 1, 'notes.notes': 1 }),
    });

    for (const [kind, value] of [
      ['user_id', 'ann-user'],
      ['anonymous_id', 'ann-anon'],
      ['email', 'ann@example.com'],
    ])
      expect((await lookup(kind, value)).status, kind).toBe(404);
    for (const id of ids) {
      expect((await api('GET', `/api/v1/persons/${id}`)).status).toBe(404);
      expect((await api('GET', `/api/v1/persons/${id}/export`)).status).toBe(404);
      expect((await api('GET', `/api/v1/people/${id}/timeline`)).status).toBe(404);
    }
    expect((await api('POST', `/api/v1/persons/${ann.id}/erase`)).status).toBe(404);

    // Every table that has a person_id column — today's and every later module's.
    const db = env.kernel.db;
    const tables = await sql<{ table_name: string }>`
      SELECT DISTINCT table_name FROM information_schema.columns
      WHERE column_name = 'person_id' AND table_schema = current_schema() ORDER BY table_name
    `.execute(db);
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['events', 'identities', 'test_notes']),
    );
    for (const { table_name } of tables.rows) {
      const n = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)} WHERE person_id IN (${sql.join(ids)})`.execute(db);
      expect(n.rows[0].n, `${table_name} still holds rows of the erased person`).toBe(0);
    }
    const left = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM persons WHERE id IN (${sql.join(ids)}))
           + (SELECT count(*) FROM merges WHERE from_person IN (${sql.join(ids)}) OR into_person IN (${sql.join(ids)}))
           + (SELECT count(*) FROM merge_events WHERE merge_id = ${merge.id})
           + (SELECT count(*) FROM events WHERE workspace_id = ${a.id} AND message_id IN ('ann-m1', 'ann-m2', 'ann-m5')) AS n
    `.execute(db);
    expect(Number(left.rows[0].n)).toBe(0);

    // Nothing personal is left in the audit log or the webhook deliveries of the workspace.
    const auditText = JSON.stringify(
      (await sql`SELECT * FROM audit_log WHERE workspace_id = ${a.id}`.execute(db)).rows,
    );
    const hooksText = JSON.stringify(
      (await sql`SELECT payload FROM webhook_deliveries WHERE workspace_id = ${a.id}`.execute(db)).rows,
    );
    for (const secret of ['ann@example.com', 'ann-user', 'ann-anon', 'ann Person', 'ann-sku']) {
      expect(auditText, secret).not.toContain(secret);
      expect(hooksText, secret).not.toContain(secret);
    }
    const erased = (await api('GET', `/api/v1/audit?entityType=person&entityId=${ann.id}`)).body.data;
    expect(erased.map((e: any) => e.action)).toEqual(['erased']);
    expect(erased[0].changes.map((c: any) => c.field)).toEqual(
      expect.arrayContaining(['events', 'identities', 'persons']),
    );

    // The bystander and workspace B keep everything.
    const bystanderAfter = (await api('GET', `/api/v1/persons/${bystanderBefore.person.id}/export`)).body;
    expect({ ...bystanderAfter, exportedAt: null }).toEqual({ ...bystanderBefore, exportedAt: null });
    const stillB = await api('GET', `/api/v1/persons/${annB.id}/export`, undefined, b.auth);
    expect(stillB.body.events).toHaveLength(3);
    expect(stillB.body.identities).toHaveLength(3);

    // Their identifiers now start a new, empty person.
    await batch(srcA.writeKey, [{ type: 'track', userId: 'ann-user', event: 'Came Back', messageId: 'ann-m6' }]);
    const fresh = (await lookup('user_id', 'ann-user')).body;
    expect(ids).not.toContain(fresh.id);
    expect(fresh.identities).toEqual([{ kind: 'user_id', value: 'ann-user' }]);
    expect(fresh.traits).toEqual({});
  });
});
