/**
 * The layout guard (layout-guard.ts) over every page of the app and its main dialogs, on the demo
 * data, in Russian and English, at 1280×800 and 1440×900: no clipped text, no overlapping text or
 * chart labels, nothing wider than its box, no untranslated words. The pages come from the app's
 * own menu (web/src/nav.ts: MODULES, DATA, SETTINGS), so a new module's page joins by being there;
 * the record pages (a person, a company, a deal, a webhook) are listed here, and a route of
 * web/src/App.tsx that neither covers fails the first test. The guard itself is checked first on a
 * planted clipped label, a planted overlap and planted chart labels.
 * The same visits run the page checks of page-checks.ts (no page or console error, no API 5xx, no
 * raw key, no English chrome in Russian, …), so each page is opened once per language and size for
 * both. ALL_PAGES_SHOTS=/some/dir keeps a 1280×800 screenshot of each page; ALL_PAGES_DIST=DIR walks
 * a development build of the UI instead of web/dist (it logs React's warnings, e.g. missing keys):
 * `NODE_ENV=development npx vite build --config web/vite.config.ts --mode development --outDir DIR`.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, ROOT, apiClient, demoSuite, newContext } from './harness.ts';
import { layoutProblems, settled } from './layout-guard.ts';
import { judge, readPage, watch } from './page-checks.ts';
import { DATA, MODULES, SETTINGS } from '../src/nav.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
// A pristine copy of the demo: the records other files add to the shared workspace would be pages to guard too.
demoSuite('layout-guard', (s) => ({ base, context, apiKey } = s), { own: true });
const api = apiClient(
  () => base,
  () => apiKey,
);

const ids = {
  person: '',
  company: '',
  deal: '',
  webhook: '',
  segment: '',
  template: '',
  broadcast: '',
  campaign: '',
  draftCampaign: '',
  promotion: '',
  journey: '',
  draftJourney: '',
  conversation: '',
  survey: '',
};
/** The messaging pages besides its menu entry (which opens the broadcasts). */
const MESSAGING_PAGES = [
  'messaging/channels',
  'messaging/templates',
  'messaging/templates/new',
  'messaging/broadcasts',
  'messaging/broadcasts/new',
  'messaging/log',
  'messaging/analytics',
];
/** Every page: the home page, the menu's pages, then the record pages and the pages reached from a list. */
const PAGES: { route: string; path: () => string }[] = [
  { route: '/', path: () => '/' },
  ...[...MODULES, ...DATA, ...SETTINGS].map((m) => ({ route: m.path.slice(1), path: () => m.path })),
  { route: 'people/:id', path: () => `/people/${ids.person}` },
  { route: 'people/duplicates', path: () => '/people/duplicates' },
  { route: 'people/import', path: () => '/people/import' },
  { route: 'companies/:id', path: () => `/companies/${ids.company}` },
  { route: 'deals/:id', path: () => `/deals/${ids.deal}` },
  { route: 'settings/webhooks/:id', path: () => `/settings/webhooks/${ids.webhook}` },
  { route: 'segments/new', path: () => '/segments/new' },
  { route: 'segments/:id', path: () => `/segments/${ids.segment}` },
  { route: 'segments/:id/edit', path: () => `/segments/${ids.segment}/edit` },
  ...MESSAGING_PAGES.map((route) => ({ route, path: () => `/${route}` })),
  { route: 'messaging/templates/:id', path: () => `/messaging/templates/${ids.template}` },
  { route: 'messaging/broadcasts/:id', path: () => `/messaging/broadcasts/${ids.broadcast}` },
  { route: 'campaigns/new', path: () => '/campaigns/new' },
  { route: 'campaigns/:id', path: () => `/campaigns/${ids.campaign}` },
  { route: 'campaigns/:id (a draft: its estimate)', path: () => `/campaigns/${ids.draftCampaign}` },
  { route: 'campaigns/:id/edit', path: () => `/campaigns/${ids.draftCampaign}/edit` },
  { route: 'promotions/new', path: () => '/promotions/new' },
  { route: 'promotions/products', path: () => '/promotions/products' },
  { route: 'promotions/:id', path: () => `/promotions/${ids.promotion}` },
  { route: 'journeys/new', path: () => '/journeys/new' },
  { route: 'journeys/:id', path: () => `/journeys/${ids.journey}` },
  { route: 'journeys/:id (a draft)', path: () => `/journeys/${ids.draftJourney}` },
  { route: 'insights/models/:kind', path: () => '/insights/models/churn' },
  { route: 'insights/scores', path: () => '/insights/scores' },
  { route: 'insights/at-risk', path: () => '/insights/at-risk' },
  { route: 'inbox/:id', path: () => `/inbox/${ids.conversation}` },
  { route: 'inbox/dashboard', path: () => '/inbox/dashboard' },
  { route: 'inbox/reports', path: () => '/inbox/reports' },
  { route: 'inbox/kb', path: () => '/inbox/kb' },
  { route: 'surveys/:id', path: () => `/surveys/${ids.survey}` },
  { route: 'mentions/sources', path: () => '/mentions/sources' },
  { route: 'mentions/alerts', path: () => '/mentions/alerts' },
  ...['teams', 'canned', 'routing', 'automation', 'macros', 'sla'].map((tab) => ({
    route: `settings/service/:tab (${tab})`,
    path: () => `/settings/service/${tab}`,
  })),
  { route: '*', path: () => '/no-such-page' },
];
/** Routes that only redirect (to a page walked here) or are walked apart (the login page). */
const REDIRECTS = new Set(['login', 'data', 'settings']);

/** The demo's records whose names are Latin on purpose (a German company, a tracked event's name): data, not the app's words. */
const DEMO_NAMES = ['Blue Harbor GmbH', 'Order Completed'];
const DEMO_NAME_SET = new Set(DEMO_NAMES);
const SHOTS = process.env.ALL_PAGES_SHOTS;
const DEV_DIST = process.env.ALL_PAGES_DIST;
/** What the open page did wrong outside its layout (console errors, page errors, API 5xx): page-checks.ts `watch`. */
const problems: string[] = [];
/** A browser tab and what `watch` collects on it. */
type Tab = { page: Page; problems: string[] };
/** Everything found on the page as it stands: layout, then the page checks, then what `watch` collected since the last look. */
async function look(lang: 'ru' | 'en', scope?: string, tab: Tab = { page, problems }): Promise<string> {
  const found = [
    ...(await layoutProblems(tab.page, { lang, dataTexts: DEMO_NAMES, ...(scope ? { scope } : {}) })),
    ...judge(await readPage(tab.page), lang, DEMO_NAME_SET),
    ...tab.problems.splice(0),
  ];
  return [...new Set(found)].join('\n');
}

/** A segment with a condition of several kinds, for its detail page and the builder (the demo has none). */
const SEGMENT_RULE = {
  all: [
    { trait: 'city', op: 'eq', value: 'Москва' },
    {
      event: 'Order Completed',
      where: [{ property: 'total', op: 'gte', value: 1000 }],
      count: { gte: 2 },
      within: '30d',
    },
    { consent: 'email', purpose: 'marketing', granted: true },
    {
      any: [
        { crm: 'lifecycleStage', op: 'in', value: ['customer', 'prospect'] },
        { not: { deal: { status: 'lost' } } },
      ],
    },
  ],
};

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

let page: Page;

test('every route of App.tsx is walked (the menu’s pages join by themselves)', () => {
  const app = readFileSync(join(ROOT, 'web/src/App.tsx'), 'utf8');
  const declared = [...app.matchAll(/<Route (?:index|path="([^"]+)")/g)]
    .map((m) => m[1] ?? '/')
    .filter((p) => !REDIRECTS.has(p));
  const covered = new Set(PAGES.map((p) => p.route));
  expect(declared.filter((p) => !covered.has(p))).toEqual([]);
  // The placeholder pages of modules still to come are routed from MODULES too.
  for (const m of MODULES) expect(covered.has(m.path.slice(1))).toBe(true);
});

beforeAll(async () => {
  const first = async (path: string) => {
    const r = await api<{ data: { id: string }[] }>('GET', path);
    expect(r.data.length, path).toBeGreaterThan(0);
    return r.data[0]!.id;
  };
  ids.person = await first('/people?limit=1');
  ids.company = await first('/companies?limit=1');
  ids.deal = await first('/deals?limit=1');
  ids.webhook = await first('/webhooks');
  ids.segment = (
    await api<{ id: string }>('POST', '/segments', { name: 'Москва, 2+ заказа за 30 дней', rule: SEGMENT_RULE })
  ).id;
  // Messaging: a channel (a public address: nothing connects to it), a template and a draft broadcast to that segment.
  const channel = await api<{ id: string }>('POST', '/channels', {
    type: 'email',
    name: 'Рассылки магазина',
    config: { host: '93.184.216.34', port: 587, secure: false, from: 'Магазин <news@example.com>' },
  });
  ids.template = (
    await api<{ id: string }>('POST', '/templates', {
      channel: 'email',
      name: 'Осенняя распродажа',
      subject: 'Скидки для {{ person.firstName }}',
      body: '<mjml><mj-body><mj-section><mj-column><mj-text>Здравствуйте, {{ person.firstName }}!</mj-text></mj-column></mj-section></mj-body></mjml>',
    })
  ).id;
  ids.broadcast = (
    await api<{ id: string }>('POST', '/broadcasts', {
      name: 'Осенняя распродажа — Москва',
      segmentId: ids.segment,
      channelId: channel.id,
      templateId: ids.template,
    })
  ).id;
  // Campaigns: a draft to that segment (its estimate and the wizard on it); the results page of a
  // finished demo campaign when the demo has one, else of the draft.
  ids.draftCampaign = (
    await api<{ id: string }>('POST', '/campaigns', {
      name: 'Осенняя распродажа — кампания',
      segmentId: ids.segment,
      controlPercent: 10,
      steps: [{ channelId: channel.id, templateId: ids.template }],
      conversionEvent: 'Order Completed',
      attributionWindow: '7d',
      costPerMessage: 1.5,
    })
  ).id;
  const finished = await api<{ data: { id: string }[] }>('GET', '/campaigns?status=finished&limit=1');
  ids.campaign = finished.data[0]?.id ?? ids.draftCampaign;
  ids.promotion = (
    await api<{ id: string }>('POST', '/promotions', {
      name: 'Третий кофе в подарок',
      description: 'Купите два кофе — третий бесплатно',
      mechanic: 'buy_n_get_m',
      params: { n: 2, m: 1 },
      geography: { regions: ['Москва'], cities: [], stores: [] },
      limitPerPerson: 3,
    })
  ).id;
  // Journeys: a draft of several kinds of steps (its editor); a published demo journey when the demo
  // has one (its live counts), else the draft.
  ids.draftJourney = (
    await api<{ id: string }>('POST', '/journeys', {
      name: 'Приветственная серия',
      description: 'Письмо после регистрации, напоминание и бонус постоянным',
      definition: {
        entry: { event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 1000 }] },
        steps: [
          { id: 'wait_1', type: 'wait', duration: '2d', next: 'branch_1' },
          {
            id: 'branch_1',
            type: 'branch',
            rule: { all: [{ trait: 'city', op: 'eq', value: 'Москва' }] },
            yes: 'send_1',
            no: 'split_1',
          },
          { id: 'send_1', type: 'send', channelId: channel.id, templateId: ids.template, next: 'end' },
          {
            id: 'split_1',
            type: 'split',
            branches: [
              { key: 'A', share: 50, next: 'give_points_1' },
              { key: 'B', share: 50, next: 'end' },
            ],
          },
          { id: 'give_points_1', type: 'give_points', points: 500, reason: 'Приветственный бонус', next: 'end' },
        ],
        goal: { event: 'Order Completed', within: '7d' },
        controlPercent: 10,
      },
    })
  ).id;
  const activeJourney = await api<{ data: { id: string }[] }>('GET', '/journeys?status=active&limit=1');
  ids.journey = activeJourney.data[0]?.id ?? ids.draftJourney;
  // Service desk: a demo conversation when the demo has one, else one through the API channel.
  const conversation = await api<{ data: { id: string }[] }>('GET', '/conversations?limit=1');
  ids.conversation = conversation.data[0]?.id ?? '';
  if (!ids.conversation) {
    const inbox = await api<{ id: string }>('POST', '/inboxes', { name: 'Обращения с сайта', channel: 'api' });
    const m = await api<{ conversationId: string }>('POST', `/inboxes/${inbox.id}/messages`, {
      from: { email: 'anna.petrova@example.com' },
      subject: 'Не пришёл заказ',
      text: 'Здравствуйте! Заказ №1042 должен был прийти вчера, но его нет.',
      externalId: 'layout-guard-1',
    });
    ids.conversation = m.conversationId;
  }
  // Surveys: the demo's monthly NPS when there, else a fresh one.
  const surveys = await api<{ data: { id: string }[] }>('GET', '/surveys?limit=1');
  ids.survey =
    surveys.data[0]?.id ?? (await api<{ id: string }>('POST', '/surveys', { name: 'Ежемесячный NPS', type: 'nps' })).id;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page, problems);
  await serveDevDist(context);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

/** ALL_PAGES_DIST: the context's pages load the UI from that development build (the API from the server). */
async function serveDevDist(ctx: BrowserContext) {
  if (DEV_DIST) {
    const types: Record<string, string> = {
      js: 'text/javascript',
      css: 'text/css',
      svg: 'image/svg+xml',
      html: 'text/html',
    };
    await ctx.route(`${base}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path.startsWith('/api/') || path === '/healthz') return route.continue();
      const file = join(DEV_DIST, path);
      const found = path !== '/' && existsSync(file) && statSync(file).isFile() ? file : join(DEV_DIST, 'index.html');
      await route.fulfill({
        body: readFileSync(found),
        contentType: types[found.split('.').pop()!] ?? 'application/octet-stream',
      });
    });
  }
}

// ---- The guard catches what it is for ---------------------------------------------------------

describe('the guard itself', () => {
  const planted = (body: string) =>
    page.setContent(
      `<!doctype html><html lang="ru"><head><style>body{font:14px sans-serif;margin:0} .box{width:120px;overflow:hidden;white-space:nowrap}</style></head><body>${body}</body></html>`,
    );

  test('the page checks report a console error, English chrome in Russian, a raw key and a bare file box', async () => {
    problems.length = 0;
    await planted(`
      <h2>Cancel job</h2>
      <p>ownerId</p>
      <p>Откройте crm.people.title</p>
      <input type="file" />`);
    await page.evaluate(() => console.error('planted failure'));
    const found = judge(await readPage(page), 'ru', DEMO_NAME_SET).join('\n');
    expect(found).toMatch(/English text in the Russian UI: "Cancel job"/);
    expect(found).toMatch(/raw i18n key: crm\.people\.title/);
    expect(found).toMatch(/a bare <input type="file">/);
    expect(judge(await readPage(page), 'en', DEMO_NAME_SET).join('\n')).not.toMatch(/Cancel job/);
    await expect.poll(() => problems.join('\n')).toMatch(/console error: planted failure/);
    problems.length = 0;
  });

  test('reports a planted clipped label and a planted overlap', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await planted(`
      <div class="box" data-testid="clipped">Среднее время на этапе сделки</div>
      <div style="position:relative;height:40px;margin-top:20px">
        <span style="position:absolute;left:0;top:0">Выиграно сделок</span>
        <span style="position:absolute;left:30px;top:2px">Сумма продаж</span>
      </div>`);
    const found = await layoutProblems(page, { lang: 'ru' });
    expect(found.some((p) => p.startsWith('text clipped') && p.includes('Среднее время'))).toBe(true);
    expect(
      found.some((p) => p.startsWith('text overlaps') && p.includes('Выиграно сделок') && p.includes('Сумма продаж')),
    ).toBe(true);
    expect(found).toHaveLength(2);
  });

  test('passes the same label cut with an ellipsis and a title, and text side by side', async () => {
    await planted(`
      <div class="box" style="text-overflow:ellipsis" title="Среднее время на этапе сделки">Среднее время на этапе сделки</div>
      <div style="display:flex;gap:8px"><span>Выиграно сделок</span><span>Сумма продаж</span></div>
      <div style="width:120px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis">Без подсказки, но с многоточием</div>`);
    const found = await layoutProblems(page, { lang: 'ru' });
    // The last one has an ellipsis but nothing names the whole text: that is still a defect.
    expect(found).toEqual([expect.stringMatching(/^cut with an ellipsis but no title/)]);
  });

  test('reports chart labels that touch, a card wider than its box, a page wider than the window and untranslated words', async () => {
    await planted(`
      <svg width="300" height="40"><text x="10" y="20">30 млн</text><text x="52" y="20">60 млн</text><text x="200" y="20">90 млн</text></svg>
      <div class="mantine-Card-root" style="width:200px"><table style="width:400px"><tr><td>Сервис</td></tr></table></div>
      <div style="width:1400px">Широко</div>
      <p><span>person.created</span> <span>web_form</span> <span>crm.reports.title</span></p>
      <h3>5 rows</h3>
      <div>email · marketing · web_form</div>`);
    const found = (await layoutProblems(page, { lang: 'ru' })).join('\n');
    expect(found).toMatch(/chart labels overlap: "30 млн" × "60 млн"/);
    expect(found).not.toMatch(/90 млн/);
    expect(found).toMatch(/wider than its box by 200px/);
    expect(found).toMatch(/the page is wider than the window/);
    expect(found).toMatch(/raw event\/enum name shown: person\.created/);
    expect(found).toMatch(/raw event\/enum name shown: web_form/);
    expect(found).toMatch(/raw i18n key: crm\.reports\.title/);
    expect(found).toMatch(/Latin words in the Russian UI: "5 rows"/);
    expect(found).toMatch(/raw API values in the Russian UI: "email · marketing · web_form"/);
  });

  test('reports content past a scroller with no visible scrollbar, a squeezed badge, a raw value in Russian and a cut toast', async () => {
    await planted(`
      <div data-testid="hidden-bar" style="width:300px;overflow-x:auto;scrollbar-width:none"><table style="width:600px"><tr><td>Январь</td><td style="text-align:right">131 000 ₽</td></tr></table></div>
      <div data-testid="native-bar" style="width:300px;overflow-x:auto"><table style="width:600px"><tr><td>Февраль</td><td style="text-align:right">95 000 ₽</td></tr></table></div>
      <div style="display:flex;width:200px;gap:4px">
        <span style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0;flex:1 1 auto" title="Поставка оборудования для сети аптек на год">Поставка оборудования для сети аптек на год</span>
        <span class="mantine-Badge-root" style="overflow:hidden;min-width:0;flex:0 1 80px"><span class="mantine-Badge-label" style="display:block;overflow:hidden;white-space:nowrap;text-overflow:ellipsis" title="ВЫИГРАНА">ВЫИГРАНА</span></span>
      </div>
      <div><span class="mantine-Badge-root"><span class="mantine-Badge-label">track</span></span></div>
      <button style="position:absolute;right:10px;top:70px">Импорт</button>
      <div class="mantine-Notifications-root"><div class="mantine-Notification-root" style="position:fixed;right:-120px;top:60px;width:300px;height:60px">Импорт запущен</div></div>`);
    const found = (await layoutProblems(page, { lang: 'ru' })).join('\n');
    expect(found).toMatch(/content cut at the edge with no visible scrollbar \("131 000 ₽" past it\).*hidden-bar/);
    expect(found).not.toMatch(/95 000/);
    expect(found).toMatch(/badge cut: .*ВЫИГРАНА/);
    expect(found).toMatch(/raw value shown untranslated: track/);
    expect(found).toMatch(/notification cut at the window edge/);
    expect(found).toMatch(/notification covers a control: .* over <button> "Импорт"/);
    // In English the protocol word is the translation itself.
    expect((await layoutProblems(page, { lang: 'en' })).join('\n')).not.toMatch(/raw value/);
  });
});

// ---- Every page, both languages, both sizes ---------------------------------------------------

async function login(lang: 'ru' | 'en', p: Page = page) {
  await p.context().clearCookies();
  await p.goto(base + '/');
  await p.evaluate((l) => localStorage.setItem('kartoteka.lang', l), lang);
  await p.goto(base + '/');
  await p.getByTestId('login-email').fill(ADMIN.email);
  await p.getByTestId('login-password').fill(ADMIN.password);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('welcome-card').waitFor();
  await p.getByTestId(`lang-${lang}`).click();
  await p.waitForFunction((l) => document.documentElement.lang === l, lang);
}

// Both sizes on one load of each page: opening and settling a page is most of a look's cost, and
// a resize lays the same data out again (the app's media queries follow it). Both languages at
// once, a tab each in a browser context of its own (the language is kept in localStorage, which a
// context's tabs share): one tab waits for the server while the other lays out. On this 2-core
// box a page took a median 1.9 s per language one after the other, and 2.1 s for both at once.
describe(`every page in ru and en at ${VIEWPORTS.map((v) => `${v.width}×${v.height}`).join(' and ')}`, () => {
  const tabs = {} as Record<'ru' | 'en', Tab>;
  let second: Awaited<ReturnType<typeof newContext>> | null = null;
  beforeAll(async () => {
    second = await newContext(VIEWPORTS[0]);
    await serveDevDist(second.context);
    const enPage = await second.context.newPage();
    enPage.setDefaultTimeout(30_000);
    tabs.ru = { page, problems };
    tabs.en = { page: enPage, problems: [] };
    watch(enPage, tabs.en.problems);
    await page.setViewportSize(VIEWPORTS[0]);
    await Promise.all([login('ru', page), login('en', enPage)]);
  });
  afterAll(async () => {
    await second?.context.close().catch(() => {});
    await second?.browser.close().catch(() => {});
  });
  /** One page in one language at both sizes: what the guard and the page checks found. */
  const visit = async (lang: 'ru' | 'en', path: string, route: string) => {
    const tab = tabs[lang];
    tab.problems.length = 0; // what the previous page left behind was reported there
    await tab.page.setViewportSize(VIEWPORTS[0]);
    await tab.page.goto(base + path);
    const found: string[] = [];
    for (const vp of VIEWPORTS) {
      await tab.page.setViewportSize(vp);
      await settled(tab.page);
      if (SHOTS && vp.width === 1280)
        await tab.page.screenshot({ path: join(SHOTS, `${lang}-${route.replace(/[^a-z0-9]+/gi, '_')}.png`) });
      const seen = await look(lang, undefined, tab);
      if (seen) found.push(`${lang} at ${vp.width}×${vp.height}:\n${seen}`);
    }
    return found;
  };
  test.each(PAGES.map((p) => [p.route, p] as const))('%s', async (_, p) => {
    const path = p.path();
    const found = await Promise.all([visit('ru', path, p.route), visit('en', path, p.route)]);
    expect(found.flat().join('\n')).toBe('');
  });
  for (const lang of ['ru', 'en'] as const) auditLogInWords(lang, () => tabs[lang].page);
});

/** The server writes one English string per actor (`demo`, `API key "x"`, “Name <email>”) and record types as keys (`crm_merge`); the log shows both in words of the UI's language. */
function auditLogInWords(lang: 'ru' | 'en', tabPage: () => Page) {
  test(`the audit log names who and what in words (${lang})`, async () => {
    const page = tabPage();
    await page.goto(base + '/settings/audit');
    await page.getByTestId('audit-table').waitFor();
    const actors = await page
      .getByTestId('audit-actor')
      .evaluateAll((els) =>
        els.map((e) => ({ type: (e as HTMLElement).dataset.actorType, text: e.textContent ?? '' })),
      );
    expect(actors.length).toBeGreaterThan(0);
    for (const a of actors)
      expect(a.text).not.toMatch(
        /^(system|demo|reminders|pbx|CLI|default pipeline)$|^API key "|^source "|^import |<.+@.+>/,
      );
    if (lang === 'ru') for (const a of actors.filter((x) => x.type === 'system')) expect(a.text).toMatch(/[А-Яа-яЁё]/);
    const types = await page.getByTestId('audit-entity-type').allInnerTexts();
    expect(types.length).toBeGreaterThan(0);
    for (const x of types) expect(x).not.toMatch(/^[a-z]+(_[a-z]+)*$/);
    if (lang === 'ru') for (const x of types) expect(x).toMatch(/[А-Яа-яЁё]/);
  });
}

for (const lang of ['ru', 'en'] as const) {
  describe(`the login page in ${lang}`, () => {
    for (const vp of VIEWPORTS)
      test(`at ${vp.width}×${vp.height}`, async () => {
        await page.setViewportSize(vp);
        await page.context().clearCookies();
        await page.goto(base + '/');
        await page.evaluate((l) => localStorage.setItem('kartoteka.lang', l), lang);
        await page.goto(base + '/');
        await page.getByTestId('login-email').waitFor();
        if (DEV_DIST && vp.width === 1280) {
          const entry = (html: string) => html.match(/<script type="module"[^>]*src="([^"]+)"/)?.[1];
          expect(entry(await page.content())).toBe(entry(readFileSync(join(DEV_DIST, 'index.html'), 'utf8')));
        }
        await settled(page, 'body');
        // Asking who is signed in answers 401 before login: how the app finds out, not a fault (page-checks.ts).
        expect(await look(lang)).toBe('');
      });
  });
}

// ---- The main dialogs ---------------------------------------------------------------------------

/** Opens a dialog from a page; the guard then judges what is inside it. */
const DIALOGS: { name: string; open: () => Promise<void> }[] = [
  {
    name: 'new person',
    open: async () => {
      await page.goto(base + '/people');
      await page.getByTestId('people-new').click();
    },
  },
  {
    name: 'adjust bonus points',
    open: async () => {
      await page.goto(`${base}/people/${ids.person}`);
      await page.getByTestId('points-adjust').click();
    },
  },
  {
    name: 'edit person',
    open: async () => {
      await page.goto(`${base}/people/${ids.person}`);
      await page.getByTestId('person-edit-top').click();
    },
  },
  {
    name: 'log a call with its script',
    open: async () => {
      await page.goto(`${base}/people/${ids.person}`);
      await page.getByTestId('person-page').getByTestId('log-activity').first().click();
      await page.getByTestId('activity-kind-call').click();
      const script = page.getByTestId('activity-script');
      await script.click();
      // Choosing a script opens it beside the form.
      await page.getByRole('option').first().click();
      await page.getByTestId('call-script-panel').waitFor();
    },
  },
  {
    name: 'consent history',
    open: async () => {
      await page.goto(`${base}/people/${ids.person}`);
      await page.getByTestId('consent-history-open').click();
    },
  },
  {
    name: 'new deal',
    open: async () => {
      await page.goto(base + '/deals');
      await page.getByTestId('new-deal').click();
    },
  },
  {
    name: 'new company',
    open: async () => {
      await page.goto(base + '/companies');
      await page.getByTestId('companies-new').click();
    },
  },
  {
    name: 'new messaging channel',
    open: async () => {
      await page.goto(base + '/messaging/channels');
      await page.getByTestId('channels-new').first().click();
    },
  },
  {
    name: 'publish a journey',
    open: async () => {
      await page.goto(`${base}/journeys/${ids.draftJourney}`);
      await page.getByTestId('journey-publish').click();
    },
  },
  {
    name: 'new service inbox',
    open: async () => {
      await page.goto(base + '/settings/service');
      await page.getByTestId('inbox-new').click();
    },
  },
  {
    name: 'global search with results',
    open: async () => {
      await page.goto(base + '/');
      await page.getByTestId('welcome-card').waitFor();
      await page.keyboard.press('Control+k');
      await page.getByTestId('global-search-input').fill('ан');
      await page.getByTestId('global-search-hit').first().waitFor();
    },
  },
];

for (const lang of ['ru', 'en'] as const) {
  describe(`the main dialogs in ${lang} at 1280×800`, () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await login(lang);
    });
    test.each(DIALOGS.map((d) => [d.name, d] as const))('%s', async (_, d) => {
      problems.length = 0;
      await d.open();
      const dialog = page.getByRole('dialog').last();
      await dialog.waitFor();
      await settled(page, '[role="dialog"]');
      // Modals and drawers slide in: judge them once they stand still.
      await expect
        .poll(
          () =>
            dialog.evaluate(
              (el) => getComputedStyle(el.closest('.mantine-Modal-content, .mantine-Drawer-content') ?? el).transform,
            ),
          { timeout: 10_000 },
        )
        .toMatch(/^(none|matrix\(1, 0, 0, 1, 0, 0\))$/);
      expect(await look(lang, '[role="dialog"]:last-of-type')).toBe('');
      await page.keyboard.press('Escape');
    });
  });
}
