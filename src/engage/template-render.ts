import mjml2html from 'mjml';
import { Drop, Liquid, type Template } from 'liquidjs';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { smsSegments } from './channels/sms-text.ts';
import type { TemplateChannel, TemplateFormat } from './tables.ts';

/**
 * The pure half of templates: the Liquid engines, MJML compilation, the plain-text part, and the
 * compiled-template cache. No database here: templates.ts feeds it content and a Liquid scope.
 *
 * Order: MJML is compiled once per (template, version, locale) into HTML that still holds the
 * Liquid tags, then Liquid renders per person. MJML keeps `{{ … }}` and `{% … %}` inside content
 * components (mj-text, mj-button, mj-raw…) and attributes, but silently drops text between
 * structural components; compile() refuses a body that would lose a tag that way (wrap it in
 * <mj-raw>) instead of sending mail with half an `if`.
 */

/** The variables a template may reference at its top level. */
export const TEMPLATE_ROOTS = ['person', 'data', 'message', 'unsubscribe_url', 'preferences_url'] as const;

/** Counters for tests and benches: a compile per version and locale, not per person. */
export const renderStats = { mjmlCompiles: 0, liquidParses: 0 };

const LIMITS = {
  // Characters of template source one parse may take (a body is at most 500 kB, see the routes).
  parseLimit: 1_000_000,
  // Milliseconds one render may take: a runaway loop fails the message instead of the sender.
  renderLimit: 2_000,
  // Allocations (string lengths, array sizes) one render may make.
  memoryLimit: 20_000_000,
};

function makeEngine(escapeHtml: boolean): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    // Under strictVariables, `if` and `default` still accept a missing variable (a template that
    // guards a value may leave it out); only a bare `{{ data.x }}` fails.
    lenientIf: true,
    strictFilters: true,
    ownPropertyOnly: true,
    outputEscape: escapeHtml ? 'escape' : undefined,
    // No file system: includes and layouts have nothing to read (and are refused at parse below).
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    ...LIMITS,
  });
  for (const tag of ['include', 'render', 'layout'])
    engine.registerTag(tag, {
      parse() {
        throw new Error(`{% ${tag} %} is not available in templates`);
      },
      render() {
        return '';
      },
    });
  engine.registerFilter('money', money);
  engine.registerFilter('first', first);
  return engine;
}

const formats = new Map<string, Intl.NumberFormat>();
// Building an Intl.NumberFormat costs more than a whole render: one per locale and currency.
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      f = currencyFormat('ru', 'RUB');
    }
    if (formats.size < 100) formats.set(key, f);
  }
  return f;
}

/** `{{ 1234.5 | money }}` → "1 234,50 ₽"; `{{ x | money: "USD", "en" }}` for another currency or locale. */
export function money(value: unknown, currency = 'RUB', locale = 'ru'): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n)) return '';
  return currencyFormat(String(locale), String(currency)).format(n);
}

/**
 * `{{ list | first }}` is the first item, as Liquid's own filter; `{{ list | first: 3 }}` is a list of
 * the first three (a registered context's list prints as its items' labels, see FactList).
 */
export function first(value: unknown, n?: unknown): unknown {
  const v = value instanceof Drop ? value.valueOf() : value;
  if (n === undefined || n === null) {
    if (value instanceof FactList) return value.first;
    return Array.isArray(v) ? v[0] : '';
  }
  const count = Math.max(0, Math.trunc(Number(n)) || 0);
  if (value instanceof FactList) return value.slice(0, count);
  if (Array.isArray(v)) return v.slice(0, count);
  return v;
}

/** Escapes output (HTML bodies); `| raw` opts out. */
export const htmlEngine = makeEngine(true);
/** Subjects, plain text, SMS and messengers: no escaping. */
export const textEngine = makeEngine(false);

/**
 * A profile object in Liquid: a missing key is null (prints nothing, false in `if`), never an
 * error; nested objects behave the same. The data sits in a private field so that no Liquid path
 * reaches it or the class's own members as values.
 */
export class Facts extends Drop {
  readonly #d: Record<string, unknown>;
  readonly #label: string | null;
  /** `label`: what `{{ it }}` prints (an item of a FactList); null prints nothing. */
  constructor(d: Record<string, unknown> | null | undefined, label: string | null = null) {
    super();
    this.#d = d ?? {};
    this.#label = label;
  }
  override liquidMethodMissing(key: string | number): unknown {
    const k = String(key);
    if (!Object.hasOwn(this.#d, k)) return null;
    const v = this.#d[k];
    if (v === undefined) return null;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Drop))
      return new Facts(v as Record<string, unknown>);
    return v;
  }
  override valueOf(): unknown {
    return this.#label;
  }
}

/** What an item of a list prints: its `label`, else its `name`, else its `id`. */
const labelOf = (v: Record<string, unknown>): string | null => {
  for (const k of ['label', 'name', 'id'])
    if (typeof v[k] === 'string' || typeof v[k] === 'number') return String(v[k]);
  return null;
};

/**
 * A value a registered context (`templates.registerContext`) gives, as Liquid sees it: objects
 * become Facts (a missing key is null), arrays become FactLists.
 */
export function toFacts(v: unknown): unknown {
  if (Array.isArray(v)) return new FactList(v);
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Drop) && !(v instanceof FactList)) {
    const o = v as Record<string, unknown>;
    return new Facts(o, labelOf(o));
  }
  return v ?? null;
}

/**
 * A list in Liquid that loops (`{% for r in recommendations %}{{ r.name }}{% endfor %}`), has `size`,
 * `first` and `last`, and prints as its items' labels joined by ", " (`{{ recommendations | first: 3 }}`).
 * Not a Drop: Liquid would loop over what a Drop's valueOf gives instead of the items.
 */
export class FactList implements Iterable<unknown> {
  readonly size: number;
  readonly length: number;
  readonly first: unknown;
  readonly last: unknown;
  readonly #items: unknown[];
  readonly #raw: unknown[];
  constructor(raw: readonly unknown[]) {
    this.#raw = [...raw];
    this.#items = this.#raw.map((x) => toFacts(x));
    this.size = this.length = this.#items.length;
    this.first = this.#items[0] ?? null;
    this.last = this.#items[this.#items.length - 1] ?? null;
    for (const [i, x] of this.#items.entries()) Object.defineProperty(this, i, { value: x, enumerable: true });
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.#items[Symbol.iterator]();
  }
  slice(from: number, to?: number): FactList {
    return new FactList(this.#raw.slice(from, to));
  }
  toString(): string {
    return this.#raw
      .map((x) =>
        x && typeof x === 'object' ? (labelOf(x as Record<string, unknown>) ?? '') : x == null ? '' : String(x),
      )
      .filter(Boolean)
      .join(', ');
  }
}

export interface Content {
  format: TemplateFormat;
  subject: string | null;
  body: string;
  /** The plain-text part of an email; null = derived from the HTML. */
  text?: string | null;
}

/** Liquid parsed once per version and locale; per person only `render()` runs. */
export interface Compiled {
  format: TemplateFormat;
  subject: Template[] | null;
  /** Email bodies: escaping HTML (MJML already compiled). */
  html: Template[] | null;
  /** The plain-text part (email) or the whole message (sms, push, messengers). */
  text: Template[];
  /** Root variables (`data.x.y`…) the parts reference, for previews and context loading. */
  variables: string[][];
}

const fail = (details: ErrorDetail[]) =>
  new AppError('VALIDATION_FAILED', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);

/** Liquid's message without the stack-ish tail (it already says line and column). */
const liquidMessage = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

function parse(engine: Liquid, source: string, path: string, roots: readonly string[] = TEMPLATE_ROOTS): Template[] {
  renderStats.liquidParses++;
  let parsed: Template[];
  try {
    parsed = engine.parse(source);
  } catch (e) {
    throw fail([{ path, message: `Liquid: ${liquidMessage(e)}`, code: 'INVALID_FORMAT' }]);
  }
  const unknown = engine
    .globalVariableSegmentsSync(parsed)
    .map((s) => String(s[0]))
    .filter((root) => !roots.includes(root));
  if (unknown.length)
    throw fail([
      {
        path,
        message: `unknown variable ${[...new Set(unknown)].map((v) => `"${v}"`).join(', ')}: a template may use ${roots.join(', ')}`,
        code: 'INVALID_FORMAT',
      },
    ]);
  return parsed;
}

const LIQUID_TOKEN = /\{%-?[\s\S]*?-?%\}|\{\{-?[\s\S]*?-?\}\}/g;

/** MJML → HTML with the Liquid tags kept; 400 naming `path` for an MJML error or a tag MJML would drop. */
export async function compileMjml(source: string, path: string): Promise<string> {
  renderStats.mjmlCompiles++;
  let html: string;
  try {
    // ignoreIncludes: mj-include would read the server's file system.
    const out = await mjml2html(source, { validationLevel: 'strict', keepComments: false, ignoreIncludes: true });
    html = out.html;
  } catch (e) {
    const errors = (e as { errors?: { line: number; message: string }[] }).errors;
    if (errors?.length)
      throw fail(
        errors
          .slice(0, 20)
          .map((x) => ({ path, message: `MJML line ${x.line}: ${x.message}`, code: 'INVALID_FORMAT' })),
      );
    throw fail([{ path, message: `MJML: ${liquidMessage(e)}`, code: 'INVALID_FORMAT' }]);
  }
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const t of s.match(LIQUID_TOKEN) ?? []) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const kept = count(html);
  for (const [token, n] of count(source))
    if ((kept.get(token) ?? 0) < n) {
      const line = source.slice(0, source.indexOf(token)).split('\n').length;
      throw fail([
        {
          path,
          message: `MJML line ${line}: ${token} sits between MJML components and would be dropped; wrap it in <mj-raw>`,
          code: 'INVALID_FORMAT',
        },
      ]);
    }
  return html;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (all, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });

/**
 * The plain-text part from an HTML body (Liquid tags pass through untouched): hidden preview text,
 * head, styles and scripts go; a link becomes "text (url)"; blocks become lines.
 */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<div\b[^>]*display:\s*none[^>]*>[\s\S]*?<\/div>/gi, '')
    .replace(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_all, _q, d, s1, inner) => {
      const url = decode(d ?? s1 ?? '').trim();
      const label = inner.replace(/<[^>]+>/g, '').trim();
      if (!url || url.startsWith('#') || /^(javascript|data):/i.test(url)) return label;
      return !label || decode(label) === url ? url : `${label} (${url})`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|blockquote|section)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '');
  s = decode(s)
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return s.trim();
}

/**
 * Checks and compiles one locale's content; `at` prefixes the error paths (`` or `variants.en.`);
 * `roots`: the top-level variables allowed (TEMPLATE_ROOTS and the registered contexts).
 */
export async function compile(content: Content, at = '', roots: readonly string[] = TEMPLATE_ROOTS): Promise<Compiled> {
  const isEmail = content.format === 'mjml' || content.format === 'html';
  const problems: ErrorDetail[] = [];
  const attempt = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.details);
      else throw e;
      return null;
    }
  };
  // Email subjects, and push titles: plain text.
  const subject =
    content.subject != null ? attempt(() => parse(textEngine, content.subject!, `${at}subject`, roots)) : null;
  let htmlSource: string | null = null;
  if (content.format === 'mjml') {
    try {
      htmlSource = await compileMjml(content.body, `${at}body`);
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.details);
      else throw e;
    }
  } else if (content.format === 'html') htmlSource = content.body;
  const html = htmlSource !== null ? attempt(() => parse(htmlEngine, htmlSource, `${at}body`, roots)) : null;
  const textSource = isEmail ? (content.text ?? (htmlSource !== null ? htmlToText(htmlSource) : '')) : content.body;
  const derived = isEmail && !content.text;
  // A text part derived from a body that failed would only repeat the body's error.
  const text =
    derived && problems.some((p) => p.path === `${at}body`)
      ? null
      : attempt(() => parse(textEngine, textSource, derived ? `${at}body` : `${at}text`, roots));
  if (problems.length) throw fail(problems);
  const variables = [
    ...(subject ? textEngine.globalVariableSegmentsSync(subject) : []),
    ...(html ? htmlEngine.globalVariableSegmentsSync(html) : []),
    ...textEngine.globalVariableSegmentsSync(text!),
  ].map((s) => s.map(String));
  return { format: content.format, subject, html, text: text!, variables };
}

export interface RenderedParts {
  subject: string | null;
  html: string | null;
  text: string;
}

/** `undefined variable: data.x, line:…` → `data.x`. */
export function missingVariable(e: unknown): string | null {
  const m = /undefined variable: ([^,\s]+)/.exec(e instanceof Error ? e.message : '');
  return m ? m[1]! : null;
}

/** Renders a compiled template; a missing `data.*` or a failing render is a 400 naming it. */
export async function renderCompiled(c: Compiled, scope: Record<string, unknown>): Promise<RenderedParts> {
  try {
    const [subject, html, text] = await Promise.all([
      c.subject ? textEngine.render(c.subject, scope) : null,
      c.html ? htmlEngine.render(c.html, scope) : null,
      textEngine.render(c.text, scope),
    ]);
    return {
      subject:
        subject === null
          ? null
          : String(subject)
              .replace(/\s*[\r\n]+\s*/g, ' ')
              .trim(),
      html: html === null ? null : String(html),
      text: String(text).trim(),
    };
  } catch (e) {
    const name = missingVariable(e);
    if (name)
      throw fail([
        {
          path: name,
          message: `the template uses ${name} and it is missing (or give it a | default:)`,
          code: 'REQUIRED',
        },
      ]);
    throw fail([{ path: 'body', message: `the template failed to render: ${liquidMessage(e)}` }]);
  }
}

/**
 * Renders for a preview: each missing variable is reported and shown as `[name]` instead of
 * failing (up to 50 of them; past that the render fails as usual).
 */
export async function renderLenient(
  c: Compiled,
  scope: Record<string, unknown>,
): Promise<RenderedParts & { missing: string[] }> {
  const missing: string[] = [];
  const data = structuredClone((scope.data ?? {}) as Record<string, unknown>);
  for (let i = 0; i < 50; i++) {
    try {
      return { ...(await renderCompiled(c, { ...scope, data })), missing };
    } catch (e) {
      const path = e instanceof AppError ? e.details[0]?.path : undefined;
      if (!(e instanceof AppError) || !path?.startsWith('data.') || e.details[0]?.code !== 'REQUIRED') throw e;
      if (!fillPath(data, path.slice(5).split('.'), new Placeholder(`[${path}]`))) throw e;
      missing.push(path);
    }
  }
  return { ...(await renderCompiled(c, { ...scope, data })), missing };
}

/** Stands in for a missing value in a preview: prints `[data.x]`, and so does any key below it. */
class Placeholder extends Drop {
  constructor(private label: string) {
    super();
  }
  override liquidMethodMissing(): unknown {
    return this;
  }
  override valueOf(): unknown {
    return this.label;
  }
}

function fillPath(obj: Record<string, unknown>, parts: string[], value: unknown): boolean {
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]!];
    if (next === undefined) cur[parts[i]!] = {};
    else if (!next || typeof next !== 'object' || Array.isArray(next)) return false;
    cur = cur[parts[i]!] as Record<string, unknown>;
  }
  if (Object.hasOwn(cur, parts[parts.length - 1]!)) return false;
  cur[parts[parts.length - 1]!] = value;
  return true;
}

/** A small LRU: Map keeps insertion order, a hit moves the key to the end. */
export class Lru<V> {
  private m = new Map<string, V>();
  constructor(private max: number) {}
  get(key: string): V | undefined {
    const v = this.m.get(key);
    if (v !== undefined) {
      this.m.delete(key);
      this.m.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.m.delete(key);
    this.m.set(key, v);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value!);
  }
  delete(key: string): void {
    this.m.delete(key);
  }
  get size(): number {
    return this.m.size;
  }
}

/** A text over this many SMS parts is refused at save. */
export const MAX_SMS_SEGMENTS = 10;

/** A template's content as saved: the default locale's, plus variants by language code. */
export interface ContentInput {
  format: TemplateFormat;
  subject?: string | null;
  body: string;
  text?: string | null;
  variants?: Record<string, { subject?: string | null; body: string; text?: string | null }>;
}

/** 400 naming each bad field: Liquid, MJML, a missing email subject, an SMS over 10 parts. */
export async function checkContent(
  channel: TemplateChannel,
  c: ContentInput,
  roots: readonly string[] = TEMPLATE_ROOTS,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  const email = channel === 'email';
  if (email && c.format === 'text')
    problems.push({ path: 'format', message: 'an email template is mjml or html', code: 'INVALID_OPTION' });
  if (!email && c.format !== 'text')
    problems.push({ path: 'format', message: `a ${channel} template is text`, code: 'INVALID_OPTION' });
  if (email && !c.subject?.trim())
    problems.push({ path: 'subject', message: 'an email template needs a subject', code: 'REQUIRED' });
  if (!email && c.text != null)
    problems.push({ path: 'text', message: 'only email templates have a separate text part' });
  const locales: [string, Content][] = [
    ['', { format: c.format, subject: c.subject ?? null, body: c.body, text: email ? (c.text ?? null) : null }],
  ];
  for (const [loc, v] of Object.entries(c.variants ?? {})) {
    if (!/^[a-z]{2,3}$/.test(loc)) {
      problems.push({ path: `variants.${loc}`, message: 'a variant is keyed by a language code (ru, en)' });
      continue;
    }
    locales.push([
      `variants.${loc}.`,
      {
        format: c.format,
        subject: v.subject ?? c.subject ?? null,
        body: v.body,
        text: email ? (v.text ?? null) : null,
      },
    ]);
  }
  if (problems.length) throw fail(problems);
  for (const [at, content] of locales) {
    if (channel === 'sms') {
      const s = smsSegments(content.body);
      if (s.segments > MAX_SMS_SEGMENTS)
        problems.push({
          path: `${at}body`,
          message: `${s.segments} SMS parts (${s.encoding}, ${s.length} characters); at most ${MAX_SMS_SEGMENTS}`,
          code: 'TOO_LONG',
          limit: MAX_SMS_SEGMENTS,
        });
    }
    try {
      await compile(content, at, roots);
    } catch (e) {
      if (e instanceof AppError) problems.push(...e.details);
      else throw e;
    }
  }
  if (problems.length) throw fail(problems);
}
