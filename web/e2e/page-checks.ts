/**
 * What a walk over every page checks besides the layout (layout-guard.ts): no page error, console
 * error or warning, or API 5xx while the page is open (`watch`); no raw translation key (a
 * `section.key` path of web/src/i18n/en.ts); in Russian, no English text in the app's own chrome
 * (menu, headings, buttons, table headers, labels, tabs, placeholders); no API field name
 * (`ownerId`) where a label belongs; no badge too narrow for its text; no CRM timeline entry titled
 * `person.created`; no bare file input. Demo records may be in English on purpose, so table cells
 * and record text are not judged.
 */
import type { Page } from 'playwright-core';
import en from '../src/i18n/en.ts';
import ru from '../src/i18n/ru.ts';

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
/** Addresses, identifiers and codes read the same in any language: e-mails, URLs, `orders_30d`, `user.*`, RUB. */
const codeLike = (line: string) =>
  /@|:\/\/|…$/.test(line) || /^[a-z0-9_.*:\/-]+$/.test(line) || /^[A-Z]{3}$/.test(line);

export function watch(p: Page, problems: string[]) {
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
export function readPage(p: Page) {
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
      .filter((el) => visible(el) && !el.closest('td, [aria-hidden="true"], [data-user-content]'))
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

export function judge(
  shown: Awaited<ReturnType<typeof readPage>>,
  lang: 'ru' | 'en',
  demoNames: ReadonlySet<string>,
): string[] {
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
        else if (!/[А-Яа-яЁё]/.test(line) && !codeLike(line) && !demoNames.has(line)) {
          const words = line.match(/[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]/g) ?? [];
          const foreign = words.filter((w) => w.length >= 3 && !LATIN_OK.has(w));
          if (foreign.length) found.push(`untranslated chrome in the Russian UI: "${line}"`);
        }
      }
    }
  }
  return [...new Set(found)];
}
