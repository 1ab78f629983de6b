import type { Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { Service } from './service.ts';
import type { InboxChannel, ServiceInboxesTable } from './tables.ts';
import { prepareInboxSettings, redactInboxSettings } from './channels/imap-settings.ts';
import { prepareBotSettings } from './bot/settings.ts';

type Row = Selectable<ServiceInboxesTable>;
export type InboxView = ReturnType<typeof inboxView>;
export const inboxView = (r: Row) => ({
  id: r.id,
  name: r.name,
  channel: r.channel,
  address: r.address,
  channelId: r.channel_id,
  settings: redactInboxSettings(r.settings),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The engage channel types that can carry an inbox's replies (chat goes over the live socket; api over any). */
const REPLY_TYPES: Record<InboxChannel, readonly string[]> = {
  email: ['email'],
  telegram: ['telegram'],
  vk: ['vk'],
  whatsapp: ['whatsapp'],
  sms: ['sms'],
  chat: ['email', 'telegram', 'vk', 'whatsapp', 'sms', 'webhook'],
  api: ['email', 'telegram', 'vk', 'whatsapp', 'sms', 'webhook'],
};

export interface InboxInput {
  name: string;
  channel: InboxChannel;
  address?: string | null;
  channelId?: string | null;
  settings?: Record<string, unknown>;
}

/** Inboxes: where requests land, one channel each; an email inbox is found by its address from any workspace. */
export class Inboxes {
  constructor(
    private k: ServiceBaseKernel,
    _service: Service,
  ) {}

  async list(ws: string): Promise<InboxView[]> {
    const rows = await this.k.db
      .selectFrom('service_inboxes')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(inboxView);
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<InboxView> {
    return inboxView(await this.row(db, ws, id));
  }

  /** The inbox an email address files to, in any workspace (the SMTP receiver has no workspace). */
  async byAddress(address: string): Promise<{ ws: string; inbox: InboxView } | null> {
    const row = await this.k.db
      .selectFrom('service_inboxes')
      .selectAll()
      .where('address', '=', address.trim().toLowerCase())
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? { ws: row.workspace_id, inbox: inboxView(row) } : null;
  }

  /** The inbox whose replies go out through this engage channel (its inbound callbacks land there). */
  async byChannel(db: DbOrTx, ws: string, channelId: string): Promise<InboxView | null> {
    const row = await db
      .selectFrom('service_inboxes')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('channel_id', '=', channelId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    return row ? inboxView(row) : null;
  }

  async create(actor: Actor, input: InboxInput): Promise<InboxView> {
    const ws = actor.workspaceId;
    const address = await this.checkAddress(ws, input.channel, input.address ?? null, null);
    if (input.channelId) await this.checkChannel(ws, input.channel, input.channelId);
    const settings = prepareBotSettings(await prepareInboxSettings(this.secretDeps(), input.settings, undefined));
    const id = newId();
    return this.k.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('service_inboxes')
        .values({
          workspace_id: ws,
          id,
          name: input.name,
          channel: input.channel,
          address,
          channel_id: input.channelId ?? null,
          settings: JSON.stringify(settings ?? {}),
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = inboxView(row);
      await this.k.audit.record(trx, actor, {
        action: 'create',
        entityType: 'inbox',
        entityId: id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<Omit<InboxInput, 'channel'>>): Promise<InboxView> {
    const ws = actor.workspaceId;
    const current = await this.row(this.k.db, ws, id);
    const address =
      patch.address !== undefined ? await this.checkAddress(ws, current.channel, patch.address, id) : undefined;
    if (patch.channelId) await this.checkChannel(ws, current.channel, patch.channelId);
    const settings =
      patch.settings !== undefined
        ? prepareBotSettings(await prepareInboxSettings(this.secretDeps(), patch.settings, current.settings))
        : undefined;
    return this.k.db.transaction().execute(async (trx) => {
      const before = inboxView(await this.row(trx, ws, id, true));
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (address !== undefined) set.address = address;
      if (patch.channelId !== undefined) set.channel_id = patch.channelId;
      if (settings !== undefined) set.settings = JSON.stringify(settings);
      if (!Object.keys(set).length) return before;
      const row = await trx
        .updateTable('service_inboxes')
        .set({ ...set, updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = inboxView(row);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'inbox',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /** Soft delete: its conversations stay readable; its address is free again. */
  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = inboxView(await this.row(trx, ws, id, true));
      await trx
        .updateTable('service_inboxes')
        .set({ deleted_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'inbox',
        entityId: id,
        before,
        record: before,
      });
    });
  }

  /** An IMAP mailbox's password is sealed like engage channels' secrets (channels/imap-settings.ts). */
  private secretDeps() {
    return { secrets: this.k.engage.secrets, outbound: this.k.outbound };
  }

  async row(db: DbOrTx, ws: string, id: string, lock = false): Promise<Row> {
    let q = db
      .selectFrom('service_inboxes')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Inbox');
    return row;
  }

  private async checkAddress(ws: string, channel: InboxChannel, raw: string | null, self: string | null) {
    if (raw == null || raw.trim() === '') {
      if (channel === 'email')
        throw invalid('address', 'an email inbox needs the address its mail comes to', 'REQUIRED');
      return null;
    }
    const address = raw.trim().toLowerCase();
    if (channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))
      throw invalid('address', 'not a valid email address', 'INVALID_EMAIL');
    const taken = await this.k.db
      .selectFrom('service_inboxes')
      .select(['id', 'workspace_id'])
      .where('address', '=', address)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (taken && taken.id !== self) {
      // Another workspace's inbox is not named to this one.
      const details = [
        taken.workspace_id === ws
          ? {
              path: 'address',
              message: 'another inbox has this address',
              code: 'ALREADY_USED' as const,
              existingId: taken.id,
            }
          : { path: 'address', message: 'this address is in use', code: 'ALREADY_USED' as const },
      ];
      throw new AppError('ALREADY_EXISTS', 'address: another inbox has this address', details);
    }
    return address;
  }

  private async checkChannel(ws: string, channel: InboxChannel, channelId: string) {
    const c = await this.k.engage.channels.get(ws, channelId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND')
        throw invalid('channelId', 'no such channel in this workspace');
      throw err;
    });
    if (!REPLY_TYPES[channel].includes(c.type))
      throw invalid('channelId', `a ${channel} inbox cannot reply through a ${c.type} channel`, 'INVALID_OPTION');
  }
}
