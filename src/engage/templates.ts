import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { newId } from '../core/ids.ts';
import { smsSegments } from './channels/sms-text.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type {
  EngageTemplatesTable,
  EngageTemplateVersionsTable,
  MessageKind,
  TemplateChannel,
  TemplateFormat,
} from './tables.ts';
import { liquidScope, loadPeople, normalizeLocale, type PersonFacts } from './template-context.ts';
import {
  checkContent,
  compile,
  Lru,
  renderCompiled,
  renderLenient,
  TEMPLATE_ROOTS,
  type Compiled,
  type Content,
} from './template-render.ts';

export { MAX_SMS_SEGMENTS } from './template-render.ts';

export const TEMPLATE_CHANNELS = ['email', 'sms', 'push', 'messenger', 'webhook'] as const;
export const TEMPLATE_FORMATS = ['mjml', 'html', 'text'] as const;
/** At most this many render() calls share one profile read. */
const RENDER_BATCH = 1000;

export type Variant = { subject?: string | null; body: string; text?: string | null };
export type Variants = Record<string, Variant>;

export interface TemplateInput {
  channel: TemplateChannel;
  name: string;
  subject?: string | null;
  body: string;
  text?: string | null;
  format?: TemplateFormat;
  kind?: MessageKind;
  groupId?: string | null;
  variants?: Variants;
}
export type TemplatePatch = Partial<Omit<TemplateInput, 'channel'>>;

export interface Rendered {
  templateId: string;
  version: number;
  /** The locale variant used; null = the default content. */
  locale: string | null;
  subject: string | null;
  html: string | null;
  text: string;
}

export interface RenderContext {
  personId: string;
  locale?: string | null;
  data?: Record<string, unknown>;
  version?: number;
  messageId?: string | null;
  /** Tracking's links (`engage.tracking.links`): unsubscribe_url, preferences_url. */
  links?: { unsubscribeUrl?: string | null; preferencesUrl?: string | null } | null;
}

type Head = Selectable<EngageTemplatesTable>;
type VersionRow = Selectable<EngageTemplateVersionsTable>;

const versionView = (v: VersionRow) => ({
  version: v.version,
  format: v.format,
  subject: v.subject,
  body: v.body,
  text: v.text,
  variants: v.variants ?? {},
  actor: v.actor,
  createdAt: v.created_at,
});
const view = (t: Head, v: VersionRow) => ({
  id: t.id,
  channel: t.channel,
  name: t.name,
  kind: t.kind,
  groupId: t.group_id,
  version: t.version,
  format: v.format,
  subject: v.subject,
  body: v.body,
  text: v.text,
  variants: v.variants ?? {},
  createdAt: t.created_at,
  updatedAt: t.updated_at,
  archivedAt: t.archived_at,
});
export type TemplateView = ReturnType<typeof view>;

const defaultFormat = (channel: TemplateChannel, body: string): TemplateFormat =>
  channel !== 'email' ? 'text' : /^\s*<mjml[\s>]/i.test(body) ? 'mjml' : 'html';

// A template that personalises with computed traits needs them read person by person (template-context.ts).
const usesComputed = (v: VersionRow) =>
  /person\s*(\.\s*computed|\[\s*['"]computed)/.test(JSON.stringify([v.subject, v.body, v.text, v.variants]));

/**
 * Templates (issue 15 item 2): Liquid personalisation over MJML, HTML or plain text, RU/EN
 * variants, versions (every content edit is a new row; a message records the version it was
 * rendered from), preview and test send. Rendering is the hot path of broadcasts: a version's
 * MJML and Liquid are compiled once per locale and kept in an LRU; per person only Liquid runs.
 */
export class Templates {
  private versions = new Lru<Promise<VersionRow>>(500);
  private pending = new Map<string, PendingBatch>();
  private compiled = new Lru<Promise<Compiled>>(500);
  private contexts = new Map<string, TemplateContextProvider>();

  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {}

  /**
   * Another module's data in templates: `{{ name }}` / `{% for x in name %}` reads what
   * `provider(ws, personId)` gives the person being rendered (insights registers
   * `recommendations` when it is created). Read only for templates that mention the name; a
   * provider that fails gives nothing (logged) rather than failing the message.
   */
  registerContext(name: string, provider: TemplateContextProvider): void {
    if (!/^[a-z_][a-z0-9_]*$/i.test(name) || (TEMPLATE_ROOTS as readonly string[]).includes(name))
      throw new Error(`template context name "${name}" is not allowed`);
    if (this.contexts.has(name)) throw new Error(`template context "${name}" is registered twice`);
    this.contexts.set(name, provider);
    this.compiled = new Lru<Promise<Compiled>>(500);
  }

  /** The top-level variables a template may use: the built-in ones and the registered contexts. */
  roots(): string[] {
    return [...TEMPLATE_ROOTS, ...this.contexts.keys()];
  }

  /** The registered contexts a version's content mentions. */
  private contextsOf(v: VersionRow): string[] {
    if (!this.contexts.size) return [];
    const all = JSON.stringify([v.subject, v.body, v.text, v.variants]);
    return [...this.contexts.keys()].filter((n) => new RegExp(`\\b${n}\\b`).test(all));
  }

  /** Each person's values of the contexts `names` (person id → name → value). */
  private async loadContexts(ws: string, personIds: readonly string[], names: readonly string[]) {
    const out = new Map<string, Record<string, unknown>>();
    if (!names.length) return out;
    const queue = [...new Set(personIds)];
    await Promise.all(
      Array.from({ length: Math.min(CONTEXT_CONCURRENCY, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const values: Record<string, unknown> = {};
          for (const n of names)
            try {
              values[n] = (await this.contexts.get(n)!(ws, id)) ?? null;
            } catch (e) {
              this.k.log.warn({ err: e, context: n, personId: id }, 'template context failed');
              values[n] = null;
            }
          out.set(id, values);
        }
      }),
    );
    return out;
  }

  private async checkGroup(trx: DbOrTx, ws: string, groupId: string | null | undefined) {
    if (!groupId) return;
    const g = await trx
      .selectFrom('engage_subscription_groups')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', groupId)
      .executeTakeFirst();
    if (!g) throw invalid('groupId', 'no such subscription group');
  }

  // ---------------------------------------------------------------- reads

  private async head(trx: DbOrTx, ws: string, id: string, forUpdate = false): Promise<Head> {
    let q = trx.selectFrom('engage_templates').selectAll().where('workspace_id', '=', ws).where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    const t = await q.executeTakeFirst();
    if (!t) throw notFound('Template');
    return t;
  }

  private async versionRow(trx: DbOrTx, ws: string, id: string, version: number): Promise<VersionRow> {
    const v = await trx
      .selectFrom('engage_template_versions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('template_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!v) throw notFound('Template version');
    return v;
  }

  async get(ws: string, id: string): Promise<TemplateView> {
    const t = await this.head(this.k.db, ws, id);
    return view(t, await this.versionRow(this.k.db, ws, id, t.version));
  }

  async list(
    ws: string,
    q: { limit: number; cursor?: string; channel?: TemplateChannel; q?: string; archived?: boolean },
  ) {
    const after = decodeCursor<{ id: string }>(q.cursor);
    let query = this.k.db
      .selectFrom('engage_templates as t')
      .innerJoin('engage_template_versions as v', (j) =>
        j
          .onRef('v.workspace_id', '=', 't.workspace_id')
          .onRef('v.template_id', '=', 't.id')
          .onRef('v.version', '=', 't.version'),
      )
      .selectAll('t')
      .select([
        'v.format',
        'v.subject',
        'v.body',
        'v.text',
        'v.variants',
        'v.actor',
        'v.template_id',
        'v.created_at as v_created',
      ])
      .where('t.workspace_id', '=', ws)
      .where('t.archived_at', q.archived ? 'is not' : 'is', null);
    if (q.channel) query = query.where('t.channel', '=', q.channel);
    if (q.q?.trim()) query = query.where('t.name', 'ilike', `%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (after) query = query.where('t.id', '<', after.id);
    const rows = await query
      .orderBy('t.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(
      rows,
      q.limit,
      (r) =>
        view(r, {
          workspace_id: ws,
          template_id: r.id,
          version: r.version,
          format: r.format,
          subject: r.subject,
          body: r.body,
          text: r.text,
          variants: r.variants,
          actor: r.actor,
          created_at: r.v_created,
        }),
      (r) => ({ id: r.id }),
    );
  }

  async listVersions(ws: string, id: string) {
    await this.head(this.k.db, ws, id);
    const rows = await this.k.db
      .selectFrom('engage_template_versions')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('template_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(versionView);
  }

  async getVersion(ws: string, id: string, version: number | string) {
    await this.head(this.k.db, ws, id);
    return versionView(await this.versionRow(this.k.db, ws, id, versionNumber(version)));
  }

  // ---------------------------------------------------------------- writes

  async create(actor: Actor, input: TemplateInput): Promise<TemplateView> {
    const ws = actor.workspaceId;
    const format = input.format ?? defaultFormat(input.channel, input.body);
    await checkContent(input.channel, { ...input, format }, this.roots());
    return this.k.db.transaction().execute(async (trx) => {
      await this.checkGroup(trx, ws, input.groupId);
      const id = newId();
      const t = await trx
        .insertInto('engage_templates')
        .values({
          workspace_id: ws,
          id,
          channel: input.channel,
          name: input.name,
          kind: input.kind ?? 'marketing',
          group_id: input.groupId ?? null,
          version: 1,
          archived_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const v = await this.insertVersion(trx, actor, id, 1, { ...input, format });
      const after = view(t, v);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'template',
        entityId: id,
        after,
        record: after,
      });
      return after;
    });
  }

  private insertVersion(
    trx: DbOrTx,
    actor: Actor,
    id: string,
    version: number,
    c: TemplateInput & { format: TemplateFormat },
  ) {
    return trx
      .insertInto('engage_template_versions')
      .values({
        workspace_id: actor.workspaceId,
        template_id: id,
        version,
        format: c.format,
        subject: c.subject ?? null,
        body: c.body,
        text: c.text ?? null,
        variants: JSON.stringify(c.variants ?? {}),
        actor: actor.label,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Name, kind and group change the template; any content change makes a new version. */
  async update(actor: Actor, id: string, patch: TemplatePatch): Promise<TemplateView> {
    const ws = actor.workspaceId;
    const t0 = await this.head(this.k.db, ws, id);
    const v0 = await this.versionRow(this.k.db, ws, id, t0.version);
    const content = {
      channel: t0.channel,
      name: patch.name ?? t0.name,
      format: patch.format ?? v0.format,
      subject: patch.subject !== undefined ? patch.subject : v0.subject,
      body: patch.body ?? v0.body,
      text: patch.text !== undefined ? patch.text : v0.text,
      variants: patch.variants ?? v0.variants ?? {},
    };
    const changed =
      content.format !== v0.format ||
      content.subject !== v0.subject ||
      content.body !== v0.body ||
      content.text !== v0.text ||
      JSON.stringify(content.variants) !== JSON.stringify(v0.variants ?? {});
    if (changed) await checkContent(t0.channel, content, this.roots());
    return this.k.db.transaction().execute(async (trx) => {
      const t = await this.head(trx, ws, id, true);
      if (t.archived_at) throw new AppError('CONFLICT', 'The template is archived');
      // Checked against the version read before the lock: another edit in between → retry.
      if (t.version !== t0.version)
        throw new AppError('CONFLICT', 'The template changed meanwhile: load it and try again');
      if (patch.groupId !== undefined) await this.checkGroup(trx, ws, patch.groupId);
      const before = view(t, await this.versionRow(trx, ws, id, t.version));
      const version = changed ? t.version + 1 : t.version;
      const next = await trx
        .updateTable('engage_templates')
        .set({
          name: content.name,
          kind: patch.kind ?? t.kind,
          group_id: patch.groupId !== undefined ? patch.groupId : t.group_id,
          version,
          updated_at: new Date(),
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const v = changed
        ? await this.insertVersion(trx, actor, id, version, content)
        : await this.versionRow(trx, ws, id, version);
      const after = view(next, v);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'template',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** A new version with the content of an earlier one. */
  async restore(actor: Actor, id: string, version: number | string): Promise<TemplateView> {
    await this.head(this.k.db, actor.workspaceId, id);
    const old = await this.versionRow(this.k.db, actor.workspaceId, id, versionNumber(version));
    return this.update(actor, id, {
      format: old.format,
      subject: old.subject,
      body: old.body,
      text: old.text,
      variants: old.variants ?? {},
    });
  }

  /** Archives: gone from the list, still rendered for messages already queued. */
  async archive(actor: Actor, id: string): Promise<void> {
    await this.k.db.transaction().execute(async (trx) => {
      const t = await this.head(trx, actor.workspaceId, id, true);
      if (t.archived_at) return;
      const before = view(t, await this.versionRow(trx, actor.workspaceId, id, t.version));
      await trx
        .updateTable('engage_templates')
        .set({ archived_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'template',
        entityId: id,
        before,
        record: before,
      });
    });
  }

  // ---------------------------------------------------------------- rendering

  /** A version's row, cached (versions never change). */
  private cachedVersion(ws: string, id: string, version: number): Promise<VersionRow> {
    const key = `${ws}:${id}:${version}`;
    let p = this.versions.get(key);
    if (!p) {
      p = this.versionRow(this.k.db, ws, id, version);
      p.catch(() => this.versions.delete(key));
      this.versions.set(key, p);
    }
    return p;
  }

  /** Which content a locale gets: its variant if there is one, else the default (locale null). */
  private pick(v: VersionRow, locale: string | null): { locale: string | null; content: Content } {
    const variant = locale ? v.variants?.[locale] : undefined;
    if (variant)
      return {
        locale,
        content: {
          format: v.format,
          subject: variant.subject ?? v.subject,
          body: variant.body,
          text: variant.text ?? null,
        },
      };
    return { locale: null, content: { format: v.format, subject: v.subject, body: v.body, text: v.text } };
  }

  /** Compiled once per (template, version, locale) and process. */
  private compiledFor(ws: string, id: string, v: VersionRow, locale: string | null): Promise<Compiled> {
    const key = `${ws}:${id}:${v.version}:${locale ?? ''}`;
    let p = this.compiled.get(key);
    if (!p) {
      p = compile(this.pick(v, locale).content, locale ? `variants.${locale}.` : '', this.roots());
      p.catch(() => this.compiled.delete(key));
      this.compiled.set(key, p);
    }
    return p;
  }

  private async prepare(ws: string, templateId: string, version?: number) {
    const t = await this.head(this.k.db, ws, templateId);
    const v = await this.cachedVersion(ws, templateId, version ?? t.version);
    return { t, v };
  }

  private async renderOne(
    ws: string,
    v: VersionRow,
    person: PersonFacts | null,
    ctx: Omit<RenderContext, 'personId'>,
    contexts?: Record<string, unknown>,
  ) {
    const wanted = normalizeLocale(ctx.locale) ?? person?.locale ?? null;
    const { locale } = this.pick(v, wanted);
    const compiled = await this.compiledFor(ws, v.template_id, v, locale);
    const scope = liquidScope(person, {
      data: ctx.data,
      messageId: ctx.messageId,
      links: await ctx.links,
      contexts: contexts ?? Object.fromEntries(this.contextsOf(v).map((n) => [n, null])),
    });
    return { locale, compiled, scope };
  }

  /**
   * One message's content. 400 VALIDATION_FAILED naming `data.<var>` when the data lacks a
   * variable. Calls made in the same turn of the event loop for one template (a sender rendering
   * its claimed batch concurrently) are coalesced into one renderMany: one profile read for all.
   */
  render(ws: string, templateId: string, ctx: RenderContext): Promise<Rendered> {
    const key = `${ws}:${templateId}:${ctx.version ?? ''}`;
    let batch = this.pending.get(key);
    if (!batch) {
      const b: PendingBatch = { items: [] };
      batch = b;
      this.pending.set(key, b);
      setImmediate(() => {
        if (this.pending.get(key) === b) this.pending.delete(key);
        this.renderMany(
          ws,
          templateId,
          b.items.map((i) => i.ctx),
          ctx.version,
        ).then(
          (out) => {
            out.forEach((o, n) => {
              if (o.error) b.items[n]!.reject(o.error);
              else b.items[n]!.resolve(o.rendered!);
            });
          },
          (e: unknown) => {
            for (const i of b.items) i.reject(e);
          },
        );
      });
    }
    const items = batch.items;
    // A full batch flushes as it is; later calls start the next one.
    if (items.length + 1 >= RENDER_BATCH) this.pending.delete(key);
    return new Promise<Rendered>((resolve, reject) => items.push({ ctx, resolve, reject }));
  }

  /**
   * A chunk's messages with one batched profile read (template-context.ts); each entry is the
   * rendered content or the error of that person (a missing variable, a person that is gone).
   */
  async renderMany(
    ws: string,
    templateId: string,
    people: Omit<RenderContext, 'version'>[],
    version?: number,
  ): Promise<{ personId: string; rendered: Rendered | null; error: AppError | null }[]> {
    const { v } = await this.prepare(ws, templateId, version);
    const profiles = await loadPeople(
      this.k,
      ws,
      people.map((p) => p.personId),
      { computed: usesComputed(v) },
    );
    const contexts = await this.loadContexts(
      ws,
      [...profiles.values()].map((p) => p.id),
      this.contextsOf(v),
    );
    return Promise.all(
      people.map(async (p) => {
        try {
          const person = profiles.get(p.personId);
          if (!person) throw invalid('personId', 'no such person in this workspace');
          const { locale, compiled, scope } = await this.renderOne(ws, v, person, p, contexts.get(person.id));
          const parts = await renderCompiled(compiled, scope);
          const rendered = { templateId, version: v.version, locale, ...parts };
          return { personId: p.personId, rendered, error: null };
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          return { personId: p.personId, rendered: null, error: e };
        }
      }),
    );
  }

  /** Preview against a real person (or none): missing variables are listed and shown as [data.x]. */
  async preview(
    ws: string,
    id: string,
    input: { personId?: string; data?: Record<string, unknown>; locale?: string; version?: number },
  ) {
    const { t, v } = await this.prepare(ws, id, input.version);
    let person: PersonFacts | null = null;
    if (input.personId) {
      person =
        (await loadPeople(this.k, ws, [input.personId], { computed: usesComputed(v) })).get(input.personId) ?? null;
      if (!person) throw invalid('personId', 'no such person in this workspace');
    }
    const contexts = person ? (await this.loadContexts(ws, [person.id], this.contextsOf(v))).get(person.id) : undefined;
    const { locale, compiled, scope } = await this.renderOne(
      ws,
      v,
      person,
      { locale: input.locale, data: input.data },
      contexts,
    );
    const parts = await renderLenient(compiled, scope);
    return {
      templateId: id,
      version: v.version,
      locale,
      subject: parts.subject,
      html: parts.html,
      text: parts.text,
      sms: t.channel === 'sms' ? smsSegments(parts.text) : null,
      missing: [...new Set(parts.missing)],
    };
  }

  /**
   * Sends the template now as a transactional message (through the send ledger, so it is
   * tracked like any other) to a person, or to the person an address belongs to.
   */
  async testSend(
    actor: Actor,
    id: string,
    input: { channelId?: string; personId?: string; to?: string; data?: Record<string, unknown> },
  ): Promise<{ id: string; status: string }> {
    const ws = actor.workspaceId;
    await this.head(this.k.db, ws, id);
    const channelId = input.channelId;
    if (!channelId) throw invalid('channelId', 'the channel to send through', 'REQUIRED');
    const messages = this.engage.messages as unknown as { send?: SendFn };
    if (typeof messages.send !== 'function') throw new AppError('UNPROCESSABLE', 'sending is not available yet');
    let personId = input.personId;
    if (!personId && input.to) {
      const to = input.to.trim();
      const kind = to.includes('@') ? 'email' : 'phone';
      personId = await this.k.cdp.lookup(ws, kind, to).then(
        (p) => p.id,
        () => {
          throw invalid('to', `no person has this ${kind}: add them first, or give personId`);
        },
      );
    }
    if (!personId) throw invalid('personId', 'give personId or to', 'REQUIRED');
    return messages.send(actor, {
      personId,
      channelId,
      templateId: id,
      data: input.data,
      kind: 'transactional',
      idempotencyKey: `test:${randomUUID()}`,
    });
  }
}

/**
 * What a registered template context gives one person (`templates.registerContext`): any JSON-like
 * value; objects read as `name.key`, arrays loop and print as their items' labels (template-render.ts).
 */
export type TemplateContextProvider = (ws: string, personId: string) => unknown;
// A chunk's contexts are read a few persons at a time, as computed traits are (template-context.ts).
const CONTEXT_CONCURRENCY = 4;

interface PendingBatch {
  items: { ctx: RenderContext; resolve: (r: Rendered) => void; reject: (e: unknown) => void }[];
}

type SendFn = (
  actor: Actor,
  input: {
    personId: string;
    channelId: string;
    templateId: string;
    data?: Record<string, unknown>;
    idempotencyKey?: string;
    kind?: MessageKind;
  },
) => Promise<{ id: string; status: string }>;

/** A version number from the path; anything else is a version that does not exist. */
const versionNumber = (v: number | string): number => {
  const n = typeof v === 'number' ? v : /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 1) throw notFound('Template version');
  return n;
};
