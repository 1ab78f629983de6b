/**
 * The security suite's ONE map of per-route fixtures (test/security-*.test.ts). The suite is
 * generated from the app's route list and its OpenAPI document, so a new route is probed without
 * anyone remembering to; what it cannot guess comes from here:
 *  - `params`: which seeded record fills a path parameter (by path prefix, as in isolation.test.ts);
 *  - `bodies`: a valid JSON body for every route that takes one (the probes change one field at a
 *    time, so the rest must pass validation for the bad value to reach the code behind it);
 *  - `csv`: for every CSV download, how to write values through the API that must come out in it;
 *  - `perItem`: routes that judge list items one by one (the tracking batch) instead of refusing;
 *  - `notFetched`: URL fields the server never fetches (no SSRF to probe), with the reason.
 * A route the map cannot serve fails the suite, naming what to add here.
 */
import { createECDH, randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { systemActor } from '../src/core/auth/actor.ts';
import { BROWSER, eventually, PARAM_RESOURCE, resourceFor, startTestEnv, type TestEnv } from './helpers.ts';
import { multipart } from './multipart.ts';

export type Ids = Record<string, string>;
export type Api = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ statusCode: number; body: string; json(): any }>;

/** The request header the web app sends, and a same-origin Origin (app.inject's host is localhost:80). */
export { BROWSER };
/** A page on another port of the same site: what finding 7 used. */
export const FOREIGN_ORIGIN = 'http://localhost:8081';

/**
 * Path prefix → the seeded record that fills its parameter: the list the isolation suite walks
 * (core's and each module's `isolation.paramResource`, test/helpers.ts), plus the public tracking
 * routes' write key, which that suite (over /api/v1 only) does not need.
 */
const params: Readonly<Record<string, string>> = {
  ...PARAM_RESOURCE,
  '/v1/projects/:writeKey': 'writeKey',
  // A provider's callback names the channel it is for.
  '/hooks/channels/:id': 'channel',
  // Insights' models are named by kind, not by record.
  '/api/v1/models/:kind': 'modelKind',
};

/** An SMTP host the default outbound policy accepts without DNS, where nothing answers here. */
const PROBE_SMTP = { host: '8.8.8.8', port: 25, secure: false, from: 'Probe <probe.sender@sec.test>' };
/** A browser's push subscription keys: a P-256 public key and 16 bytes of auth secret. */
const PROBE_PUSH_KEYS = (() => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: 'probe-push-auth-0000000' };
})();

/** A journey a probe may create, check or publish: entered by API, a long wait, then a send. */
const probeJourney = (ids: Ids) => ({
  entry: { api: true },
  steps: [
    { id: 'w', type: 'wait', duration: '30d' },
    { id: 's', type: 'send', channelId: ids.channel, templateId: ids.template },
  ],
});

const track = {
  userId: 'probe-user',
  event: 'Probe Event',
  properties: { note: 'probe' },
  context: { page: { url: 'https://shop.example/' } },
};

/** 'METHOD /path' → a valid body (ids: the seeded records). */
const bodies: Record<string, (ids: Ids) => unknown> = {
  'POST /api/v1/auth/login': () => ({ email: 'probe.admin@sec.test', password: 'probe-admin-password' }),
  'PATCH /api/v1/auth/me': () => ({ name: 'Probe', locale: 'en' }),
  'POST /api/v1/auth/switch-workspace': () => ({ slug: 'sec' }),
  'PATCH /api/v1/workspace': () => ({ name: 'Security probes', settings: { currency: 'RUB' } }),
  'POST /api/v1/users': () => ({
    email: `probe.${randomUUID().slice(0, 8)}@sec.test`,
    name: 'Probe User',
    password: 'probe-password-1',
    role: 'manager',
  }),
  'PATCH /api/v1/users/:id': () => ({ name: 'Probe User', locale: 'en' }),
  'POST /api/v1/api-keys': () => ({ name: 'probe key', role: 'manager' }),
  'POST /api/v1/webhooks': () => ({
    url: 'https://hooks.example.com/probe',
    eventTypes: ['*'],
    description: 'probe hook',
  }),
  'PATCH /api/v1/webhooks/:id': () => ({
    url: 'https://hooks.example.com/probe-2',
    description: 'probe hook',
    active: false,
  }),
  'POST /api/v1/sources': () => ({ name: 'Probe source', kind: 'server' }),
  'PATCH /api/v1/sources/:id': () => ({ name: 'Probe source' }),
  'POST /api/v1/computed-traits': () => ({
    key: `probe_${randomUUID().slice(0, 8)}`,
    event: 'Probe Event',
    property: 'note',
    aggregation: 'last',
    windowDays: 30,
  }),
  'POST /api/v1/segments': () => ({
    name: 'Probe segment',
    description: 'probe',
    rule: {
      all: [
        { trait: 'note', op: 'eq', value: 'probe' },
        { event: 'Probe Event', count: { gte: 1 }, within: '30d' },
      ],
    },
  }),
  'PATCH /api/v1/segments/:id': () => ({
    name: 'Probe segment',
    description: 'probe',
    rule: { trait: 'note', op: 'eq', value: 'probe' },
  }),
  'POST /api/v1/segments/preview': () => ({ rule: { trait: 'note', op: 'eq', value: 'probe' } }),
  // The seeded segment is a rule (409 NOT_A_LIST): the probes' bad values are refused before that.
  'POST /api/v1/segments/:id/members': (ids) => ({ personIds: [ids.person] }),
  'POST /api/v1/segments/:id/members/remove': (ids) => ({ personIds: [ids.person] }),
  'POST /api/v1/segments/:id/destinations': () => ({
    url: 'https://hooks.example.com/audience',
    description: 'probe destination',
  }),
  'POST /api/v1/event-rules': () => ({
    event: `Probe Rule ${randomUUID().slice(0, 8)}`,
    action: 'rename',
    renameTo: 'Probe Renamed',
  }),
  'POST /api/v1/people': () => ({
    firstName: 'Probe',
    lastName: 'Person',
    emails: ['probe.person@sec.test'],
    phones: ['+7 916 000-00-99'],
    city: 'Probe City',
    tags: ['probe'],
    customFields: { note: 'probe' },
  }),
  'PATCH /api/v1/people/:id': () => ({ firstName: 'Probe', city: 'Probe City', tags: ['probe'] }),
  'POST /api/v1/companies': () => ({
    name: 'Probe Company',
    domain: 'probe.example',
    city: 'Probe City',
    tags: ['probe'],
  }),
  'PATCH /api/v1/companies/:id': () => ({ name: 'Probe Company', city: 'Probe City' }),
  'POST /api/v1/custom-fields': () => ({
    entity: 'person',
    key: `probe_${randomUUID().slice(0, 8)}`,
    label: 'Probe field',
    type: 'select',
    options: ['one', 'two'],
  }),
  'PATCH /api/v1/custom-fields/:id': () => ({ label: 'Probe field' }),
  'POST /api/v1/people/:id/consents': () => ({
    channel: 'email',
    purpose: 'marketing',
    granted: true,
    source: 'probe',
    evidence: 'probe evidence',
  }),
  'POST /api/v1/views': () => ({ entity: 'person', name: 'Probe view', query: { q: 'probe' }, columns: ['name'] }),
  'PATCH /api/v1/views/:id': () => ({ name: 'Probe view', query: { q: 'probe' } }),
  'POST /api/v1/people/duplicates/dismiss': (ids) => ({ a: ids.crmPerson, b: ids.dupePerson }),
  'POST /api/v1/people/:id/merge': (ids) => ({ otherId: ids.mergeOther, fields: { firstName: 'this' } }),
  'POST /api/v1/imports/:id/start': () => ({ mapping: { Email: 'email', Name: 'firstName' }, upsertBy: 'email' }),
  'POST /api/v1/pipelines': () => ({
    name: 'Probe pipeline',
    currency: 'RUB',
    stages: [
      { name: 'Open', probability: 10 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  }),
  'PATCH /api/v1/pipelines/:id': () => ({ name: 'Probe pipeline' }),
  'POST /api/v1/deals': (ids) => ({
    title: 'Probe deal',
    pipelineId: ids.pipeline,
    stageId: ids.stage,
    amount: 10,
    source: 'probe',
    tags: ['probe'],
  }),
  'PATCH /api/v1/deals/:id': () => ({ title: 'Probe deal', source: 'probe' }),
  'POST /api/v1/deals/:id/move': (ids) => ({ stageId: ids.stage, closeReason: 'probe' }),
  'POST /api/v1/activities': (ids) => ({
    kind: 'call',
    subject: 'Probe call',
    body: 'probe',
    personId: ids.person,
    direction: 'out',
    outcome: 'probe',
    phone: '+79160000099',
  }),
  'PATCH /api/v1/activities/:id': () => ({ subject: 'Probe call', body: 'probe' }),
  'POST /api/v1/call-scripts': () => ({
    name: 'Probe script',
    body: 'probe',
    steps: [{ title: 'Hello', text: 'probe' }],
  }),
  'PATCH /api/v1/call-scripts/:id': () => ({ name: 'Probe script' }),
  'POST /api/v1/cadences': (ids) => ({
    personId: ids.person,
    assigneeId: ids.user,
    kind: 'call',
    subject: 'Probe cadence',
    intervalDays: 7,
    startAt: '2099-01-01T09:00:00Z',
  }),
  'PATCH /api/v1/cadences/:id': () => ({ subject: 'Probe cadence' }),
  'POST /api/v1/telephony/calls': () => ({
    callId: `probe-${randomUUID()}`,
    direction: 'in',
    from: '+7 916 000-00-98',
    to: '+7 495 000-00-00',
    startedAt: '2030-01-01T10:00:00Z',
    durationSeconds: 5,
    answered: true,
  }),
  'POST /v1/identify': () => ({ userId: 'probe-user', traits: { email: 'probe.track@sec.test', name: 'Probe' } }),
  'POST /v1/track': () => track,
  'POST /v1/page': () => ({ userId: 'probe-user', name: 'Home', properties: { path: '/' } }),
  'POST /v1/screen': () => ({ userId: 'probe-user', name: 'Home', properties: { path: '/' } }),
  'POST /v1/group': () => ({ userId: 'probe-user', groupId: 'probe-group', traits: { name: 'Probe Group' } }),
  'POST /v1/alias': () => ({ userId: 'probe-user', previousId: 'probe-anon' }),
  'POST /v1/batch': () => ({ batch: [{ type: 'track', ...track }], context: { library: { name: 'probe' } } }),
  'POST /v1/b': () => ({ batch: [{ type: 'track', ...track }], context: { library: { name: 'probe' } } }),
  // Messaging: a public address literal as the SMTP host (no DNS; nothing listens for it here).
  'POST /api/v1/channels': () => ({ type: 'email', name: 'Probe channel', config: PROBE_SMTP }),
  'PATCH /api/v1/channels/:id': () => ({ name: 'Probe channel' }),
  'POST /api/v1/templates': () => ({
    channel: 'email',
    name: 'Probe template',
    subject: 'Probe',
    body: '<p>Probe</p>',
  }),
  'PATCH /api/v1/templates/:id': () => ({ name: 'Probe template' }),
  'POST /api/v1/templates/:id/preview': (ids) => ({ personId: ids.person, locale: 'en' }),
  'POST /api/v1/templates/:id/test-send': (ids) => ({ channelId: ids.channel, personId: ids.person }),
  'POST /api/v1/messages': (ids) => ({
    personId: ids.person,
    channelId: ids.channel,
    templateId: ids.template,
    data: { note: 'probe' },
  }),
  'PUT /api/v1/messaging/policy': () => ({
    frequencyCaps: { perChannelPerDay: 3, perChannelPerWeek: null, allChannelsPerDay: null, allChannelsPerWeek: null },
    quietHours: { start: '22:00', end: '08:00' },
    timezone: 'Europe/Moscow',
  }),
  'POST /api/v1/suppressions': () => ({ channel: 'email', address: 'probe.suppressed@sec.test', detail: 'probe' }),
  'POST /api/v1/broadcasts': (ids) => ({
    name: 'Probe broadcast',
    segmentId: ids.segment,
    channelId: ids.channel,
    templateId: ids.template,
  }),
  'PATCH /api/v1/broadcasts/:id': () => ({ name: 'Probe broadcast' }),
  // Far ahead: the probes schedule it, nothing goes out.
  'POST /api/v1/broadcasts/:id/send': () => ({ at: '2099-01-01T00:00:00Z' }),
  'POST /api/v1/campaigns': (ids) => ({
    name: 'Probe campaign',
    segmentId: ids.segment,
    controlPercent: 10,
    steps: [{ channelId: ids.channel, templateId: ids.template }],
    conversionEvent: 'Order Completed',
    attributionWindow: '7d',
  }),
  'PATCH /api/v1/campaigns/:id': () => ({ name: 'Probe campaign', goal: 'probe' }),
  'POST /api/v1/campaigns/:id/ab/winner': () => ({ variant: 'A' }),
  'POST /api/v1/journeys': (ids) => ({ name: 'Probe journey', definition: probeJourney(ids) }),
  'PATCH /api/v1/journeys/:id': () => ({ name: 'Probe journey', description: 'probe' }),
  'POST /api/v1/journeys/validate': (ids) => ({ definition: probeJourney(ids) }),
  'POST /api/v1/journeys/:id/publish': () => ({}),
  'POST /api/v1/journeys/:id/enter': (ids) => ({ personId: ids.person }),
  'POST /api/v1/subscription-groups': () => ({ name: 'Probe topic', description: 'probe' }),
  'PATCH /api/v1/subscription-groups/:id': () => ({ name: 'Probe topic' }),
  'POST /api/v1/people/:id/push-subscriptions': () => ({
    endpoint: `https://8.8.8.8/push/probe-${randomUUID()}`,
    keys: PROBE_PUSH_KEYS,
  }),
  'POST /v1/push/subscribe': () => ({
    userId: 'probe-user',
    subscription: { endpoint: `https://8.8.8.8/push/probe-${randomUUID()}`, keys: PROBE_PUSH_KEYS },
  }),
  // Loyalty: the seeded catalogue has PROBE-SKU (startSecurityEnv).
  'PUT /api/v1/products': () => ({
    products: [{ sku: 'PROBE-SKU', name: 'Probe product', category: 'Probe', price: 10 }],
  }),
  'POST /api/v1/promotions': () => ({
    name: 'Probe promotion',
    mechanic: 'buy_n_get_m',
    params: { n: 2, m: 1, skus: ['PROBE-SKU'] },
  }),
  'PATCH /api/v1/promotions/:id': () => ({ name: 'Probe promotion', description: 'probe' }),
  'POST /api/v1/offers/evaluate': (ids) => ({
    person: { id: ids.person },
    cart: { lines: [{ sku: 'PROBE-SKU', quantity: 3, price: 10 }], store: 'probe-store', region: 'probe-region' },
  }),
  'POST /api/v1/offers/redeem': (ids) => ({
    redemptionId: 'probe-order',
    person: { id: ids.person },
    cart: { lines: [{ sku: 'PROBE-SKU', quantity: 3, price: 10 }], store: 'probe-store', region: 'probe-region' },
  }),
  'POST /api/v1/persons/:id/points': () => ({ type: 'earn', points: 10, reason: 'Probe points' }),
  // Service desk (startSecurityEnv seeds an inbox, conversations, a team, rules, a canned response, a macro).
  'POST /api/v1/inboxes': () => ({ name: 'Probe inbox', channel: 'api' }),
  'PATCH /api/v1/inboxes/:id': () => ({ name: 'Probe inbox' }),
  'POST /api/v1/inboxes/:id/messages': () => ({
    from: { email: 'probe.client@sec.test', name: 'Probe Client' },
    text: 'Probe message',
    subject: 'Probe subject',
    externalId: `probe-${randomUUID()}`,
  }),
  'POST /api/v1/conversations': (ids) => ({ personId: ids.person, subject: 'Probe ticket', note: 'Probe note' }),
  'PATCH /api/v1/conversations/:id': () => ({ priority: 'high', tags: ['probe'], topic: 'probe' }),
  'POST /api/v1/conversations/:id/merge': (ids) => ({ intoId: ids.conversationOther }),
  'POST /api/v1/conversations/:id/split': (ids) => ({ messageIds: [ids.conversationMessage] }),
  'POST /api/v1/conversations/:id/messages': () => ({ body: 'Probe note', internal: true }),
  'POST /api/v1/teams': () => ({ name: 'Probe team', assignment: 'round_robin' }),
  'PATCH /api/v1/teams/:id': () => ({ name: 'Probe team' }),
  'POST /api/v1/routing-rules': () => ({
    name: 'Probe routing',
    conditions: { keywords: ['probe'] },
    actions: { priority: 'high' },
  }),
  'PATCH /api/v1/routing-rules/:id': () => ({ name: 'Probe routing' }),
  'POST /api/v1/automation-rules': () => ({
    name: 'Probe automation',
    trigger: 'created',
    conditions: { keywords: ['probe'] },
    actions: { set: { priority: 'high' }, webhook: { url: 'https://8.8.8.8/probe-hook' } },
  }),
  'PATCH /api/v1/automation-rules/:id': () => ({ name: 'Probe automation' }),
  'POST /api/v1/canned-responses': () => ({ title: 'Probe canned', body: 'Probe canned body', shortcut: 'probe' }),
  'PATCH /api/v1/canned-responses/:id': () => ({ title: 'Probe canned' }),
  'POST /api/v1/macros': () => ({ name: 'Probe macro', actions: { note: 'Probe macro note', addTags: ['probe'] } }),
  'PATCH /api/v1/macros/:id': () => ({ name: 'Probe macro' }),
  'POST /api/v1/business-calendars': () => ({
    name: 'Probe calendar',
    timezone: 'Europe/Moscow',
    hours: { mon: [{ start: '09:00', end: '18:00' }] },
    holidays: ['2027-01-01'],
    workingDays: [],
  }),
  'PATCH /api/v1/business-calendars/:id': () => ({ name: 'Probe calendar' }),
  'POST /api/v1/sla-policies': () => ({
    name: 'Probe policy',
    conditions: { priority: ['urgent'], topic: ['probe'] },
    firstResponseMinutes: 30,
    resolutionMinutes: 480,
  }),
  'PATCH /api/v1/sla-policies/:id': () => ({ name: 'Probe policy' }),
  'PUT /api/v1/service/holds': () => ({ openTicket: { enabled: true, priorities: ['urgent'] } }),
  'POST /api/v1/csat/:token': () => ({ score: 4, comment: 'Probe comment' }),
  // Surveys (startSecurityEnv seeds an NPS survey). The wave's channel is one the workspace lacks: nothing goes out mid-probe.
  'POST /api/v1/surveys': () => ({ name: 'Probe survey', type: 'nps', question: { ru: 'Probe?', en: 'Probe?' } }),
  'PATCH /api/v1/surveys/:id': () => ({ name: 'Probe survey' }),
  'PUT /api/v1/survey-settings': () => ({ recontactDays: 30 }),
  'POST /api/v1/surveys/:id/responses': (ids) => ({ personId: ids.person, score: 7, comment: 'Probe verbatim' }),
  'POST /api/v1/surveys/:id/send': (ids) => ({ channel: 'telegram', segmentId: ids.segment }),
  'POST /api/v1/surveys/:id/links': (ids) => ({ personId: ids.person }),
  // Mentions (startSecurityEnv seeds a mention, a source that is off, a rule that is off and its alert).
  'POST /api/v1/mentions': () => ({
    source: 'probe',
    url: 'https://forum.example/probe',
    author: 'probe_author',
    text: 'Probe mention',
    publishedAt: '2026-11-30T10:00:00Z',
    externalId: `probe-${randomUUID()}`,
  }),
  'POST /api/v1/mention-sources': () => ({
    name: 'Probe source',
    kind: 'rss',
    url: 'https://8.8.8.8/probe-feed.xml',
    enabled: false,
  }),
  'PATCH /api/v1/mention-sources/:id': () => ({ name: 'Probe source' }),
  'POST /api/v1/mention-alert-rules': () => ({
    name: 'Probe rule',
    scope: 'keyword',
    scopeValue: 'probe',
    minCount: 100_000,
  }),
  'PATCH /api/v1/mention-alert-rules/:id': () => ({ name: 'Probe rule' }),
  // Text analysis (insights) and the knowledge base (service).
  'POST /api/v1/text/analyze': () => ({ text: 'Probe text: доставка вовремя, спасибо' }),
  'POST /api/v1/text/clusters': () => ({ texts: ['Probe delivery late', 'Probe delivery slow', 'Probe nice staff'] }),
  'POST /api/v1/text/lexicon': () => ({ term: `probe-term-${randomUUID()}`, score: 1 }),
  'PATCH /api/v1/text/lexicon/:id': () => ({ score: 2 }),
  'POST /api/v1/text/topics': () => ({
    key: `probe-topic-${randomUUID().slice(0, 8)}`,
    name: 'Probe topic',
    keywords: ['probe-keyword'],
  }),
  'PATCH /api/v1/text/topics/:id': () => ({ name: 'Probe topic' }),
  'POST /api/v1/kb/articles': () => ({ title: 'Probe article', body: 'Probe body', locale: 'en' }),
  'PATCH /api/v1/kb/articles/:id': () => ({ title: 'Probe article' }),
};

/** Routes that take something other than a JSON body (no JSON probes; CSRF still applies). */
const notJson: Record<string, string> = {
  'POST /csat/*': 'the hosted CSAT page posts its url-encoded form (score, comment)',
  'POST /survey/*': 'the hosted survey page posts its url-encoded form (score, answers, comment)',
  'POST /api/v1/imports': 'a multipart CSV upload; file content is data, not text to check',
  'POST /api/v1/segments/:id/uploads': 'a multipart CSV upload into a list; file content is data, not text to check',
  'POST /u/*':
    "the hosted unsubscribe page's form post, or an RFC 8058 one-click (List-Unsubscribe=One-Click); the signed token in the path is the credential",
  'POST /p/*': "the hosted preference page's form post; the signed token in the path is the credential",
  'POST /hooks/channels/:id':
    "a provider's callback in the provider's own format, authenticated by the provider's signature (each adapter's tests)",
};

export type CsvProbe = (api: Api, ids: Ids, value: (i: number) => string) => Promise<string>;
/** 'GET /path.csv' → writes formula-like values (value(0), value(1), …) and returns the URL to download. */
const csv: Record<string, CsvProbe> = {
  'GET /api/v1/people/export.csv': async (api, _ids, v) => {
    await api('POST', '/api/v1/people', {
      firstName: v(0),
      lastName: v(1),
      city: v(2),
      position: v(3),
      emails: ['formula.person@sec.test'],
    });
    return '/api/v1/people/export.csv';
  },
  'GET /api/v1/companies/export.csv': async (api, _ids, v) => {
    await api('POST', '/api/v1/companies', { name: v(0), industry: v(1), city: v(2), street: v(3) });
    return '/api/v1/companies/export.csv';
  },
  'GET /api/v1/deals/export.csv': async (api, ids, v) => {
    await api('POST', '/api/v1/deals', {
      title: v(0),
      pipelineId: ids.pipeline,
      stageId: ids.stage,
      source: v(1),
      campaign: v(2),
      region: v(3),
    });
    return '/api/v1/deals/export.csv';
  },
  'GET /api/v1/exports/:id/download': async (api, _ids, v) => {
    // An export run as a job: its file must be as safe as the streamed one.
    await api('POST', '/api/v1/companies', { name: v(0), industry: v(1), city: v(2), street: v(3) });
    const started = await api('POST', '/api/v1/companies/export');
    if (started.statusCode !== 202) throw new Error(`export start: ${started.statusCode} ${started.body}`);
    const { jobId, downloadUrl } = started.json();
    await eventually(
      async () =>
        ['completed', 'failed', 'dead', 'cancelled'].includes((await api('GET', `/api/v1/jobs/${jobId}`)).json().state),
      30_000,
      50,
    );
    return downloadUrl;
  },
  'GET /api/v1/imports/:id/errors.csv': async (api, _ids, v) => {
    // Rows with an invalid email are refused and land in the errors file with their cells as sent.
    const rows = [0, 1, 2, 3].map((i) => `not-an-email-${i},"${v(i).replace(/"/g, '""')}"`).join('\n');
    const up = await api('UPLOAD', '/api/v1/imports', `Email,Name\n${rows}\n`);
    if (up.statusCode !== 201) throw new Error(`import upload: ${up.statusCode} ${up.body}`);
    const id = up.json().id;
    const started = await api('POST', `/api/v1/imports/${id}/start`, {
      mapping: { Email: 'email', Name: 'firstName' },
    });
    if (started.statusCode !== 202) throw new Error(`import start: ${started.statusCode} ${started.body}`);
    await eventually(
      async () => ['done', 'failed'].includes((await api('GET', `/api/v1/imports/${id}`)).json().status),
      30_000,
      50,
    );
    return `/api/v1/imports/${id}/errors.csv`;
  },
  'GET /api/v1/segments/:id/export.csv': async (api, _ids, v) => {
    // Names from traits and a user id, written by tracking (the export's free-text columns).
    const source = (await api('POST', '/api/v1/sources', { name: 'Probe export', kind: 'server' })).json();
    const tag = randomUUID().slice(0, 8);
    const people = [
      { userId: v(2), traits: { firstName: v(0), lastName: v(1) } },
      { userId: `probe-export-${tag}`, traits: { firstName: v(3) } },
    ];
    const r = await api('TRACK', '/v1/batch', {
      writeKey: source.writeKey,
      batch: people.map((p) => ({ type: 'identify', ...p })),
    });
    if (r.statusCode !== 200) throw new Error(`export probe tracking: ${r.statusCode} ${r.body}`);
    const personIds: string[] = [];
    for (const p of people)
      personIds.push(
        (await api('GET', `/api/v1/people/lookup?kind=user_id&value=${encodeURIComponent(p.userId)}`)).json().id,
      );
    const list = await probeList(api);
    const added = await api('POST', `/api/v1/segments/${list}/members`, { personIds });
    if (added.statusCode !== 200) throw new Error(`list members: ${added.statusCode} ${added.body}`);
    return `/api/v1/segments/${list}/export.csv`;
  },
  'GET /api/v1/segments/:id/uploads/:uploadId/rejected.csv': async (api, _ids, v) => {
    // Rows whose value matches nobody come back with their cells as sent.
    const list = await probeList(api);
    const rows = [0, 1, 2, 3].map((i) => `nobody-${i}@sec.test,"${v(i).replace(/"/g, '""')}"`).join('\n');
    const up = await api('UPLOAD', `/api/v1/segments/${list}/uploads`, {
      fields: { identifier: 'email' },
      content: `Email,Name\n${rows}\n`,
    });
    if (up.statusCode !== 202) throw new Error(`list upload: ${up.statusCode} ${up.body}`);
    const id = up.json().id;
    await eventually(
      async () =>
        ['done', 'failed'].includes((await api('GET', `/api/v1/segments/${list}/uploads/${id}`)).json().status),
      30_000,
      50,
    );
    return `/api/v1/segments/${list}/uploads/${id}/rejected.csv`;
  },
};

/** A new list in the probe workspace. */
const probeList = async (api: Api) => {
  const r = await api('POST', '/api/v1/segments', { name: `Probe list ${randomUUID().slice(0, 8)}`, kind: 'list' });
  if (r.statusCode !== 201) throw new Error(`list: ${r.statusCode} ${r.body}`);
  return r.json().id as string;
};

/** Lists judged item by item: a bad item is listed as rejected (200), the rest are stored. */
const perItem: Record<string, string> = { 'POST /v1/batch': 'batch', 'POST /v1/b': 'batch' };

/** 'METHOD /path field' → why a URL field is not an SSRF surface. */
const notFetched: Record<string, string> = {
  // '*': every field of the route.
  ...Object.fromEntries(
    ['identify', 'track', 'page', 'screen', 'group', 'alias', 'batch', 'b'].map((t) => [
      `POST /v1/${t} *`,
      'tracked event data (page URLs, referrers): recorded, never fetched',
    ]),
  ),
  'POST /api/v1/activities recordingUrl':
    'a link to a call recording shown to the user (often a PBX on the LAN); the server never fetches it',
  'PATCH /api/v1/activities/:id recordingUrl': 'as above',
  'POST /api/v1/telephony/calls recordingUrl': 'as above: stored on the call activity, never fetched by the server',
  'POST /api/v1/mentions url': 'the public post a mention links to, shown to users; the server never fetches it',
};

export const SECURITY_FIXTURES = { params, bodies, notJson, csv, perItem, notFetched };

export interface Route {
  method: string;
  url: string;
  permission?: string;
  public?: boolean;
}
export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

/** Routes outside the suite's reach by nature (docs, health, static files, preflights). */
export const outOfScope = (r: Route) =>
  r.method === 'OPTIONS' ||
  r.url.startsWith('/api/docs') ||
  r.url === '/healthz' ||
  r.url === '/sdk.js' ||
  r.url === '/' ||
  r.url.startsWith('/internal/');

/** The seeded record key for a route's parameter, or undefined. */
export function paramResource(url: string): string | undefined {
  return resourceFor(url, params);
}

/** The route's URL with its parameter filled by the seeded record (or by `raw`, inserted as is, e.g. '%00'). */
export function fillUrl(url: string, ids: Ids, raw?: string): string {
  const resource = paramResource(url);
  return url.replace(
    /:[A-Za-z]+/g,
    () => raw ?? encodeURIComponent((resource ? ids[resource] : undefined) ?? randomUUID()),
  );
}

/** What the map lacks for these routes: empty when every route is served. */
export function missingFixtures(routes: Route[], doc: OpenApiDoc): string[] {
  const missing: string[] = [];
  for (const r of routes) {
    if (outOfScope(r)) continue;
    const key = routeKey(r);
    if (r.url.includes(':') && !paramResource(r.url))
      missing.push(`${key}: add its path prefix to SECURITY_FIXTURES.params (which seeded record fills it)`);
    const takesBody = ['POST', 'PUT', 'PATCH'].includes(r.method);
    if (takesBody && !bodies[key] && !notJson[key] && (jsonBodySchema(doc, r) || !isDocumented(doc, r)))
      missing.push(`${key}: add a valid JSON body to SECURITY_FIXTURES.bodies (or say in notJson why it takes none)`);
    if (r.method === 'GET' && (r.url.endsWith('.csv') || producesCsv(doc, r)) && !csv[key])
      missing.push(`${key}: add to SECURITY_FIXTURES.csv how to write values that come out in this CSV`);
  }
  return missing;
}

// ---- the OpenAPI document

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: unknown;
  nullable?: boolean;
};
export type OpenApiDoc = { paths: Record<string, Record<string, any>> };

const docPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');
const opOf = (doc: OpenApiDoc, r: Route) => doc.paths[docPath(r.url)]?.[r.method.toLowerCase()];
export const isDocumented = (doc: OpenApiDoc, r: Route) => Boolean(opOf(doc, r));
export const jsonBodySchema = (doc: OpenApiDoc, r: Route): Schema | undefined =>
  opOf(doc, r)?.requestBody?.content?.['application/json']?.schema;
export const queryParams = (doc: OpenApiDoc, r: Route): { name: string; schema: Schema }[] =>
  (opOf(doc, r)?.parameters ?? []).filter((p: any) => p.in === 'query');
const producesCsv = (doc: OpenApiDoc, r: Route) =>
  Object.values(opOf(doc, r)?.responses ?? {}).some((x: any) =>
    Object.keys(x?.content ?? {}).some((t) => t.includes('csv')),
  );

const typeOf = (s: Schema | undefined): string | undefined => {
  if (!s) return undefined;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  const alt = (s.anyOf ?? s.oneOf)?.find((x) => typeOf(x));
  return alt ? typeOf(alt) : undefined;
};
const unwrap = (s: Schema): Schema => (s.anyOf ?? s.oneOf)?.find((x) => typeOf(x) === typeOf(s)) ?? s;

/** Every place a string can go in a body: from the schema (strings, list items, free-form objects) and the fixture's own string leaves. */
export function stringPaths(schema: Schema | undefined, fixture: unknown): { path: string[]; schema?: Schema }[] {
  const out = new Map<string, { path: string[]; schema?: Schema }>();
  const walk = (s: Schema | undefined, path: string[], depth: number) => {
    if (!s || depth > 4) return;
    s = unwrap(s);
    const t = typeOf(s);
    if (t === 'string') out.set(path.join('.'), { path, schema: s });
    else if (t === 'array') walk(s.items, [...path, '0'], depth + 1);
    else if (t === 'object' && s.properties)
      for (const [k, v] of Object.entries(s.properties)) walk(v, [...path, k], depth + 1);
    else if (t === 'object' || (!t && path.length)) out.set([...path, 'probe'].join('.'), { path: [...path, 'probe'] });
  };
  walk(schema, [], 0);
  const leaves = (v: unknown, path: string[]) => {
    if (typeof v === 'string') out.set(path.join('.'), out.get(path.join('.')) ?? { path });
    else if (Array.isArray(v)) for (const x of v.slice(0, 1)) leaves(x, [...path, '0']);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k]);
  };
  leaves(fixture, []);
  return [...out.values()].filter((p) => p.path.length > 0);
}

/** A deep copy of `body` with `value` at `path` (creating what is missing on the way). */
export function setAt(body: unknown, path: string[], value: unknown): any {
  const root: any = body && typeof body === 'object' ? structuredClone(body) : {};
  let cur = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) cur[seg] = value;
    else {
      const nextIsIndex = /^\d+$/.test(path[i + 1]);
      if (cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = nextIsIndex ? [] : {};
      cur = cur[seg];
    }
  });
  return root;
}

// ---- the environment: one workspace with a record behind every path parameter

export interface SecurityEnv {
  env: TestEnv;
  ws: Awaited<ReturnType<TestEnv['workspace']>>;
  ids: Ids;
  doc: OpenApiDoc;
  routes: Route[];
  /** As the workspace's admin key. */
  api: Api;
  /** Headers that authenticate a route: the admin key, or the write key for the tracking API. */
  authFor(r: Route): Record<string, string>;
  /** A session cookie of an admin member of the workspace. */
  login(): Promise<string>;
  /** A fingerprint of every table in the public schema (minus columns that reads touch). */
  snapshot(): Promise<Record<string, string>>;
}

// Written in the background whatever the probes do: the seeded webhook's test ping is retried by the
// delivery worker. (A forged replay or test ping is still caught: each probe must be refused.)
const VOLATILE_TABLES = /^(kysely_|sessions$|login_|webhook_deliveries$|webhook_attempts$)/;

export async function startSecurityEnv(): Promise<SecurityEnv> {
  const env = await startTestEnv();
  const ws = await env.workspace('sec');
  const doc = (await env.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as OpenApiDoc;
  const inject = (o: InjectOptions) => env.app.inject(o);
  const api: Api = async (method, url, body) => {
    if (method === 'UPLOAD') {
      // A CSV (an import of people), or { fields, content } for another upload.
      const { fields, content } =
        body && typeof body === 'object'
          ? (body as { fields: Record<string, string>; content: string })
          : { fields: { entity: 'people' }, content: String(body) };
      const m = multipart(fields, { name: 'probe.csv', content });
      return inject({ method: 'POST', url, headers: { ...ws.auth, ...m.headers }, payload: m.payload });
    }
    // The tracking API, authenticated by the write key in the body.
    if (method === 'TRACK') return inject({ method: 'POST', url, payload: body as any });
    return inject({
      method: method as any,
      url,
      headers: ws.auth,
      ...(body !== undefined ? { payload: body as any } : {}),
    });
  };
  const post = async (url: string, body: unknown) => {
    const r = await api('POST', url, body);
    if (r.statusCode >= 300) throw new Error(`security fixture ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const ids: Ids = {};
  // Members straight through the service: how the users API adds people is not what this suite probes.
  const admin = await env.kernel.auth.createMember(systemActor(ws.id, 'security suite'), {
    email: 'probe.admin@sec.test',
    name: 'Probe Admin',
    password: 'probe-admin-password',
    role: 'admin',
  });
  ids.user = (admin as { id: string }).id;
  ids.apiKey = (await post('/api/v1/api-keys', { name: 'probe target key', role: 'viewer' })).id;
  const source = await post('/api/v1/sources', { name: 'Probe source', kind: 'web' });
  Object.assign(ids, { source: source.id, writeKey: source.writeKey });
  const basic = { authorization: `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}` };
  const tracked = async (batch: unknown[]) => {
    const r = await inject({ method: 'POST', url: '/v1/batch', headers: basic, payload: { batch } as any });
    if (r.json().success !== true || r.json().rejected) throw new Error(`security fixture /v1/batch: ${r.body}`);
  };
  await tracked([
    { type: 'track', anonymousId: 'probe-anon', event: 'Probe Event', properties: { note: 'x' } },
    { type: 'identify', userId: 'probe-user', traits: { email: 'probe.track@sec.test' } },
  ]);
  await tracked([{ type: 'identify', userId: 'probe-user', anonymousId: 'probe-anon' }]);
  ids.person = (await api('GET', '/api/v1/people/lookup?kind=user_id&value=probe-user')).json().id;
  ids.merge = (await api('GET', '/api/v1/merges')).json().data[0]?.id ?? randomUUID();
  ids.eventRule = (await post('/api/v1/event-rules', { event: 'Probe Blocked', action: 'block' })).id;
  ids.computedTrait = (
    await post('/api/v1/computed-traits', {
      key: 'probe_trait',
      event: 'Probe Event',
      property: 'note',
      aggregation: 'last',
      windowDays: 30,
    })
  ).id;
  ids.segment = (await post('/api/v1/segments', { name: 'Probe segment', rule: { trait: 'note', op: 'exists' } })).id;
  const [notification] = await env.kernel.db
    .transaction()
    .execute((trx) =>
      env.kernel.notifications.create(trx, [{ workspaceId: ws.id, userId: admin.id, kind: 'test', title: 'Probe' }]),
    );
  ids.notification = notification;
  // A webhook to a public name (the outbound policy refuses private addresses); its test ping is a delivery and a job.
  ids.webhook = (
    await post('/api/v1/webhooks', { url: 'https://hooks.example.com/probe', eventTypes: ['*'], description: 'probe' })
  ).id;
  const ping = await api('POST', `/api/v1/webhooks/${ids.webhook}/test`, {});
  ids.delivery = ping.statusCode < 300 ? ping.json().id : randomUUID();
  const jobs = await eventually(async () => (await api('GET', '/api/v1/jobs')).json().data, 10_000, 50).catch(() => []);
  ids.job = jobs[0]?.id ?? randomUUID();
  // The CRM: a record behind every parameter.
  ids.company = (await post('/api/v1/companies', { name: 'Probe Co', domain: 'probe-co.example' })).id;
  ids.customField = (
    await post('/api/v1/custom-fields', { entity: 'person', key: 'probe_cf', label: 'Probe', type: 'text' })
  ).id;
  ids.view = (
    await post('/api/v1/views', { entity: 'person', name: 'Probe view', query: { q: 'x' }, columns: ['name'] })
  ).id;
  ids.crmPerson = (
    await post('/api/v1/people', {
      firstName: 'Keep',
      lastName: 'Probe',
      emails: ['keep.probe@sec.test'],
      companyId: ids.company,
    })
  ).id;
  const gone = (await post('/api/v1/people', { firstName: 'Gone', lastName: 'Probe', companyId: ids.company })).id;
  ids.crmMerge = (await post(`/api/v1/people/${ids.crmPerson}/merge`, { otherId: gone, fields: {} })).mergeId;
  ids.mergeOther = (await post('/api/v1/people', { firstName: 'Merge', lastName: 'Other' })).id;
  ids.dupePerson = (await post('/api/v1/people', { firstName: 'Dismiss', lastName: 'Other' })).id;
  const pipeline = await post('/api/v1/pipelines', {
    name: 'Probe pipeline',
    stages: [
      { name: 'Open', probability: 20 },
      { name: 'Won', kind: 'won' },
      { name: 'Lost', kind: 'lost' },
    ],
  });
  Object.assign(ids, { pipeline: pipeline.id, stage: pipeline.stages[0].id });
  ids.deal = (
    await post('/api/v1/deals', {
      title: 'Probe deal',
      pipelineId: pipeline.id,
      stageId: ids.stage,
      amount: 5,
      personId: ids.person,
    })
  ).id;
  ids.callScript = (
    await post('/api/v1/call-scripts', { name: 'Probe script', steps: [{ title: 'Hi', text: 'Hello' }] })
  ).id;
  ids.activity = (
    await post('/api/v1/activities', {
      kind: 'call',
      direction: 'in',
      personId: ids.person,
      dealId: ids.deal,
      subject: 'Probe call',
    })
  ).id;
  ids.cadence = (
    await post('/api/v1/cadences', {
      personId: ids.person,
      assigneeId: ids.user,
      kind: 'call',
      subject: 'Probe cadence',
      intervalDays: 7,
      startAt: '2099-01-01T09:00:00Z',
    })
  ).id;
  // An invitation of another login into this workspace (when the users module has invitations).
  const auth = env.kernel.auth as unknown as {
    invite?: (actor: unknown, input: unknown) => Promise<{ id?: string } | undefined>;
  };
  if (auth.invite) {
    await env.kernel.auth.ensureWorkspace('sec-other');
    const invited = await auth
      .invite(systemActor(ws.id, 'security suite'), {
        email: 'probe.invitee@sec.test',
        name: 'Probe Invitee',
        password: 'probe-invitee-password',
        role: 'viewer',
      })
      .catch(() => undefined);
    if (invited?.id) ids.invitation = invited.id;
  }
  ids.import = (await api('UPLOAD', '/api/v1/imports', 'Email,Name\nimport.probe@sec.test,Imported\n')).json().id;
  // Messaging: a record behind every parameter. The message ends suppressed (no consent): nothing is sent.
  ids.channel = (await post('/api/v1/channels', { type: 'email', name: 'Probe channel', config: PROBE_SMTP })).id;
  ids.template = (
    await post('/api/v1/templates', {
      channel: 'email',
      name: 'Probe template',
      subject: 'Probe',
      body: '<p>Probe</p>',
    })
  ).id;
  ids.message = (
    await post('/api/v1/messages', { personId: ids.person, channelId: ids.channel, templateId: ids.template })
  ).id;
  ids.broadcast = (
    await post('/api/v1/broadcasts', {
      name: 'Probe broadcast',
      segmentId: ids.segment,
      channelId: ids.channel,
      templateId: ids.template,
    })
  ).id;
  ids.campaign = (
    await post('/api/v1/campaigns', {
      name: 'Probe campaign',
      segmentId: ids.segment,
      controlPercent: 10,
      steps: [{ channelId: ids.channel, templateId: ids.template }],
      conversionEvent: 'Order Completed',
      attributionWindow: '7d',
    })
  ).id;
  ids.journey = (await post('/api/v1/journeys', { name: 'Probe journey', definition: probeJourney(ids) })).id;
  ids.subscriptionGroup = (await post('/api/v1/subscription-groups', { name: 'Probe topic' })).id;
  ids.pushSubscription = (
    await post(`/api/v1/people/${ids.person}/push-subscriptions`, {
      endpoint: 'https://8.8.8.8/push/probe-seeded',
      keys: PROBE_PUSH_KEYS,
    })
  ).id;
  // Loyalty: a catalogue product and a promotion behind its parameter.
  await api('PUT', '/api/v1/products', {
    products: [{ sku: 'PROBE-SKU', name: 'Probe product', category: 'Probe', price: 10 }],
  });
  ids.promotion = (
    await post('/api/v1/promotions', { name: 'Probe promotion', mechanic: 'gift', params: { giftSku: 'PROBE-SKU' } })
  ).id;

  ids.modelKind = 'churn';
  ids.survey = (await post('/api/v1/surveys', { name: 'Probe survey', type: 'nps' })).id;

  // Service desk: an inbox and a conversation of two client messages, another to merge into, settings records.
  ids.inbox = (await post('/api/v1/inboxes', { name: 'Probe inbox', channel: 'api' })).id;
  const client = (text: string, email = 'probe.client@sec.test') =>
    post(`/api/v1/inboxes/${ids.inbox}/messages`, { from: { email }, text, externalId: `seed-${randomUUID()}` });
  ids.conversation = (await client('Probe first message')).conversationId;
  ids.conversationMessage = (await client('Probe second message')).messageId;
  ids.conversationOther = (await client('Probe other client', 'probe.other@sec.test')).conversationId;
  ids.team = (await post('/api/v1/teams', { name: 'Probe team' })).id;
  ids.routingRule = (
    await post('/api/v1/routing-rules', { name: 'Probe routing', conditions: {}, actions: { priority: 'high' } })
  ).id;
  ids.automationRule = (
    await post('/api/v1/automation-rules', {
      name: 'Probe automation',
      trigger: 'message',
      conditions: { keywords: ['never-in-a-probe'] },
      actions: { set: { priority: 'low' } },
    })
  ).id;
  ids.cannedResponse = (await post('/api/v1/canned-responses', { title: 'Probe canned', body: 'Probe body' })).id;
  ids.macro = (await post('/api/v1/macros', { name: 'Probe macro', actions: { note: 'Probe note' } })).id;
  ids.businessCalendar = (
    await post('/api/v1/business-calendars', { name: 'Probe calendar', timezone: 'UTC', hours: {} })
  ).id;
  ids.slaPolicy = (await post('/api/v1/sla-policies', { name: 'Probe policy', firstResponseMinutes: 60 })).id;
  ids.kbArticle = (await post('/api/v1/kb/articles', { title: 'Probe article', body: 'Probe body', locale: 'en' })).id;
  ids.textLexiconEntry = (await post('/api/v1/text/lexicon', { term: 'probe-seeded-term', score: 1 })).id;
  ids.textTopicRule = (
    await post('/api/v1/text/topics', { key: 'probe-seeded-topic', name: 'Probe topic', keywords: ['probe-seeded'] })
  ).id;
  // Mentions: a source that is off (the periodic poll leaves it alone); a rule on a week-long window
  // raises its alert on the seeded mention, then is turned off, so nothing is raised during probes.
  ids.mentionSource = (
    await post('/api/v1/mention-sources', {
      name: 'Probe source',
      kind: 'rss',
      url: 'https://8.8.8.8/feed.xml',
      enabled: false,
    })
  ).id;
  ids.mentionAlertRule = (
    await post('/api/v1/mention-alert-rules', {
      name: 'Probe rule',
      scope: 'keyword',
      scopeValue: 'probe-alert',
      windowMinutes: 10_080,
      sigma: 0,
      minCount: 1,
    })
  ).id;
  ids.mention = (
    await post('/api/v1/mentions', { source: 'probe', text: 'Ужасный probe-alert, верните деньги! Terrible, refund.' })
  ).id;
  ids.mentionAlert = (await api('GET', '/api/v1/mention-alerts')).json().data[0]?.id;
  if (!ids.mentionAlert) throw new Error('security fixture: the probe mention raised no alert');
  await api('PATCH', `/api/v1/mention-alert-rules/${ids.mentionAlertRule}`, { enabled: false });
  // A solved conversation's CSAT survey, named by its signed token.
  const csatConv = (await client('Probe CSAT question', 'probe.csat@sec.test')).conversationId;
  await env.app.inject({
    method: 'PATCH',
    url: `/api/v1/conversations/${csatConv}`,
    headers: ws.auth,
    payload: { status: 'solved' },
  });
  const survey = await env.kernel.db
    .selectFrom('service_csat')
    .select('id')
    .where('workspace_id', '=', ws.id)
    .where('conversation_id', '=', csatConv)
    .executeTakeFirstOrThrow();
  ids.csatToken = env.kernel.service.csat.token(ws.id, survey.id);
  // The survey goes out as a job (a system message on the conversation, its timeline event): let it
  // land now, or it lands during a probe and reads as a refused request that changed data.
  for (let tries = 0; ; tries++) {
    const sent = await env.kernel.db
      .selectFrom('service_messages')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .where('conversation_id', '=', csatConv)
      .where('author_kind', '=', 'system')
      .executeTakeFirst();
    if (sent) break;
    if (tries > 600) throw new Error('the CSAT survey job did not run');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The same for the analyses of the client messages above (cx feedback, a job after each commit).
  for (let tries = 0; ; tries++) {
    let pending = 0;
    for (const state of ['created', 'retry', 'active'])
      pending += (await env.kernel.jobs.list(ws.id, { name: 'cx.ticket-analysis', state, limit: 1 })).data.length;
    if (!pending) break;
    if (tries > 600) throw new Error('the ticket analysis jobs did not run');
    await new Promise((r) => setTimeout(r, 100));
  }

  const routes = env.app.routeList.filter((r) => !outOfScope(r));
  const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0];
  return {
    env,
    ws,
    ids,
    doc,
    routes,
    api,
    authFor: (r) => (r.url.startsWith('/v1/') ? basic : ws.auth),
    async login() {
      const r = await inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: BROWSER,
        payload: { email: 'probe.admin@sec.test', password: 'probe-admin-password' },
      });
      if (r.statusCode !== 200) throw new Error(`login: ${r.statusCode} ${r.body}`);
      return cookieOf(r as any);
    },
    async snapshot() {
      const { sql } = await import('kysely');
      const tables = (
        await sql<{
          t: string;
        }>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(
          env.kernel.db,
        )
      ).rows.map((r) => r.t);
      const out: Record<string, string> = {};
      for (const t of tables.filter((t) => !VOLATILE_TABLES.test(t))) {
        const r = await sql<{
          h: string;
        }>`SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) AS h FROM (SELECT (to_jsonb(t) - 'last_used_at' - 'last_seen_at')::text AS x FROM ${sql.table(t)} t) s`.execute(
          env.kernel.db,
        );
        out[t] = r.rows[0].h;
      }
      return out;
    },
  };
}

// ---- running and counting probes

export interface Probe {
  label: string;
  request: InjectOptions;
  /** Returns a problem, or null when the answer is right. */
  check: (r: { statusCode: number; body: string; json(): any; headers: Record<string, unknown> }) => string | null;
}

/** "Never a 500, and an error is in the one shape" — the floor every probe's check starts from. */
export function shapeProblem(r: { statusCode: number; body: string }): string | null {
  if (r.statusCode >= 500) return `${r.statusCode} ${r.body.slice(0, 200)}`;
  if (r.statusCode >= 400) {
    let e: any;
    try {
      e = JSON.parse(r.body)?.error;
    } catch {
      e = null;
    }
    if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !Array.isArray(e.details))
      return `${r.statusCode} without the error shape: ${r.body.slice(0, 200)}`;
  }
  return null;
}

export interface Tally {
  tried: number;
  clean: number;
  failed: string[];
}
export const tally = (): Tally => ({ tried: 0, clean: 0, failed: [] });

/** Runs probes a few at a time through app.inject; failures are collected, not thrown. */
export async function runProbes(env: TestEnv, probes: Probe[], t: Tally, concurrency = 6): Promise<void> {
  for (let i = 0; i < probes.length; i += concurrency) {
    await Promise.all(
      probes.slice(i, i + concurrency).map(async (p) => {
        t.tried++;
        const r = await env.app
          .inject(p.request)
          .catch((e: Error) => ({ statusCode: 599, body: `no answer: ${e.message}`, json: () => null, headers: {} }));
        const problem = shapeProblem(r) ?? p.check(r as any);
        if (problem) t.failed.push(`${p.label} → ${problem}`);
        else t.clean++;
      }),
    );
  }
}

export const report = (name: string, t: Tally) =>
  // The closing note of issue 11 quotes these counts.
  console.log(`[security] ${name}: tried ${t.tried}, clean ${t.clean}, failed ${t.failed.length}`);
