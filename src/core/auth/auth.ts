import type { Audit } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, randomToken, sha256 } from '../ids.ts';
import type { Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';

const KEY_CACHE_MS = 5_000;

export interface Principal {
  actor: Actor;
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
}

const memberView = (r: { id: string; email: string; name: string; locale: string; role: string; disabled_at: Date | null; created_at: Date }) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  locale: r.locale,
  role: r.role as Role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

const keyView = (r: { id: string; name: string; prefix: string; role: string; created_by: string | null; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role as Role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

const validRole = (role: string, path = 'role'): Role => {
  if (!(ROLES as readonly string[]).includes(role))
    throw new AppError('VALIDATION_FAILED', `${path}: must be one of ${ROLES.join(', ')}`, [{ path, message: `must be one of ${ROLES.join(', ')}` }]);
  return role as Role;
};

/** Workspaces, users and their memberships, UI sessions and API keys. */
export class Auth {
  // API keys are checked on every request; `last_used_at` is written at most once a minute per key.
  private lastTouched = new Map<string, number>();
  private dummyHash: Promise<string> | undefined;
  private keyCache = new Map<string, { id: string; workspace_id: string; name: string; role: string; until: number }>();

  constructor(
    private db: Db,
    private audit: Audit,
    private opts: { sessionTtlHours: number },
  ) {}

  // ── workspaces ────────────────────────────────────────────────────────────
  async ensureWorkspace(slug: string, name?: string) {
    const existing = await this.db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (existing) return existing;
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
      throw new AppError('VALIDATION_FAILED', 'workspace: use lower-case letters, digits and dashes', [{ path: 'workspace', message: 'use lower-case letters, digits and dashes' }]);
    return this.db
      .insertInto('workspaces')
      .values({ id: newId(), slug, name: name ?? slug })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst()
      .then(async (r) => r ?? (await this.db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()));
  }

  async getWorkspace(id: string) {
    const w = await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!w) throw notFound('Workspace');
    return { id: w.id, slug: w.slug, name: w.name, settings: w.settings, createdAt: w.created_at };
  }

  async updateWorkspace(actor: Actor, input: { name?: string; settings?: Record<string, unknown> }) {
    if (input.name === undefined && input.settings === undefined) return this.getWorkspace(actor.workspaceId); // nothing to change
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('workspaces').selectAll().where('id', '=', actor.workspaceId).executeTakeFirstOrThrow();
      const after = await trx
        .updateTable('workspaces')
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.settings !== undefined ? { settings: JSON.stringify({ ...before.settings, ...input.settings }) as any } : {}) })
        .where('id', '=', actor.workspaceId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = { id: after.id, slug: after.slug, name: after.name, settings: after.settings, createdAt: after.created_at };
      await this.audit.record(trx, actor, { action: 'update', entityType: 'workspace', entityId: after.id, before: { name: before.name, settings: before.settings }, after: { name: after.name, settings: after.settings }, record: view });
      return view;
    });
  }

  // ── users and membership ──────────────────────────────────────────────────
  async listMembers(workspaceId: string) {
    const rows = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.locale', 'u.disabled_at', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .orderBy('u.name')
      .execute();
    return rows.map(memberView);
  }

  async getMember(workspaceId: string, userId: string, trx: DbOrTx = this.db) {
    const r = await trx
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.locale', 'u.disabled_at', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .where('u.id', '=', userId)
      .executeTakeFirst();
    if (!r) throw notFound('User');
    return memberView(r);
  }

  /** Adds a member; an existing login (same email) joins this workspace with its own password kept. */
  async createMember(actor: Actor, input: { email: string; name: string; password: string; role: string; locale?: string }) {
    const role = validRole(input.role);
    const email = input.email.trim().toLowerCase();
    const hash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      let user = await trx.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
      if (!user) {
        user = await trx
          .insertInto('users')
          .values({ id: newId(), email, name: input.name, password_hash: hash, locale: input.locale ?? 'ru', disabled_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const exists = await trx.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', user.id).executeTakeFirst();
      if (exists) throw new AppError('ALREADY_EXISTS', `email: ${email} is already a member of this workspace`, [{ path: 'email', message: 'already a member' }]);
      await trx.insertInto('workspace_members').values({ workspace_id: actor.workspaceId, user_id: user.id, role }).execute();
      const view = await this.getMember(actor.workspaceId, user.id, trx);
      await this.audit.record(trx, actor, { action: 'create', entityType: 'user', entityId: user.id, after: view, record: view });
      return view;
    });
  }

  async updateMember(actor: Actor, userId: string, input: { name?: string; role?: string; locale?: string; disabled?: boolean; password?: string }) {
    const role = input.role !== undefined ? validRole(input.role) : undefined;
    const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getMember(actor.workspaceId, userId, trx);
      if (role && role !== 'admin' && before.role === 'admin') await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      if (input.disabled && before.role === 'admin') await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      const userSet: Record<string, unknown> = {};
      if (input.name !== undefined) userSet.name = input.name;
      if (input.locale !== undefined) userSet.locale = input.locale;
      if (input.disabled !== undefined) userSet.disabled_at = input.disabled ? new Date() : null;
      if (hash) userSet.password_hash = hash;
      if (Object.keys(userSet).length) await trx.updateTable('users').set({ ...userSet, updated_at: new Date() }).where('id', '=', userId).execute();
      if (role) await trx.updateTable('workspace_members').set({ role }).where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).execute();
      if (input.disabled || hash) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      const after = await this.getMember(actor.workspaceId, userId, trx);
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: userId,
        before: { ...before, password: null },
        after: { ...after, password: hash ? 'changed' : null },
        redact: ['password'],
        record: after,
      });
      return after;
    });
  }

  async removeMember(actor: Actor, userId: string) {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getMember(actor.workspaceId, userId, trx);
      if (before.role === 'admin') await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      await trx.deleteFrom('workspace_members').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).execute();
      await trx.deleteFrom('sessions').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', userId).execute();
      await this.audit.record(trx, actor, { action: 'delete', entityType: 'user', entityId: userId, before, record: before });
    });
  }

  private async assertAnotherAdmin(trx: DbOrTx, workspaceId: string, userId: string) {
    const others = await trx
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.workspace_id', '=', workspaceId)
      .where('m.role', '=', 'admin')
      .where('m.user_id', '<>', userId)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!others) throw new AppError('CONFLICT', 'The workspace must keep at least one active admin');
  }

  // ── sessions ─────────────────────────────────────────────────────────────
  async login(input: { email: string; password: string; workspace?: string; userAgent?: string; ip?: string }) {
    const email = input.email.trim().toLowerCase();
    const user = await this.db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    // Verify even for unknown users so the response time does not reveal which emails exist.
    this.dummyHash ??= hashPassword(randomToken(16));
    const ok = await verifyPassword(user?.password_hash ?? (await this.dummyHash), input.password);
    if (!user || !ok || user.disabled_at) throw new AppError('INVALID_CREDENTIALS');
    let q = this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.slug', 'm.role'])
      .where('m.user_id', '=', user.id);
    if (input.workspace) q = q.where('w.slug', '=', input.workspace);
    const membership = await q.orderBy('m.created_at').executeTakeFirst();
    if (!membership) throw new AppError('INVALID_CREDENTIALS', input.workspace ? `No access to workspace "${input.workspace}"` : 'This user belongs to no workspace');
    return this.startSession(user.id, membership.id, input.userAgent, input.ip);
  }

  async startSession(userId: string, workspaceId: string, userAgent?: string, ip?: string) {
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + this.opts.sessionTtlHours * 3600_000);
    await this.db
      .insertInto('sessions')
      .values({ workspace_id: workspaceId, id: newId(), user_id: userId, token_hash: sha256(token), expires_at: expiresAt, user_agent: userAgent?.slice(0, 300) ?? null, ip: ip ?? null })
      .execute();
    return { token, expiresAt };
  }

  async switchWorkspace(sessionId: string, userId: string, slug: string) {
    const m = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id'])
      .where('m.user_id', '=', userId)
      .where('w.slug', '=', slug)
      .executeTakeFirst();
    if (!m) throw notFound('Workspace');
    await this.db.updateTable('sessions').set({ workspace_id: m.id }).where('id', '=', sessionId).execute();
  }

  async logout(token: string) {
    await this.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
  }

  async authenticateSession(token: string, requestId?: string): Promise<Principal | null> {
    const r = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .innerJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'))
      .select(['s.id as session_id', 's.workspace_id', 's.expires_at', 'u.id as user_id', 'u.name', 'u.email', 'u.disabled_at', 'm.role'])
      .where('s.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!r || r.disabled_at || r.expires_at.getTime() < Date.now()) return null;
    return {
      actor: { workspaceId: r.workspace_id, type: 'user', id: r.user_id, label: `${r.name} <${r.email}>`, role: r.role as Role, channel: 'ui', requestId },
      userId: r.user_id,
      apiKeyId: null,
      sessionId: r.session_id,
    };
  }

  async me(principal: Principal) {
    if (!principal.userId) {
      return { user: null, apiKey: { id: principal.apiKeyId, label: principal.actor.label }, workspace: await this.getWorkspace(principal.actor.workspaceId), role: principal.actor.role, workspaces: [] };
    }
    const u = await this.db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('id', '=', principal.userId).executeTakeFirstOrThrow();
    const workspaces = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.slug', 'w.name', 'm.role'])
      .where('m.user_id', '=', u.id)
      .orderBy('w.name')
      .execute();
    return { user: u, apiKey: null, workspace: await this.getWorkspace(principal.actor.workspaceId), role: principal.actor.role, workspaces };
  }

  async updateSelf(principal: Principal, input: { name?: string; locale?: string; password?: string; currentPassword?: string }) {
    if (!principal.userId) throw new AppError('FORBIDDEN', 'Only a logged-in user can change their own profile');
    const user = await this.db.selectFrom('users').selectAll().where('id', '=', principal.userId).executeTakeFirstOrThrow();
    if (input.password !== undefined) {
      if (!input.currentPassword || !(await verifyPassword(user.password_hash, input.currentPassword)))
        throw new AppError('VALIDATION_FAILED', 'currentPassword: wrong current password', [{ path: 'currentPassword', message: 'wrong current password' }]);
    }
    const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.name !== undefined) set.name = input.name;
      if (input.locale !== undefined) set.locale = input.locale;
      if (hash) set.password_hash = hash;
      await trx.updateTable('users').set(set).where('id', '=', user.id).execute();
      await this.audit.record(trx, principal.actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        before: { name: user.name, locale: user.locale, password: null },
        after: { name: input.name ?? user.name, locale: input.locale ?? user.locale, password: hash ? 'changed' : null },
        redact: ['password'],
      });
    });
    return this.me(principal);
  }

  // ── API keys ─────────────────────────────────────────────────────────────
  async createApiKey(actor: Actor, input: { name: string; role: string }) {
    const role = validRole(input.role);
    const secret = randomToken(24);
    const key = `kt_${secret}`;
    const id = newId();
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('api_keys')
        .values({ workspace_id: actor.workspaceId, id, name: input.name, prefix: key.slice(0, 10), key_hash: sha256(key), role, created_by: actor.type === 'user' ? actor.id : null })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = keyView(r);
      await this.audit.record(trx, actor, { action: 'create', entityType: 'api_key', entityId: id, after: view, record: view });
      return { ...view, key };
    });
  }

  async listApiKeys(workspaceId: string) {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
    return rows.map(keyView);
  }

  async revokeApiKey(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('api_keys').selectAll().where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('API key');
      if (before.revoked_at) return keyView(before);
      for (const [hash, v] of this.keyCache) if (v.id === id) this.keyCache.delete(hash);
      const after = await trx.updateTable('api_keys').set({ revoked_at: new Date() }).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, { action: 'update', entityType: 'api_key', entityId: id, before: keyView(before), after: keyView(after), record: keyView(after) });
      return keyView(after);
    });
  }

  async authenticateApiKey(key: string, requestId?: string): Promise<Principal | null> {
    if (!key.startsWith('kt_')) return null;
    const hash = sha256(key);
    const now = Date.now();
    // A key is looked up on every request; a few seconds of caching saves a query per call. A
    // revocation is immediate in this process and takes at most KEY_CACHE_MS in the others.
    let r = this.keyCache.get(hash);
    if (!r || r.until < now) {
      const row = await this.db.selectFrom('api_keys').select(['id', 'workspace_id', 'name', 'role', 'revoked_at']).where('key_hash', '=', hash).executeTakeFirst();
      if (!row || row.revoked_at) {
        this.keyCache.delete(hash);
        return null;
      }
      r = { ...row, until: now + KEY_CACHE_MS };
      if (this.keyCache.size > 10_000) this.keyCache.clear();
      this.keyCache.set(hash, r);
    }
    if ((this.lastTouched.get(r.id) ?? 0) < now - 60_000) {
      this.lastTouched.set(r.id, now);
      await this.db.updateTable('api_keys').set({ last_used_at: new Date(now) }).where('workspace_id', '=', r.workspace_id).where('id', '=', r.id).execute();
    }
    return {
      actor: { workspaceId: r.workspace_id, type: 'api_key', id: r.id, label: `API key "${r.name}"`, role: r.role as Role, channel: 'api', requestId },
      userId: null,
      apiKeyId: r.id,
      sessionId: null,
    };
  }
}
