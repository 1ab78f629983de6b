/**
 * The layout guard: what a person sees on a loaded page (or in an open dialog) that looks broken.
 *
 * `layoutProblems(page, { lang })` returns one line per defect (empty when the screen is clean):
 * - **clipped text**: an element that hides its overflow (`overflow: hidden | clip`) while its text
 *   is wider or taller than its box, unless it ends in an ellipsis (`text-overflow: ellipsis`, or a
 *   `-webkit-line-clamp`) *and* says the whole text in a `title`/`aria-label` (on itself or on one
 *   of its three nearest ancestors) or in `data-full-text`;
 * - **overlapping text**: two visible text runs of different elements whose boxes cross (glyph
 *   boxes of the text, clipped to what their scroll containers show; a run under a pinned header
 *   or a badge drawn on an avatar is a different layer and is not compared);
 * - **horizontal overflow**: the page wider than the window, or a card / the main area wider than
 *   its box (a table that needs more room must scroll inside a Table.ScrollContainer);
 * - **chart labels overlapping**: ECharts draws with the SVG renderer (components/crm/EChart.tsx),
 *   so its `<text>` nodes are text runs like any other (touching counts: "30 млн60 млн");
 * - **untranslated words**: a raw i18n key (`crm.people.title`), a raw event or enum name shown as
 *   a whole label (`person.created`, `deal.stage_changed`, `web_form`), a Russian text of the
 *   translations in the English UI or an English one in the Russian UI, and in the Russian UI a
 *   label of Latin words outside records' own data (names, e-mails, code).
 *
 * Elements marked `data-guard-ignore` (and what is inside them) are not judged: use it for what is
 * meant to be cut or stacked, and say why beside it.
 */
import type { Page } from 'playwright-core';
import en from '../src/i18n/en.ts';
import ru from '../src/i18n/ru.ts';

type Tree = { [k: string]: Tree | string | string[] };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [[prefix + k, v] as [string, string]]
      : Array.isArray(v)
        ? []
        : leaves(v as Tree, `${prefix}${k}.`),
  );
}
const enLeaves = leaves(en as unknown as Tree);
const ruLeaves = leaves(ru as unknown as Tree);
const ruByKey = new Map(ruLeaves);
const enByKey = new Map(enLeaves);
/** The sections of en.ts: a dotted word starting with one of them (and a key under it) is a raw key. */
const SECTIONS = Object.fromEntries(
  Object.entries(en as unknown as Tree)
    .filter(([, v]) => typeof v === 'object' && !Array.isArray(v))
    .map(([k, v]) => [k, Object.keys(v as Tree)]),
);
const plain = (v: string) => !v.includes('{{') && v.trim().length >= 4;
/** Texts only one language has: an English one seen in the Russian UI (or the reverse) leaked. */
const ruTexts = new Set(ruLeaves.map(([, v]) => v.trim()));
const enTexts = new Set(enLeaves.map(([, v]) => v.trim()));
const EN_ONLY = enLeaves
  .filter(([k, v]) => plain(v) && /[A-Za-z]{3}/.test(v) && ruByKey.get(k) !== v && !ruTexts.has(v.trim()))
  .map(([, v]) => v.trim());
const RU_ONLY = ruLeaves
  .filter(([k, v]) => plain(v) && /[А-Яа-яЁё]{3}/.test(v) && enByKey.get(k) !== v && !enTexts.has(v.trim()))
  .map(([, v]) => v.trim());

/**
 * Raw values the translations name in words: a key whose English text is the key itself (the
 * event type `track`) while Russian says it otherwise («действие»). Such a value shown as a whole
 * label in the Russian UI is untranslated, however short or lower-case it is.
 */
const RAW_VALUES = enLeaves
  .filter(([k, v]) => {
    const last = k.split('.').pop()!;
    return v === last && /^[a-z][a-z_]*$/.test(v) && !!ruByKey.get(k) && ruByKey.get(k) !== v;
  })
  .map(([, v]) => v);

/**
 * Latin words the Russian UI uses as they are: product and protocol names, formats, units, and the
 * demo's own names that are Latin on purpose. Keep it short — a word here is never checked again.
 */
export const LATIN_OK = [
  ...'Kartoteka API URL URLs Email email E-mail CSV JSON HTTP HTTPS POST GET PUT PATCH DELETE SDK ID UTM SLA HMAC SHA256 RU EN Bearer Authorization Node JavaScript TypeScript iOS Android Telegram WhatsApp VK Viber MAX Excel UTF XLSX TSV SMS Push CDP CRM IP Webhook webhook KB MB GB ISO PBX LTV RFM NPS CSAT AUC OAuth Segment RudderStack OpenAPI Swagger Mantine Chrome Chromium'.split(
    ' ',
  ),
  // Units and currency codes.
  ...'ms RUB USD EUR KZT'.split(' '),
];

export interface GuardOptions {
  lang: 'ru' | 'en';
  /** Only judge what is inside this element (e.g. an open dialog): a CSS selector. */
  scope?: string;
  /** More Latin words allowed in the Russian UI. */
  latinOk?: string[];
  /** Whole texts that are records' data, not the app's words (the demo's Latin company and event names). */
  dataTexts?: string[];
}

/** Runs every check on what the page shows now; returns the defects found, one line each. */
export async function layoutProblems(page: Page, opts: GuardOptions): Promise<string[]> {
  const args: InPageArgs = {
    lang: opts.lang,
    scope: opts.scope ?? null,
    latinOk: [...LATIN_OK, ...(opts.latinOk ?? [])],
    sections: SECTIONS,
    foreign: opts.lang === 'ru' ? EN_ONLY : RU_ONLY,
    rawValues: opts.lang === 'ru' ? [...new Set(RAW_VALUES)] : [],
    dataTexts: opts.dataTexts ?? [],
  };
  // Sent as source text: a transpiler that keeps function names (esbuild's keepNames) calls a
  // `__name` helper the page does not have, so the page gets a stand-in.
  const found = (await page.evaluate(
    `(() => { const __name = (f) => f; return (${inPage.toString()})(${JSON.stringify(args)}); })()`,
  )) as string[];
  return [...new Set(found)];
}

interface InPageArgs {
  lang: 'ru' | 'en';
  scope: string | null;
  latinOk: string[];
  sections: Record<string, string[]>;
  foreign: string[];
  /** Values the translations name in words (`track`): shown raw, they are untranslated. */
  rawValues: string[];
  dataTexts: string[];
}

/** Runs in the browser (serialised by playwright: no closures over this module). */
function inPage({ lang, scope, latinOk, sections, foreign, rawValues, dataTexts }: InPageArgs): string[] {
  const out: string[] = [];
  const root: Element = (scope && document.querySelector(scope)) || document.body;
  const ignored = (el: Element) => !!el.closest('[data-guard-ignore]');
  const describe = (el: Element) => {
    const tid = el.closest('[data-testid]')?.getAttribute('data-testid');
    const text = ((el as HTMLElement).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const cls =
      (typeof el.className === 'string' ? el.className : '').split(/\s+/).find((c) => c.startsWith('mantine-')) ?? '';
    return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${tid ? ` in [${tid}]` : ''}> "${text}"`;
  };
  const visibleStyle = (el: Element) => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && s.visibility !== 'collapse' && Number(s.opacity) > 0.05;
  };
  /** Shown at all: rendered, not hidden by an ancestor, not a screen-reader-only box. */
  const shown = (el: Element) => {
    if (el.closest('[aria-hidden="true"], [hidden], template, script, style, noscript')) return false;
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement)
      if (!visibleStyle(e)) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2;
  };
  type Box = { l: number; t: number; r: number; b: number };
  const clipCache = new Map<Element, Box | null>();
  /** The part of the page an element can show through its ancestors' clipping (null: nothing). */
  const clipOf = (el: Element | null): Box | null => {
    if (!el || el === document.documentElement || el === document.body) return { l: -1e9, t: -1e9, r: 1e9, b: 1e9 };
    if (clipCache.has(el)) return clipCache.get(el)!;
    let box = clipOf(el.parentElement);
    const s = getComputedStyle(el);
    if (
      box &&
      (s.overflowX !== 'visible' || s.overflowY !== 'visible') &&
      !(el instanceof SVGElement && el.tagName !== 'svg')
    ) {
      const r = el.getBoundingClientRect();
      const cx = s.overflowX !== 'visible';
      const cy = s.overflowY !== 'visible';
      box = {
        l: cx ? Math.max(box.l, r.left) : box.l,
        r: cx ? Math.min(box.r, r.right) : box.r,
        t: cy ? Math.max(box.t, r.top) : box.t,
        b: cy ? Math.min(box.b, r.bottom) : box.b,
      };
      if (box.r - box.l < 1 || box.b - box.t < 1) box = null;
    }
    clipCache.set(el, box);
    return box;
  };
  const cut = (a: Box, c: Box): Box | null => {
    const b = { l: Math.max(a.l, c.l), t: Math.max(a.t, c.t), r: Math.min(a.r, c.r), b: Math.min(a.b, c.b) };
    return b.r - b.l >= 1 && b.b - b.t >= 1 ? b : null;
  };

  // ---- Text runs: each element with its own text, and the boxes of that text ----
  type Run = { el: Element; text: string; boxes: Box[]; layer: Element; svg: boolean };
  const runs: Run[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const byEl = new Map<Element, Run>();
  const LAYERS =
    '[role="dialog"], [role="menu"], [role="listbox"], [role="tooltip"], .mantine-Popover-dropdown, .mantine-Notifications-root, .mantine-AppShell-header, .mantine-AppShell-navbar, .mantine-Indicator-indicator, .mantine-Avatar-root';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    const el = n.parentElement;
    if (!text || !el || ignored(el) || el.closest('textarea, select, option')) continue;
    let run = byEl.get(el);
    if (!run) {
      if (!shown(el)) continue;
      const svg = el instanceof SVGElement;
      // What is above the page in its own layer: a dialog, a menu, the pinned header; an ECharts chart is one layer per chart.
      const layer = el.closest(LAYERS) ?? (svg ? el.closest('svg') : null) ?? document.body;
      run = { el, text: '', boxes: [], layer, svg };
      byEl.set(el, run);
      runs.push(run);
    }
    run.text += (run.text ? ' ' : '') + text;
    const range = document.createRange();
    range.selectNodeContents(n);
    const clip = clipOf(el);
    if (!clip) continue;
    for (const r of run.svg ? [el.getBoundingClientRect()] : [...range.getClientRects()]) {
      if (r.width < 1 || r.height < 1) continue;
      const b = cut({ l: r.left, t: r.top, r: r.right, b: r.bottom }, clip);
      if (b) run.boxes.push(b);
    }
  }
  const visibleRuns = runs.filter((r) => r.boxes.length > 0);

  // ---- Overlapping text ----
  const reported = new Set<string>();
  for (let i = 0; i < visibleRuns.length; i++) {
    const a = visibleRuns[i]!;
    for (let j = i + 1; j < visibleRuns.length; j++) {
      const b = visibleRuns[j]!;
      if (a.layer !== b.layer || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // Chart labels must not even touch ("30 млн60 млн"); HTML text may share a pixel row with its neighbour's descenders.
      const pad = a.svg && b.svg ? 1.5 : 0;
      const hit = a.boxes.some((x) =>
        b.boxes.some((y) => {
          const w = Math.min(x.r + pad, y.r + pad) - Math.max(x.l - pad, y.l - pad);
          const h = Math.min(x.b, y.b) - Math.max(x.t, y.t);
          return w > (pad ? 0 : 2) && h > Math.max(3, 0.3 * Math.min(x.b - x.t, y.b - y.t));
        }),
      );
      if (!hit) continue;
      const key = `${a.text}|${b.text}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(
        `${a.svg && b.svg ? 'chart labels overlap' : 'text overlaps'}: "${a.text.slice(0, 50)}" × "${b.text.slice(0, 50)}" ${describe(a.el.closest('[data-testid]') ?? a.el).replace(/ ".*$/, '')}`,
      );
    }
  }

  // ---- Clipped text ----
  const titled = (el: Element) => {
    for (let e: Element | null = el, k = 0; e && k < 4; e = e.parentElement, k++)
      if (e.getAttribute('title') || e.getAttribute('aria-label') || e.hasAttribute('data-full-text')) return true;
    return false;
  };
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el instanceof SVGElement || ignored(el) || el.matches('input, textarea, select, img, video, canvas, iframe'))
      continue;
    const s = getComputedStyle(el);
    const hidesX = s.overflowX === 'hidden' || s.overflowX === 'clip';
    const hidesY = s.overflowY === 'hidden' || s.overflowY === 'clip';
    if (!hidesX && !hidesY) continue;
    const h = el as HTMLElement;
    const overX = hidesX && h.scrollWidth > h.clientWidth + 1;
    const overY = hidesY && h.scrollHeight > h.clientHeight + 2;
    if (!overX && !overY) continue;
    if (!shown(el) || !(h.innerText ?? '').trim()) continue;
    // A screen-reader-only box (clip: rect(0 0 0 0), 1px) is meant to be invisible.
    if (h.clientWidth <= 1 || h.clientHeight <= 1 || s.clip === 'rect(0px, 0px, 0px, 0px)') continue;
    // A collapsing section mid-animation, or a “show more” box, is cut on purpose.
    if (el.matches('.mantine-Collapse-root, .mantine-Spoiler-content, [data-transition]')) continue;
    const ellipsis =
      (overX && s.textOverflow === 'ellipsis') || (overY && s.webkitLineClamp !== 'none' && s.webkitLineClamp !== '');
    // Text that the box cuts but that is still all there: an ellipsis child (Mantine's label spans) carries it.
    const inner = [...el.querySelectorAll('*')].find(
      (c) =>
        getComputedStyle(c).textOverflow === 'ellipsis' &&
        (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1,
    );
    if (ellipsis && !titled(el)) {
      // The app names cut text on hover (web/src/truncation.ts): point at it as a person would.
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      el.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    }
    if (ellipsis && titled(el)) continue;
    if (!ellipsis && inner) continue; // judged on its own
    // What is past the edge may be only padding or an icon: clipped only if a text run is actually cut.
    const box = el.getBoundingClientRect();
    const textRects = (r: Run) => {
      const rects: DOMRect[] = [];
      const range = document.createRange();
      for (const n of r.el.childNodes)
        if (n.nodeType === 3 && n.textContent!.trim()) {
          range.selectNodeContents(n);
          rects.push(...range.getClientRects());
        }
      return rects;
    };
    const right = box.right - parseFloat(s.borderRightWidth);
    const cutText = runs.some(
      (r) =>
        el.contains(r.el) &&
        textRects(r).some(
          (t) =>
            (overX && (t.right > right + 1 || t.left < box.left - 1)) ||
            (overY && (t.bottom > box.bottom + 2 || t.top < box.top - 2)),
        ),
    );
    if (!cutText) continue;
    out.push(
      `${ellipsis ? 'cut with an ellipsis but no title/tooltip naming the whole text' : 'text clipped'}: ${describe(el)}`,
    );
  }

  // ---- Horizontal overflow ----
  const se = document.scrollingElement as HTMLElement;
  if (!scope && se.scrollWidth > window.innerWidth + 1)
    out.push(`the page is wider than the window: ${se.scrollWidth}px > ${window.innerWidth}px`);
  for (const el of root.querySelectorAll(
    '.mantine-Card-root, .mantine-Paper-root, .mantine-AppShell-main, .mantine-Modal-body, .mantine-Drawer-body',
  )) {
    if (ignored(el) || !shown(el)) continue;
    const h = el as HTMLElement;
    if (h.scrollWidth > h.clientWidth + 1)
      out.push(`wider than its box by ${h.scrollWidth - h.clientWidth}px: ${describe(el)}`);
  }

  // ---- Content scrolled out of sight with no visible scrollbar ----
  // A scroller whose own scrollbar is hidden (Mantine's ScrollArea draws its own, and with
  // type="hover" or "scroll" shows it only on hover or while scrolling): a table column or a
  // kanban lane past its edge looks cut ("131…"), and nothing says there is more to the right.
  const scrollbarShown = (el: HTMLElement) => {
    const area = el.classList.contains('mantine-ScrollArea-viewport') ? el.closest('.mantine-ScrollArea-root') : null;
    if (area) {
      const bar = [
        ...area.querySelectorAll(':scope > .mantine-ScrollArea-scrollbar[data-orientation="horizontal"]'),
      ].find((b) => b.parentElement === area);
      return !!bar && shown(bar) && bar.getAttribute('data-state') !== 'hidden';
    }
    return getComputedStyle(el).scrollbarWidth !== 'none';
  };
  for (const el of root.querySelectorAll('*')) {
    if (el instanceof SVGElement || ignored(el)) continue;
    const s = getComputedStyle(el);
    if (s.overflowX !== 'auto' && s.overflowX !== 'scroll') continue;
    const h = el as HTMLElement;
    if (h.scrollWidth <= h.clientWidth + 1 || !shown(el) || scrollbarShown(h)) continue;
    const box = h.getBoundingClientRect();
    const left = box.left + h.clientLeft;
    const right = left + h.clientWidth;
    const range = document.createRange();
    const hidden = runs.find(
      (r) =>
        h.contains(r.el) &&
        !r.svg &&
        [...r.el.childNodes].some((n) => {
          if (n.nodeType !== 3 || !n.textContent!.trim()) return false;
          range.selectNodeContents(n);
          return [...range.getClientRects()].some((t) => t.width >= 1 && (t.right > right + 1 || t.left < left - 1));
        }),
    );
    if (hidden)
      out.push(
        `content cut at the edge with no visible scrollbar ("${hidden.text.slice(0, 30)}" past it): ${describe(el)}`,
      );
  }

  // ---- Badges: a status or a count is read whole; a neighbour gives way, not the badge ----
  // (A badge given a max width on purpose, for a record's long name, is judged as clipped text.)
  for (const el of root.querySelectorAll('.mantine-Badge-root')) {
    if (ignored(el) || getComputedStyle(el).maxWidth !== 'none' || !(el as HTMLElement).innerText?.trim()) continue;
    // Squeezed to nothing is cut too: judged by style, not by size.
    if (el.closest('[aria-hidden="true"], [hidden]')) continue;
    let visible = true;
    for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement)
      if (!visibleStyle(e)) visible = false;
    if (!visible) continue;
    const label = (el.querySelector('.mantine-Badge-label') ?? el) as HTMLElement;
    if (
      label.scrollWidth > label.clientWidth + 1 ||
      (el as HTMLElement).scrollWidth > (el as HTMLElement).clientWidth + 1
    )
      out.push(`badge cut: ${describe(el)}`);
  }

  // ---- Notifications: inside the window, and over no control of the page ----
  for (const n of document.querySelectorAll('.mantine-Notification-root')) {
    if (!shown(n)) continue;
    const r = n.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1)
      out.push(`notification cut at the window edge: ${describe(n)}`);
    const covered = [...document.querySelectorAll('button, a[href], input, [role="tab"], [role="button"]')].find(
      (c) => {
        if (n.contains(c) || c.closest('.mantine-Notifications-root') || !shown(c)) return false;
        const b = c.getBoundingClientRect();
        return (
          Math.min(r.right, b.right) - Math.max(r.left, b.left) > 2 &&
          Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 2
        );
      },
    );
    if (covered) out.push(`notification covers a control: ${describe(n)} over ${describe(covered)}`);
  }

  // ---- Words ----
  const isRawKey = (token: string) => {
    const [first, second] = token.split('.');
    return !!sections[first!] && sections[first!]!.includes(second!);
  };
  const foreignSet = new Set(foreign);
  const latin = new Set(latinOk);
  const dataPhrases = new Set(dataTexts);
  const rawValue = new Set(rawValues);
  // Records' own data: code, identifiers, addresses, the signed-in user's name.
  const dataish = (el: Element) =>
    !!el.closest(
      'code, pre, kbd, .kt-mono, [data-user-content], input, textarea, a[href^="mailto:"], a[href^="tel:"], [data-testid="user-menu"]',
    );
  for (const run of runs) {
    if (!run.boxes.length && !run.svg) continue;
    const text = run.text.replace(/\s+/g, ' ').trim();
    for (const m of text.matchAll(/(?<![\w@/.-])[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+(?![\w@/-])/g))
      if (isRawKey(m[0])) out.push(`raw i18n key: ${m[0]}`);
    if (dataish(run.el)) continue;
    if (rawValue.has(text)) {
      out.push(`raw value shown untranslated: ${text} ${describe(run.el).replace(/ ".*$/, '')}`);
      continue;
    }
    // A raw event or enum name as a whole label: `person.created`, `deal.stage_changed`, `web_form`.
    if (/^[a-z]+(?:[._][a-z0-9]+)+$/.test(text) && !/^[a-z0-9.-]+\.(ru|com|org|net|io|local|рф)$/.test(text))
      out.push(`raw event/enum name shown: ${text} ${describe(run.el).replace(/ ".*$/, '')}`);
    // In Russian, a line of lower-case Latin words is API values shown as they are (`email · marketing · web_form`).
    else if (lang === 'ru' && !run.svg) {
      const tokens = text.split(/\s*[·,;:]\s*|\s+/).filter(Boolean);
      if (
        tokens.length &&
        tokens.every((w) => /^[a-z][a-z_]*$/.test(w)) &&
        tokens.some((w) => w.length >= 3 && !latin.has(w))
      )
        out.push(`raw API values in the Russian UI: "${text}" ${describe(run.el).replace(/ ".*$/, '')}`);
    }
  }
  // The app's own words: labels, headings, buttons, table headers, tabs, badges, placeholders —
  // in the other language's words (a text of its translations), or in Russian, in Latin words.
  const chromeSel =
    'nav a, h1, h2, h3, h4, h5, h6, button, th, label, legend, [role="tab"], .mantine-SegmentedControl-label, .mantine-Badge-label, .mantine-Input-description, .mantine-InputWrapper-description, .mantine-Alert-title, .mantine-Modal-title, .mantine-Drawer-title, .mantine-Menu-label, .mantine-Menu-itemLabel, .mantine-Text-root[data-chrome]';
  const texts = [...root.querySelectorAll(chromeSel)]
    .filter(
      (el) =>
        !ignored(el) &&
        shown(el) &&
        !dataish(el) &&
        !el.closest('td, a[href*="/people/"], a[href*="/companies/"], a[href*="/deals/"]'),
    )
    .map((el) => ((el as HTMLElement).innerText ?? '').trim());
  texts.push(
    ...[...root.querySelectorAll('[placeholder], [aria-label]')]
      .filter((el) => !ignored(el) && shown(el) && !el.closest('td') && !dataish(el.parentElement ?? el))
      .flatMap((el) => [el.getAttribute('placeholder') ?? '', el.getAttribute('aria-label') ?? '']),
  );
  for (const t of texts)
    for (const line of t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      if (dataPhrases.has(line)) continue;
      if (foreignSet.has(line))
        out.push(
          `${lang === 'ru' ? 'English' : 'Russian'} text of the translations in the ${lang === 'ru' ? 'Russian' : 'English'} UI: "${line}"`,
        );
      else if (lang === 'ru' && !/[А-Яа-яЁё]/.test(line) && !/@|:\/\//.test(line) && !/^[a-z0-9_.*:\/-]+$/.test(line)) {
        const words = line.match(/[A-Za-z][A-Za-z.]*[A-Za-z]/g) ?? [];
        if (words.some((w) => w.length >= 3 && !latin.has(w))) out.push(`Latin words in the Russian UI: "${line}"`);
      }
    }
  return out;
}

/**
 * Waits until the page shows its content: no loader in the main area (or in `within`), twice a
 * short moment apart (a list that loads in two steps shows a loader again in between).
 */
export async function settled(page: Page, within = 'main') {
  const busy = () =>
    page.evaluate((sel) => {
      const main = document.querySelector(sel) ?? document.body;
      const loaders = [...main.querySelectorAll('[data-testid="loading"], .mantine-Loader-root')].filter(
        // Not a button's own spinner, nor the live-events page's “listening” dots.
        (el) =>
          (el as HTMLElement).offsetParent !== null &&
          !el.closest('button') &&
          !el.parentElement?.querySelector('[data-testid="live-events-state"]'),
      );
      return loaders.length > 0 || (main.textContent ?? '').trim() === '';
    }, within);
  const until = async () => {
    for (const end = Date.now() + 20_000; await busy(); ) {
      if (Date.now() > end) throw new Error(`the page is still loading: ${page.url()}`);
      await page.waitForTimeout(100);
    }
  };
  await until();
  // Then until the layout stands still: fonts laid out, charts done animating, late lists in.
  const fingerprint = () =>
    page.evaluate(async (sel) => {
      await document.fonts.ready;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const main = document.querySelector(sel) ?? document.body;
      const texts = [...main.querySelectorAll('svg text')].map((t) => {
        const r = t.getBoundingClientRect();
        return `${Math.round(r.x)},${Math.round(r.y)}`;
      });
      return `${(main as HTMLElement).innerText.length}|${main.scrollHeight}|${texts.join(';')}`;
    }, within);
  let last = '';
  for (const end = Date.now() + 20_000; ; ) {
    const now = await fingerprint();
    if (now === last) break;
    if (Date.now() > end) throw new Error(`the page keeps changing: ${page.url()}`);
    last = now;
    await page.waitForTimeout(150);
  }
  await until();
}
