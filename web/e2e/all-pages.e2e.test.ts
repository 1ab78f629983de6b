/**
 * Every page of the web app, in Russian and in English, opened by its address in a real browser on
 * the demo data (detail pages with a real demo record: a person, a company, a deal, a webhook). Each
 * page must finish loading (no spinner left in the main area), raise no page error and log no
 * console error or warning, show no raw translation key (a `section.key` path of web/src/i18n/en.ts)
 * and, in Russian, no English text in the app's own chrome (menu, headings, buttons, table headers,
 * labels, tabs, placeholders), no API field name (`ownerId`) where a label belongs and no badge
 * too narrow for its text, no CRM timeline entry titled `person.created` — demo records may be in English on purpose, so table cells and
 * record text are not judged. The list of routes is checked against web/src/App.tsx, so a new route
 * without a visit here fails. Set ALL_PAGES_SHOTS=/some/dir to keep a 1280×800 screenshot of each
 * page. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { existsSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, ROOT, apiClient, demoSuite } from './harness.ts';
// No loader, then a layout that stands still, then no loader again (instead of a fixed pause between two looks).
import { settled } from './layout-guard.ts';
import en from '../src/i18n/en.ts';
import ru from '../src/i18n/ru.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
// A pristine copy of the demo: the records other files add to the shared workspace would be pages to check too.
demoSuite('all-pages', (s) => ({ base, context, apiKey } = s), { own: true });
const api = apiClient(
  () => base,
  () => apiKey,
);
const SHOTS = process.env.ALL_PAGES_SHOTS;
/** A development build of the UI to walk instead of web/dist (it logs React's warnings, e.g. missing keys): `NODE_ENV=development npx vite build --config web/vite.config.ts --mode development --outDir DIR`. */
const DEV_DIST = process.env.ALL_PAGES_DIST;

// ---- What the translations say ----------------------------------------------------------------

type Tree = { [k: string]: Tree | string | string[] };
/** Every leaf of a translation tree as [path, text]. */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v as Tree, `${prefix}${k}.`),
  );
}
const enTree = en as unknown as Tree;
const ruLeaves = new Map(leaves(ru as unknown as Tree));
/** A dotted word is a raw key when its first two parts name a section of en.ts (`crm.people.…`, `webhooks.statuses.…`, `nav.settings`). */
function isRawKey(token: string): boolean {
  const [first, second] = token.split('.');
  const section = enTree[first!];
  return !!section && typeof section === 'object' && !Array.isArray(section) && second! in section;
}
/** English texts that have a different Russian one: seeing one of them in the Russian UI is a miss. */
const russianTexts = new Set([...ruLeaves.values()].map((v) => v.trim()));
const englishWithRussian = new Set(
  leaves(enTree)
    .filter(([k, v]) => /[A-Za-z]{3}/.test(v) && !v.includes('{{') && ruLeaves.get(k) !== v)
    .map(([, v]) => v.trim())
    .filter((v) => !russianTexts.has(v)), // e.g. “Email”, which the Russian texts use too
);
/** Latin words the Russian UI uses as they are (names of things, formats, protocols; `default` is the demo workspace's slug, shown as an example). */
const LATIN_OK = new Set(
  'Kartoteka API URL URLs Email email CSV JSON HTTP HTTPS POST GET SDK ID id UTM SLA HMAC SHA256 RU EN Bearer Authorization KEY Node js Node.js JavaScript iOS Android Telegram WhatsApp VK Viber MAX Excel default UTF Windows XLSX TSV SMS Push push CDP CRM IP webhook Webhook KB MB ISO'.split(
    ' ',
  ),
);

/** The API names of CRM fields with more than one word (`ownerId`, `lifecycleStage`): the UI shows their labels. */
const API_FIELD_NAMES = new Set(
  leaves(enTree)
    .map(([k]) => k.match(/^crm\.\w+\.fields\.([a-z]+[A-Z]\w*)$/)?.[1])
    .filter((k): k is string => !!k),
);
/** Demo records with English names that the pages show in headings and badges (data, not the app's words). */
const DEMO_NAMES = new Set(['Blue Harbor GmbH', 'Order Completed']);
/** Addresses, identifiers and codes read the same in any language: e-mails, URLs, `orders_30d`, `user.*`, RUB. */
const codeLike = (line: string) =>
  /@|:\/\/|…$/.test(line) || /^[a-z0-9_.*:\/-]+$/.test(line) || /^[A-Z]{3}$/.test(line);

// ---- The routes -------------------------------------------------------------------------------

interface Ids {
  segment: string;
  person: string;
  company: string;
  deal: string;
  webhook: string;
  template: string;
  broadcast: string;
}
const ids: Ids = { segment: '', person: '', company: '', deal: '', webhook: '', template: '', broadcast: '' };

/** Each route of App.tsx with the address that opens it (`:id` filled from the demo). */
const ROUTES: { route: string; path: () => string }[] = [
  { route: '/', path: () => '/' },
  { route: 'people', path: () => '/people' },
  { route: 'people/:id', path: () => `/people/${ids.person}` },
  { route: 'people/duplicates', path: () => '/people/duplicates' },
  { route: 'people/import', path: () => '/people/import' },
  { route: 'companies', path: () => '/companies' },
  { route: 'companies/:id', path: () => `/companies/${ids.company}` },
  { route: 'agenda', path: () => '/agenda' },
  { route: 'deals', path: () => '/deals' },
  { route: 'deals/:id', path: () => `/deals/${ids.deal}` },
  { route: 'activities', path: () => '/activities' },
  { route: 'reports', path: () => '/reports' },
  { route: 'data', path: () => '/data' },
  { route: 'data/sources', path: () => '/data/sources' },
  { route: 'data/events', path: () => '/data/events' },
  { route: 'data/catalogue', path: () => '/data/catalogue' },
  { route: 'data/computed-traits', path: () => '/data/computed-traits' },
  { route: 'segments', path: () => '/segments' },
  { route: 'segments/new', path: () => '/segments/new' },
  { route: 'segments/:id', path: () => `/segments/${ids.segment}` },
  { route: 'segments/:id/edit', path: () => `/segments/${ids.segment}/edit` },
  ...[
    'messaging',
    'messaging/channels',
    'messaging/templates',
    'messaging/templates/new',
    'messaging/broadcasts',
    'messaging/broadcasts/new',
    'messaging/log',
    'messaging/analytics',
  ].map((route) => ({ route, path: () => `/${route}` })),
  { route: 'messaging/templates/:id', path: () => `/messaging/templates/${ids.template}` },
  { route: 'messaging/broadcasts/:id', path: () => `/messaging/broadcasts/${ids.broadcast}` },
  ...['campaigns', 'journeys', 'inbox', 'tickets', 'insights'].map((m) => ({
    route: `module:${m}`,
    path: () => `/${m}`,
  })),
  { route: 'settings', path: () => '/settings' },
  { route: 'settings/profile', path: () => '/settings/profile' },
  { route: 'settings/workspace', path: () => '/settings/workspace' },
  { route: 'settings/users', path: () => '/settings/users' },
  { route: 'settings/roles', path: () => '/settings/roles' },
  { route: 'settings/api-keys', path: () => '/settings/api-keys' },
  { route: 'settings/webhooks', path: () => '/settings/webhooks' },
  { route: 'settings/webhooks/:id', path: () => `/settings/webhooks/${ids.webhook}` },
  { route: 'settings/jobs', path: () => '/settings/jobs' },
  { route: 'settings/audit', path: () => '/settings/audit' },
  { route: 'settings/custom-fields', path: () => '/settings/custom-fields' },
  { route: 'settings/pipelines', path: () => '/settings/pipelines' },
  { route: 'settings/call-scripts', path: () => '/settings/call-scripts' },
  { route: '*', path: () => '/no-such-page' },
];

test('the walk covers every route of App.tsx and every module of nav.ts', () => {
  const app = readFileSync(join(ROOT, 'web/src/App.tsx'), 'utf8');
  const declared = [...app.matchAll(/<Route (?:index|path="([^"]+)")/g)]
    .map((m) => m[1] ?? '/')
    .filter((p) => p !== 'login');
  const covered = new Set(ROUTES.map((r) => r.route));
  expect(declared.filter((p) => !covered.has(p))).toEqual([]);
  const nav = readFileSync(join(ROOT, 'web/src/nav.ts'), 'utf8');
  const paths = [...nav.matchAll(/path: '([^']+)'/g)].map((m) => m[1]!);
  const visited = new Set(ROUTES.map((r) => r.path()));
  expect(paths.filter((p) => !visited.has(p))).toEqual([]);
});

// ---- Looking at one page ----------------------------------------------------------------------

let page: Page;
let problems: string[] = [];

function watch(p: Page) {
  p.on('console', (m) => {
    // Asking who is signed in answers 401 before login; that is how the app finds out, not a fault.
    if (/status of 401/.test(m.text()) && m.location().url?.endsWith('/api/v1/auth/me')) return;
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()} ${m.location().url ?? ''}`.trim());
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 500)
      problems.push(`API ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
}

/** What the page shows: its text (without code samples), and the texts of its chrome. */
function readPage(p: Page) {
  return p.evaluate(() => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || el.tagName === 'BODY';
    const textOf = (root: Element) => {
      const clone = root.cloneNode(true) as Element;
      clone.querySelectorAll('code, pre, kbd, script, style, textarea').forEach((e) => {
        e.remove();
      });
      return (clone as HTMLElement).innerText ?? clone.textContent ?? '';
    };
    const attrs = [...document.querySelectorAll('[placeholder], [aria-label], [title]')]
      .filter((el) => visible(el) && !el.closest('td, [aria-hidden="true"]'))
      .flatMap((el) => ['placeholder', 'aria-label', 'title'].map((a) => el.getAttribute(a) ?? '').filter(Boolean));
    const chromeSel =
      'nav a, header button, h1, h2, h3, h4, h5, h6, button, th, label, legend, [role="tab"], .mantine-SegmentedControl-label, .mantine-Badge-label';
    const chrome = [...document.querySelectorAll(chromeSel)]
      .filter((el) => visible(el) && !el.closest('td, code, pre, [data-user-content]'))
      .map((el) => ((el as HTMLElement).innerText ?? '').trim())
      .filter(Boolean);
    // A badge too narrow for its text (a count showing “8…” for 85).
    const cutBadges = [...document.querySelectorAll('.mantine-Badge-label')]
      .filter((el) => visible(el) && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent ?? '');
    // A CRM timeline entry titled by its event name (`person.created`, `call`) rather than in words.
    const rawEvents = [...document.querySelectorAll('[data-testid="timeline-entry"]')]
      .filter((row) => ['change', 'deal', 'consent', 'activity'].includes(row.getAttribute('data-type') ?? ''))
      .map((row) => [
        row.getAttribute('data-event') ?? '',
        row.querySelector('[data-testid="timeline-title"]')?.textContent ?? '',
      ])
      .filter(([event, title]) => event && title === event)
      .map(([event]) => event!);
    // The browser's own file box reads “Choose File / No file chosen” in the browser's language, whatever the app's is.
    const fileBoxes = [...document.querySelectorAll('input[type="file"]')].filter(visible).length;
    return { text: textOf(document.body), title: document.title, attrs, chrome, cutBadges, rawEvents, fileBoxes };
  });
}

function judge(shown: Awaited<ReturnType<typeof readPage>>, lang: 'ru' | 'en'): string[] {
  const found: string[] = [];
  const all = [shown.text, shown.title, ...shown.attrs].join('\n');
  for (const m of all.matchAll(/(?<![\w@/.-])[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+(?![\w@/-])/g))
    if (isRawKey(m[0])) found.push(`raw i18n key: ${m[0]}`);
  for (const m of shown.text.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g))
    if (API_FIELD_NAMES.has(m[0])) found.push(`API field name instead of its label: ${m[0]}`);
  for (const b of shown.cutBadges) found.push(`badge cut short: "${b}"`);
  if (shown.fileBoxes) found.push(`a bare <input type="file"> (its text is in the browser's language)`);
  for (const e of shown.rawEvents) found.push(`timeline entry titled by its event name: ${e}`);
  if (lang === 'ru') {
    for (const text of [...shown.chrome, ...shown.attrs]) {
      for (const line of text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)) {
        if (englishWithRussian.has(line)) found.push(`English text in the Russian UI: "${line}"`);
        else if (!/[А-Яа-яЁё]/.test(line) && !codeLike(line) && !DEMO_NAMES.has(line)) {
          const words = line.match(/[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]/g) ?? [];
          const foreign = words.filter((w) => w.length >= 3 && !LATIN_OK.has(w));
          if (foreign.length) found.push(`untranslated chrome in the Russian UI: "${line}"`);
        }
      }
    }
  }
  return [...new Set(found)];
}

async function setLanguage(p: Page, lang: 'ru' | 'en') {
  await p.evaluate((l) => localStorage.setItem('kartoteka.lang', l), lang);
}

// ---- The walk ---------------------------------------------------------------------------------

beforeAll(async () => {
  const first = <T>(r: { data: T[] }) => {
    expect(r.data.length).toBeGreaterThan(0);
    return r.data[0]!;
  };
  ids.person = first(await api<{ data: { id: string }[] }>('GET', '/people?limit=1')).id;
  ids.company = first(await api<{ data: { id: string }[] }>('GET', '/companies?limit=1')).id;
  ids.deal = first(await api<{ data: { id: string }[] }>('GET', '/deals?limit=1')).id;
  ids.webhook = first(await api<{ data: { id: string }[] }>('GET', '/webhooks')).id;
  // The demo has no segment: one with conditions of several kinds, for its page and the builder.
  ids.segment = (
    await api<{ id: string }>('POST', '/segments', {
      name: 'Москва, 2+ заказа за 30 дней',
      rule: {
        all: [
          { trait: 'city', op: 'eq', value: 'Москва' },
          { event: 'Order Completed', count: { gte: 2 }, within: '30d' },
          { consent: 'email', purpose: 'marketing', granted: true },
          { not: { crm: 'lifecycleStage', op: 'eq', value: 'churned' } },
        ],
      },
    })
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
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  watch(page);
  if (DEV_DIST) {
    const types: Record<string, string> = {
      js: 'text/javascript',
      css: 'text/css',
      svg: 'image/svg+xml',
      html: 'text/html',
    };
    await context.route(`${base}/**`, async (route) => {
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
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(() => expect(problems.join('\n'), 'problems outside any page check').toBe(''));

async function look(lang: 'ru' | 'en', name: string) {
  await settled(page);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${lang}-${name.replace(/[^a-z0-9]+/gi, '_')}.png`) });
  const found = [...problems, ...judge(await readPage(page), lang)];
  problems = [];
  return found;
}

for (const lang of ['ru', 'en'] as const) {
  describe(`login page in ${lang}`, () => {
    test('reads right', async () => {
      await page.context().clearCookies();
      await page.goto(base + '/');
      await setLanguage(page, lang);
      await page.goto(base + '/');
      await page.getByTestId('login-email').waitFor();
      if (DEV_DIST) {
        const entry = (html: string) => html.match(/<script type="module"[^>]*src="([^"]+)"/)?.[1];
        expect(entry(await page.content())).toBe(entry(readFileSync(join(DEV_DIST, 'index.html'), 'utf8')));
      }
      expect((await look(lang, 'login')).join('\n')).toBe('');
    });
  });
}

describe.each(['ru', 'en'] as const)('every page in %s', (lang) => {
  beforeAll(async () => {
    await page.context().clearCookies();
    await page.goto(base + '/');
    await setLanguage(page, lang);
    await page.goto(base + '/');
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome-card').waitFor();
    // Logging in applies the profile's language; the switch sets it (and saves it to the profile).
    await page.getByTestId(`lang-${lang}`).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    problems = [];
  });

  test.each(ROUTES.map((r) => [r.route, r] as const))('%s', async (_, r) => {
    await page.goto(base + r.path());
    expect((await look(lang, r.route)).join('\n')).toBe('');
  });

  // The server writes one English string per actor (`demo`, `API key "x"`, “Name <email>”) and record
  // types as keys (`crm_merge`); the log shows both in words of the UI's language.
  test('the audit log names who and what in words', async () => {
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
});
