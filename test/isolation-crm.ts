/**
 * The CRM's part of the isolation fixture: records of workspace A that B must never reach. Each
 * section belongs to one part of the CRM; add the records your routes' `:id` parameters point at
 * (the key you set in `ids` is the resource name in `isolation.paramResource` of src/crm/index.ts) and the private strings they
 * hold (markers: B's responses must never contain them).
 */
import { multipart } from './multipart.ts';

export type Post = (url: string, body: unknown) => Promise<any>;

/** A raw request as A (for multipart uploads). */
export type Inject = (opts: {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  payload: Buffer;
}) => Promise<{ statusCode: number; body: string; json(): any }>;

export async function crmFixtures(
  post: Post,
  ctx: { personId: string; inject?: Inject },
): Promise<{ ids: Record<string, string>; markers: string[] }> {
  const ids: Record<string, string> = {};
  const markers: string[] = [];
  void post;
  void ctx;

  // ---- people, companies, custom fields, views, consents, dedupe (crmMerge)
  {
    const field = await post('/api/v1/custom-fields', {
      entity: 'person',
      key: 'a_private_cf',
      label: 'A private field',
      type: 'select',
      options: ['A private option'],
    });
    const company = await post('/api/v1/companies', {
      name: 'A private company',
      domain: 'a-private-company.test',
      phone: '+7 495 000-00-77',
      externalId: 'a-private-company-ext',
    });
    const keep = await post('/api/v1/people', {
      firstName: 'Keep',
      lastName: 'Secret-A',
      emails: ['keep.secret@a.test'],
      phones: ['+7 916 000-00-71'],
      companyId: company.id,
      customFields: { a_private_cf: 'A private option' },
      tags: ['a-private-tag'],
    });
    const dupe = await post('/api/v1/people', {
      firstName: 'Dupe',
      lastName: 'Secret-A',
      emails: ['dupe.secret@a.test'],
      companyId: company.id,
      externalId: 'a-private-person-ext',
    });
    const merged = await post(`/api/v1/people/${keep.id}/merge`, { otherId: dupe.id, fields: { firstName: 'other' } });
    await post('/api/v1/people', { firstName: 'Twin', lastName: 'Secret-A', companyId: company.id });
    await post('/api/v1/people', { firstName: 'Twin', lastName: 'Secret-A', companyId: company.id });
    await post(`/api/v1/people/${ctx.personId}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'a-private-consent-source',
      evidence: 'a-private-evidence',
    });
    const view = await post('/api/v1/views', {
      entity: 'person',
      name: 'A private view',
      query: { q: 'a-private-query' },
      columns: ['name', 'cf.a_private_cf'],
    });
    Object.assign(ids, {
      company: company.id,
      customField: field.id,
      view: view.id,
      crmMerge: merged.mergeId,
      keepPerson: keep.id,
      dupePerson: dupe.id,
    });
    markers.push(
      'a_private_cf',
      'A private field',
      'A private option',
      'A private company',
      'a-private-company.test',
      '+74950000077',
      'a-private-company-ext',
      'keep.secret@a.test',
      'dupe.secret@a.test',
      '+79160000071',
      'Secret-A',
      'a-private-tag',
      'a-private-person-ext',
      'a-private-consent-source',
      'a-private-evidence',
      'A private view',
      'a-private-query',
    );
  }

  // ---- pipelines, deals, activities, call scripts, cadences
  {
    // Invited through the API: a new login joins A when it first signs in.
    await post('/api/v1/users', {
      email: 'rep.secret@a.test',
      name: 'Rep Secret-A',
      password: 'rep-password',
      role: 'manager',
    });
    const rep = (await post('/api/v1/auth/login', { email: 'rep.secret@a.test', password: 'rep-password' })).user;
    const pipeline = await post('/api/v1/pipelines', {
      name: 'A private pipeline',
      stages: [
        { name: 'A private stage', probability: 20 },
        { name: 'A private won', kind: 'won' },
        { name: 'A private lost', kind: 'lost' },
      ],
    });
    const deal = await post('/api/v1/deals', {
      title: 'A private deal',
      pipelineId: pipeline.id,
      stageId: pipeline.stages[0].id,
      amount: 777,
      personId: ctx.personId,
      ownerId: rep.id,
      source: 'a-private-source',
      campaign: 'a-private-campaign',
      region: 'A private region',
    });
    await post(`/api/v1/deals/${deal.id}/move`, { stageId: pipeline.stages[2].id, closeReason: 'A private reason' });
    const script = await post('/api/v1/call-scripts', {
      name: 'A private script',
      body: 'A private script body',
      steps: [{ title: 'A private step', text: 'A private step text' }],
    });
    const activity = await post('/api/v1/activities', {
      kind: 'call',
      direction: 'in',
      personId: ctx.personId,
      dealId: deal.id,
      ownerId: rep.id,
      subject: 'A private call',
      scriptId: script.id,
      phone: '+79160000001',
      durationSeconds: 61,
    });
    await post('/api/v1/activities', {
      kind: 'task',
      subject: 'A private task',
      personId: ctx.personId,
      assigneeId: rep.id,
      dueAt: '2020-01-01T09:00:00Z',
    });
    const cadence = await post('/api/v1/cadences', {
      personId: ctx.personId,
      assigneeId: rep.id,
      kind: 'call',
      subject: 'A private cadence',
      intervalDays: 7,
      startAt: '2099-01-01T09:00:00Z',
    });
    await post('/api/v1/telephony/calls', {
      callId: 'a-private-call-id',
      direction: 'in',
      from: '+7 916 000-00-02',
      to: '+7 495 000-00-00',
      startedAt: '2030-01-01T10:00:00Z',
      durationSeconds: 5,
      answered: true,
    });
    Object.assign(ids, {
      pipeline: pipeline.id,
      deal: deal.id,
      activity: activity.id,
      callScript: script.id,
      cadence: cadence.id,
    });
    markers.push(
      rep.id,
      'rep.secret@a.test',
      'Rep Secret-A',
      'A private pipeline',
      'A private stage',
      'A private won',
      'A private lost',
      pipeline.stages[0].id,
      'A private deal',
      'a-private-source',
      'a-private-campaign',
      'A private region',
      'A private reason',
      'A private script',
      'A private step',
      'A private call',
      'A private task',
      'A private cadence',
      'a-private-call-id',
      '+79160000001',
      '+79160000002',
    );
  }

  // ---- imports
  if (ctx.inject) {
    const m = multipart(
      { entity: 'people' },
      { name: 'a-private-import.csv', content: 'Email,Name\nimport.secret@a.test,Imported Secret-A\n' },
    );
    const up = await ctx.inject({ method: 'POST', url: '/api/v1/imports', headers: m.headers, payload: m.payload });
    if (up.statusCode !== 201) throw new Error(`import fixture: ${up.body}`);
    ids.import = up.json().id;
    markers.push('a-private-import.csv', 'import.secret@a.test', 'Imported Secret-A');
  }

  // ---- exports (a background export job of A's people)
  {
    const job = await post('/api/v1/people/export', {});
    ids.exportJob = job.jobId;
    markers.push(job.jobId);
  }

  return { ids, markers };
}
