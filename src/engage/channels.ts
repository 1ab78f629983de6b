import { sql, type Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, detailOfIssue, invalid, notFound } from '../core/errors.ts';
import { decodeCursor, keysetPage } from '../core/http/pagination.ts';
import { newId } from '../core/ids.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { ChannelType, EngageChannelsTable } from './tables.ts';
import { channelKind } from './channels/registry.ts';
import { ChannelError, type CallbackResult, type ChannelAdapter, type ChannelKind } from './channels/types.ts';
import { BounceReceiver } from './bounce-receiver.ts';
import { AdapterCache } from './channels/adapter-cache.ts';

/** How long "test connection" may take before it answers 422 (a provider that hangs must not hang the UI). */
/** How often the worker makes sure every SMPP channel has its session open. */
const SESSIONS_EVERY_SECONDS = 15;
/** SMPP channels one process keeps sessions for. */
const MAX_SESSIONS = 500;

export const TEST_TIMEOUT_MS = 10_000;

export interface ChannelView {
  id: string;
  type: ChannelType;
  name: string;
  /** The public fields only: secrets are never shown, `secretsSet` names the ones set. */
  config: Record<string, unknown>;
  secretsSet: string[];
  ratePerSecond: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChannelInput {
  type: ChannelType;
  name: string;
  config: Record<string, unknown>;
  ratePerSecond?: number | null;
}
export interface ChannelPatch {
  name?: string;
  /** Merged into the stored config; a secret field omitted keeps its value, `null` clears it. */
  config?: Record<string, unknown | null>;
  ratePerSecond?: number | null;
}

type Row = Selectable<EngageChannelsTable>;

const kindOf = (type: string): ChannelKind => {
  const k = channelKind(type);
  if (!k) throw invalid('type', `unknown channel type "${type}"`, 'INVALID_OPTION');
  return k;
};

/**
 * Configured channels (issue 15, item 1): each row is one provider account behind a ChannelKind
 * adapter. Secrets are split off at the door, sealed with the module's key and opened only to build
 * an adapter or check a callback's signature; no response, audit row or log carries them.
 */
export class Channels {
  private adapters = new AdapterCache<ChannelView>(
    async (ws, id) => {
      const row = await this.row(this.k.db, ws, id);
      const kind = kindOf(row.type);
      const adapter = kind.create(this.configOf(kind, row), this.deps(ws, id));
      return { channel: this.view(row), kind, adapter, updatedAt: row.updated_at.getTime() };
    },
    async (ws, id) => {
      const r = await this.k.db
        .selectFrom('engage_channels')
        .select(['updated_at', 'deleted_at'])
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && !r.deleted_at ? r.updated_at.getTime() : null;
    },
  );
  private bounces: BounceReceiver | null = null;

  constructor(
    protected k: EngageBaseKernel,
    protected engage: Engage,
  ) {
    // Bounces are work: a periodic task runs only in a started process with the worker role (never
    // in one-shot commands), so that is where the receiver listens; a port taken is tried again.
    if (k.config.bounceSmtpPort > 0) k.jobs.every('engage.bounce-receiver', 2, () => this.listenForBounces());
    // Likewise, sessions that must stay open to receive (SMPP receipts and replies) are opened by the
    // worker soon after it starts and after each change, not at the first send.
    k.jobs.every('engage.channel-sessions', SESSIONS_EVERY_SECONDS, () => this.openSessions());
  }

  /** Opens the long-lived sessions of every SMPP channel (the cached adapter keeps them; a change re-opens). */
  private async openSessions(): Promise<void> {
    if (this.closed) return;
    const rows = await this.k.db
      .selectFrom('engage_channels')
      .select(['workspace_id', 'id'])
      .where('type', '=', 'sms')
      .where(sql<boolean>`config->>'transport' = 'smpp'`)
      .where('deleted_at', 'is', null)
      .limit(MAX_SESSIONS)
      .execute();
    const now = Date.now();
    for (const r of rows) {
      const failed = this.sessionFailures.get(r.id);
      if (failed && failed.retryAt > now) continue;
      try {
        const { adapter } = await this.adapter(r.workspace_id, r.id);
        await adapter.openSession?.();
        this.sessionFailures.delete(r.id);
      } catch (err) {
        // An SMSC that refuses is asked again less and less often (up to every 10 minutes), not every period.
        const n = (failed?.n ?? 0) + 1;
        this.sessionFailures.set(r.id, { n, retryAt: now + Math.min(600, SESSIONS_EVERY_SECONDS * 2 ** n) * 1000 });
        this.k.log.warn({ err, channelId: r.id }, 'a channel session could not be opened');
      }
    }
  }
  private sessionFailures = new Map<string, { n: number; retryAt: number }>();

  /** The bounce receiver once it listens (null while off or not yet started). */
  get bounceReceiver(): BounceReceiver | null {
    return this.bounces;
  }

  private bounceRetryAt = 0;
  private async listenForBounces(): Promise<void> {
    if (this.bounces || this.closed || Date.now() < this.bounceRetryAt) return;
    const receiver = new BounceReceiver(this.k, this.engage, this.k.config.bounceSmtpPort);
    try {
      await receiver.ready();
      if (this.closed) await receiver.close();
      else this.bounces = receiver;
    } catch (err) {
      this.bounceRetryAt = Date.now() + 60_000;
      this.k.log.warn(
        { err, port: this.k.config.bounceSmtpPort },
        'the bounce receiver cannot listen; retrying in 60 s',
      );
    }
  }

  /**
   * The channel's secrets. Sealed under another key (KARTOTEKA_SECRET_KEY changed, a database
   * restored elsewhere), they cannot be opened: `strict` says so with a 422; otherwise they read as
   * unset, so the channel still lists and a patch that gives them again repairs it.
   */
  private secretsOf(row: Pick<Row, 'secrets'>, strict = true): Record<string, unknown> {
    if (!row.secrets) return {};
    try {
      return JSON.parse(this.engage.secrets.decrypt(row.secrets)) as Record<string, unknown>;
    } catch {
      if (!strict) return {};
      throw new AppError(
        'UNPROCESSABLE',
        "The channel's secrets cannot be decrypted with the current secret key (KARTOTEKA_SECRET_KEY): enter them again",
        [{ path: 'config', message: 'secrets unreadable with the current key' }],
      );
    }
  }

  private view(row: Row): ChannelView {
    const secrets = this.secretsOf(row, false);
    return {
      id: row.id,
      type: row.type,
      name: row.name,
      config: row.config,
      secretsSet: Object.keys(secrets)
        .filter((f) => secrets[f] !== undefined && secrets[f] !== null && secrets[f] !== '')
        .sort(),
      ratePerSecond: row.rate_per_second,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The whole config (public fields and secrets) an adapter or a callback needs. */
  fullConfig(row: Pick<Row, 'config' | 'secrets'>, strict = true): Record<string, unknown> {
    return { ...row.config, ...this.secretsOf(row, strict) };
  }

  /** The stored config, parsed (defaults applied) for an adapter; a row no longer valid is a 422, not a 500. */
  private configOf(kind: ChannelKind, row: Pick<Row, 'config' | 'secrets'>): Record<string, unknown> {
    const parsed = kind.config.safeParse(this.fullConfig(row));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = ['config', ...issue.path.map(String)].join('.');
      throw new AppError('UNPROCESSABLE', `The channel's stored config is no longer valid: ${path}: ${issue.message}`, [
        { path, message: issue.message },
      ]);
    }
    return parsed.data as Record<string, unknown>;
  }

  /** Validates `raw` with the kind's schema (400 naming `config.<field>`), checks its hosts and URLs, splits the secrets off. */
  private async prepare(kind: ChannelKind, raw: Record<string, unknown>) {
    const parsed = kind.config.safeParse(raw);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => {
        const at = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [])];
        const path = ['config', ...at].join('.');
        const missing =
          issue.path.reduce<unknown>(
            (v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
            raw,
          ) === undefined;
        const message = issue.code === 'unrecognized_keys' ? `unknown field "${issue.keys[0]}"` : issue.message;
        return {
          path,
          message,
          ...detailOfIssue({ code: issue.code, params: issue as unknown as Record<string, unknown> }, missing),
        };
      });
      throw new AppError('VALIDATION_FAILED', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
    }
    const config = parsed.data as Record<string, unknown>;
    for (const f of kind.urlFields ?? [])
      if (typeof config[f] === 'string' && config[f])
        await this.k.outbound.checkUrl(config[f] as string, `config.${f}`);
    for (const f of kind.hostFields ?? []) {
      const h = config[f];
      if (typeof h !== 'string' || !h) continue;
      // A bare IPv6 address needs brackets to stand in a URL's host.
      const inUrl = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
      await this.k.outbound.checkUrl(`http://${inUrl}/`, `config.${f}`);
    }
    const pub: Record<string, unknown> = {};
    const secrets: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(config)) {
      if (v === undefined) continue;
      if ((kind.secretFields as readonly string[]).includes(key)) secrets[key] = v;
      else pub[key] = v;
    }
    return {
      config: pub,
      secrets: Object.keys(secrets).length ? this.engage.secrets.encrypt(JSON.stringify(secrets)) : null,
    };
  }

  private async row(db: DbOrTx, ws: string, id: string, lock = false): Promise<Row> {
    let q = db
      .selectFrom('engage_channels')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw notFound('Channel');
    return r;
  }

  async create(actor: Actor, input: ChannelInput): Promise<ChannelView> {
    const kind = kindOf(input.type);
    const prepared = await this.prepare(kind, input.config ?? {});
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('engage_channels')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          type: kind.type,
          name: input.name,
          config: JSON.stringify(prepared.config),
          secrets: prepared.secrets,
          rate_per_second: input.ratePerSecond ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = this.view(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'channel',
        entityId: row.id,
        after: { ...after },
        record: { ...after },
      });
      return after;
    });
  }

  async list(ws: string, q: { limit: number; cursor?: string; type?: ChannelType }) {
    let query = this.k.db
      .selectFrom('engage_channels')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null);
    if (q.type) query = query.where('type', '=', q.type);
    const c = decodeCursor<{ id: string }>(q.cursor);
    if (c) {
      if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id))
        throw invalid('cursor', 'malformed cursor', 'MALFORMED');
      query = query.where('id', '<', c.id);
    }
    const rows = await query
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    return keysetPage(
      rows,
      q.limit,
      (r) => this.view(r),
      (r) => ({ id: r.id }),
    );
  }

  async get(ws: string, id: string): Promise<ChannelView> {
    return this.view(await this.row(this.k.db, ws, id));
  }

  async update(actor: Actor, id: string, patch: ChannelPatch): Promise<ChannelView> {
    const current = await this.row(this.k.db, actor.workspaceId, id);
    const kind = kindOf(current.type);
    let prepared: { config: Record<string, unknown>; secrets: string | null } | null = null;
    if (patch.config !== undefined) {
      const merged: Record<string, unknown> = this.fullConfig(current, false);
      for (const [key, v] of Object.entries(patch.config)) {
        if (v === null) delete merged[key];
        else merged[key] = v;
      }
      prepared = await this.prepare(kind, merged);
    }
    const view = await this.k.db.transaction().execute(async (trx) => {
      const before = this.view(await this.row(trx, actor.workspaceId, id, true));
      const set: Partial<Record<keyof EngageChannelsTable, unknown>> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.ratePerSecond !== undefined) set.rate_per_second = patch.ratePerSecond;
      if (prepared) {
        set.config = JSON.stringify(prepared.config);
        set.secrets = prepared.secrets;
      }
      if (!Object.keys(set).length) return before;
      set.updated_at = new Date();
      const row = await trx
        .updateTable('engage_channels')
        .set(set as never)
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = this.view(row);
      // A secret that changed value shows in the audit as a change of `secretsChanged`, never its value.
      const secretsChanged = prepared !== null && current.secrets !== row.secrets;
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'channel',
        entityId: id,
        before: { ...before },
        after: { ...after, ...(secretsChanged ? { secretsChanged: true } : {}) },
        record: { ...after },
      });
      return after;
    });
    // This process drops its adapter now; others notice updated_at within a second.
    this.retire(id, actor.workspaceId);
    return view;
  }

  /** Soft delete: the row stays for the ledger's history; messages still queued on it fail `channel_deleted`. */
  async delete(actor: Actor, id: string): Promise<void> {
    await this.k.db.transaction().execute(async (trx) => {
      const before = this.view(await this.row(trx, actor.workspaceId, id, true));
      const now = new Date();
      await trx
        .updateTable('engage_channels')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('engage_messages')
        .set({ status: 'failed', reason: 'channel_deleted', updated_at: now, claimed_until: null })
        .where('workspace_id', '=', actor.workspaceId)
        .where('channel_id', '=', id)
        .where('status', '=', 'queued')
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'channel',
        entityId: id,
        before: { ...before },
        record: { ...before },
      });
    });
    this.retire(id);
  }

  private deps(ws: string, channelId: string) {
    return {
      outbound: this.k.outbound,
      log: this.k.log.child({ component: 'engage.channel', channelId }),
      onCallback: (result: CallbackResult) => this.deliverCallback(ws, channelId, result),
      // A push subscription the push service says is gone (404/410) is forgotten.
      onAddressGone: async (to: string) => void (await this.engage.pushSubscriptions.removeAddress(ws, to)),
    };
  }

  /**
   * "Test connection": a fresh adapter connects and authenticates, then is closed. 422 UNPROCESSABLE
   * with the provider's reason when it fails or takes longer than TEST_TIMEOUT_MS.
   */
  async test(ws: string, id: string): Promise<{ ok: true }> {
    const row = await this.row(this.k.db, ws, id);
    const kind = kindOf(row.type);
    const adapter = kind.create(this.configOf(kind, row), this.deps(ws, id));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        adapter.verify(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ChannelError('timeout', `no answer within ${TEST_TIMEOUT_MS / 1000} s`, false)),
            TEST_TIMEOUT_MS,
          );
        }),
      ]);
      return { ok: true };
    } catch (e) {
      const reason = e instanceof ChannelError ? e.message : 'the connection failed';
      const code = e instanceof ChannelError ? e.code : 'error';
      throw new AppError('UNPROCESSABLE', `The channel test failed: ${reason}`, [
        { path: '(channel)', message: `${reason} (${code})` },
      ]);
    } finally {
      clearTimeout(timer);
      adapter.close().catch(() => {});
    }
  }

  /**
   * The channel's adapter for sending, cached per channel until the channel changes (its
   * `updated_at`, looked at no more than once a second) or the service closes.
   */
  adapter(ws: string, id: string): Promise<{ channel: ChannelView; kind: ChannelKind; adapter: ChannelAdapter }> {
    return this.adapters.get(ws, id);
  }

  private retire(id: string, ws?: string) {
    this.adapters.retire(id, ws);
  }

  /** A channel by id in whichever workspace holds it (provider callbacks carry no workspace). */
  async findForHook(id: string): Promise<{ ws: string; row: Row; kind: ChannelKind } | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const row = await this.k.db
      .selectFrom('engage_channels')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const kind = row && channelKind(row.type);
    return row && kind ? { ws: row.workspace_id, row, kind } : null;
  }

  /** Hands a provider's status reports and inbound messages to the send ledger. */
  async deliverCallback(ws: string, channelId: string, result: CallbackResult): Promise<void> {
    if (result.statuses.length) await this.engage.messages.applyReports(ws, channelId, result.statuses);
    if (result.inbound.length) await this.engage.messages.applyInbound(ws, channelId, result.inbound);
  }

  private closed = false;
  async close(): Promise<void> {
    this.closed = true;
    await this.adapters.closeAll();
    await this.bounces?.close();
  }
}
