import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { apiClient, startTestEnv, type TestEnv } from '../../test/helpers.ts';
import { validateCustomFields } from './custom-fields.ts';
import { AppError } from '../core/errors.ts';

describe('crm: custom fields', () => {
  let env: TestEnv;
  let ws: Awaited<ReturnType<TestEnv['workspace']>>;
  let other: Awaited<ReturnType<TestEnv['workspace']>>;

  const { api, ok } = apiClient(() => env.app, { prefix: '/api/v1', auth: () => ws.auth });

  beforeAll(async () => {
    env = await startTestEnv();
    ws = await env.workspace('cf-ws');
    other = await env.workspace('cf-other');
  });
  afterAll(async () => env?.close());

  it('validateCustomFields checks every type and reports all problems by path', () => {
    const defs = [
      { key: 't', type: 'text', options: [] },
      { key: 'n', type: 'number', options: [] },
      { key: 'd', type: 'date', options: [] },
      { key: 's', type: 'select', options: ['a', 'b'] },
      { key: 'm', type: 'multiselect', options: ['x', 'y'] },
      { key: 'b', type: 'boolean', options: [] },
    ];
    expect(
      validateCustomFields(defs, { t: ' hi ', n: 1.5, d: '2024-02-29', s: 'a', m: ['x', 'x', 'y'], b: false }),
    ).toEqual({ t: 'hi', n: 1.5, d: '2024-02-29', s: 'a', m: ['x', 'y'], b: false });
    expect(validateCustomFields(defs, { t: null })).toEqual({ t: null });
    try {
      validateCustomFields(defs, { t: 1, n: '1', d: '2023-02-29', s: 'c', m: ['z'], b: 'yes', zz: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details.map((d) => d.path).sort()).toEqual([
        'customFields.b',
        'customFields.d',
        'customFields.m',
        'customFields.n',
        'customFields.s',
        'customFields.t',
        'customFields.zz',
      ]);
    }
  });

  it('defines, lists per entity, changes and deletes fields (deleting removes the values)', async () => {
    const f = await api('POST', '/custom-fields', {
      entity: 'person',
      key: 'shoe_size',
      label: 'Shoe size',
      type: 'number',
    });
    expect(f.status).toBe(201);
    expect(f.body).toMatchObject({ entity: 'person', key: 'shoe_size', type: 'number', options: [], position: 0 });
    const sel = await ok('POST', '/custom-fields', {
      entity: 'person',
      key: 'channel',
      label: 'Channel',
      type: 'select',
      options: ['web', 'shop'],
    });
    expect(sel.position).toBe(1);
    await ok('POST', '/custom-fields', {
      entity: 'company',
      key: 'shoe_size',
      label: 'Same key, other entity',
      type: 'text',
    });
    expect(
      (await api('POST', '/custom-fields', { entity: 'person', key: 'shoe_size', label: 'Again', type: 'text' }))
        .status,
    ).toBe(409);
    expect(
      (await api('POST', '/custom-fields', { entity: 'person', key: 'Bad-Key', label: 'x', type: 'text' })).body.error
        .details[0].path,
    ).toBe('key');
    expect(
      (await api('POST', '/custom-fields', { entity: 'person', key: 'sel', label: 'x', type: 'select' })).body.error
        .details[0].path,
    ).toBe('options');
    expect(
      (await api('POST', '/custom-fields', { entity: 'person', key: 'txt', label: 'x', type: 'text', options: ['a'] }))
        .body.error.details[0].path,
    ).toBe('options');
    expect((await api('POST', '/custom-fields', { entity: 'task', key: 'k', label: 'x', type: 'text' })).status).toBe(
      400,
    );
    expect((await ok('GET', '/custom-fields?entity=person')).data.map((d: any) => d.key)).toEqual([
      'shoe_size',
      'channel',
    ]);
    expect((await ok('GET', '/custom-fields')).data).toHaveLength(3);
    expect((await api('GET', '/custom-fields', undefined, other.auth)).body.data).toEqual([]);

    const renamed = await ok('PATCH', `/custom-fields/${sel.id}`, {
      label: 'Канал',
      options: ['web', 'shop', 'phone'],
    });
    expect(renamed).toMatchObject({
      label: 'Канал',
      options: ['web', 'shop', 'phone'],
      key: 'channel',
      type: 'select',
    });
    expect((await api('PATCH', `/custom-fields/${sel.id}`, { options: [] })).status).toBe(400);
    expect((await api('PATCH', `/custom-fields/${sel.id}`, { label: 'x' }, other.auth)).status).toBe(404);

    const p = await ok('POST', '/people', { firstName: 'CF', customFields: { shoe_size: 42, channel: 'phone' } });
    expect(
      (await api('POST', '/people', { firstName: 'CF', customFields: { channel: 'fax' } })).body.error.details[0].path,
    ).toBe('customFields.channel');
    expect((await api('DELETE', `/custom-fields/${f.body.id}`, undefined, other.auth)).status).toBe(404);
    expect((await api('DELETE', `/custom-fields/${f.body.id}`)).status).toBe(204);
    expect((await ok('GET', `/people/${p.id}`)).customFields).toEqual({ channel: 'phone' });
    expect((await api('PATCH', `/people/${p.id}`, { customFields: { shoe_size: 43 } })).body.error.details[0]).toEqual({
      path: 'customFields.shoe_size',
      message: 'unknown custom field',
      code: 'UNKNOWN_FIELD',
    });
  });
});
