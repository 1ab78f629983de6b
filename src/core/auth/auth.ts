import type { Audit } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, randomToken, sha256 } from '../ids.ts';
import { sql } from 'kysely';
import { systemActor, type Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { ROLES, type Role } from './roles.ts';

const KEY_CACHE_MS = 5_000;

export interface Principal {
  actor: Actor;
  userId: string | null;
  apiKeyId: string | null;
  sessionId: string | null;
}

/** Failed logins before the lockouts start, per account and per client address (an office behind NAT shares one). */
export const THROTTLE = {
  accountFree: 5,
  addressFree: 20,
  baseSeconds: 5,
  maxSeconds: 15 * 60,
  forgetAfterSeconds: 3600,
} as const;

const memberView = (r: {
  id: string;
  email: string;
  name: string;
  locale: string;
  role: string;
  disabled_at: Date | null;
  created_at: Date;
}) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  locale: r.locale,
  role: r.role as Role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

const invitationView = (r: { id: string; email: string; name: string; role: string; created_at: Date }) => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  status: 'invited' as const,
  createdAt: r.created_at,
});

const keyView = (r: {
  id: string;
  name: string;
  prefix: string;
  role: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
}) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role as Role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  expiresAt: r.expires_at,
});

const validRole = (role: string, path = 'role'): Role => {
  if (!(ROLES as readonly string[]).includes(role))
    throw new AppError('VALIDATION_FAILED', `${path}: must be one of ${ROLES.join(', ')}`, [
      { path, message: `must be one of ${ROLES.join(', ')}` },
    ]);
  return role as Role;
};

/** Workspaces, users and their memberships, UI sessions and API keys. */
export class Auth {
  // API keys are checked on every request; `last_used_at` is written at most once a minute per key.
  private lastTouched = new Map<string, number>();
  private dummyHash: Promise<string> | undefined;
  private keyCache = new Map<
    string,
    { id: string; workspace_id: string; name: string; role: string; expires_at: Date | null; until: number }
  >();

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
      throw new AppError('VALIDATION_FAILED', 'workspace: use lower-case letters, digits and dashes', [
        { path: 'workspace', message: 'use lower-case letters, digits and dashes', code: 'INVALID_SLUG' },
      ]);
    return this.db
      .insertInto('workspaces')
      .values({ id: newId(), slug, name: name ?? slug })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returningAll()
      .executeTakeFirst()
      .then(
        async (r) =>
          r ?? (await this.db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()),
      );
  }

  async getWorkspace(id: string) {
    const w = await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!w) throw notFound('Workspace');
    return { id: w.id, slug: w.slug, name: w.name, settings: w.settings, createdAt: w.created_at };
  }

  async updateWorkspace(actor: Actor, input: { name?: string; settings?: Record<string, unknown> }) {
    if (input.name === undefined && input.settings === undefined) return this.getWorkspace(actor.workspaceId); // nothing to change
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('workspaces')
        .selectAll()
        .where('id', '=', actor.workspaceId)
        .executeTakeFirstOrThrow();
      const after = await trx
        .updateTable('workspaces')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.settings !== undefined
            ? { settings: JSON.stringify({ ...before.settings, ...input.settings }) as any }
            : {}),
        })
        .where('id', '=', actor.workspaceId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = {
        id: after.id,
        slug: after.slug,
        name: after.name,
        settings: after.settings,
        createdAt: after.created_at,
      };
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'workspace',
        entityId: after.id,
        before: { name: before.name, settings: before.settings },
        after: { name: after.name, settings: after.settings },
        record: view,
      });
      return view;
    });
  }

  // ── users and membership ──────────────────────────────────────────────────
  async listMembers(workspaceId: string) {
    const rows = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.locale', 'm.disabled_at', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .orderBy('u.name')
      .execute();
    return rows.map(memberView);
  }

  async getMember(workspaceId: string, userId: string, trx: DbOrTx = this.db) {
    const r = await trx
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name', 'u.locale', 'm.disabled_at', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', workspaceId)
      .where('u.id', '=', userId)
      .executeTakeFirst();
    if (!r) throw notFound('User');
    return memberView(r);
  }

  /**
   * Operator and system use only (CLI, demo data, tests): adds a member directly. An existing login
   * (same email) joins with its own password and name kept. Workspace admins go through `invite`.
   */
  async createMember(
    actor: Actor,
    input: { email: string; name: string; password: string; role: string; locale?: string },
  ) {
    if (actor.type !== 'system')
      throw new AppError('FORBIDDEN', 'Members are added by invitation (POST /api/v1/users)');
    const role = validRole(input.role);
    const email = input.email.trim().toLowerCase();
    const hash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      let user = await trx
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      if (!user) {
        user = await trx
          .insertInto('users')
          .values({
            id: newId(),
            email,
            name: input.name,
            password_hash: hash,
            locale: input.locale ?? 'ru',
            disabled_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const exists = await trx
        .selectFrom('workspace_members')
        .select('user_id')
        .where('workspace_id', '=', actor.workspaceId)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (exists)
        throw new AppError('ALREADY_EXISTS', `email: ${email} is already a member of this workspace`, [
          { path: 'email', message: 'already a member', code: 'ALREADY_MEMBER' },
        ]);
      await trx
        .insertInto('workspace_members')
        .values({ workspace_id: actor.workspaceId, user_id: user.id, role })
        .execute();
      await trx
        .deleteFrom('workspace_invitations')
        .where('workspace_id', '=', actor.workspaceId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .execute();
      const view = await this.getMember(actor.workspaceId, user.id, trx);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /**
   * A workspace admin adds someone by email: always an invitation, answered the same way whether or
   * not a login with that email exists elsewhere, so the workspace learns nothing about it. A new
   * email gets a login with the name and password given (nobody else owns it yet), and its
   * invitation is accepted when that login first signs in; an existing login keeps its own name and
   * password, and the person accepts from their own session. Either way the workspace lists the
   * invitation, with the name the admin typed, until the person has signed in or accepted.
   */
  async invite(actor: Actor, input: { email: string; name: string; password: string; role: string; locale?: string }) {
    const role = validRole(input.role);
    const email = input.email.trim().toLowerCase();
    // Hashed in both cases, so that the time taken does not tell a new email from an existing one.
    const hash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      const member =
        user &&
        (await trx
          .selectFrom('workspace_members')
          .select('user_id')
          .where('workspace_id', '=', actor.workspaceId)
          .where('user_id', '=', user.id)
          .executeTakeFirst());
      if (member)
        throw new AppError('ALREADY_EXISTS', `email: ${email} is already a member of this workspace`, [
          { path: 'email', message: 'already a member', code: 'ALREADY_MEMBER' },
        ]);
      const pending = await trx
        .selectFrom('workspace_invitations')
        .select('id')
        .where('workspace_id', '=', actor.workspaceId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      if (pending)
        throw new AppError('ALREADY_EXISTS', `email: ${email} is already invited to this workspace`, [
          { path: 'email', message: 'already invited' },
        ]);
      let createdLogin: string | null = null;
      if (!user) {
        createdLogin = newId();
        await trx
          .insertInto('users')
          .values({
            id: createdLogin,
            email,
            name: input.name,
            password_hash: hash,
            locale: input.locale ?? 'ru',
            disabled_at: null,
          })
          .execute();
      }
      const row = await trx
        .insertInto('workspace_invitations')
        .values({
          workspace_id: actor.workspaceId,
          id: newId(),
          email,
          name: input.name,
          role,
          invited_by: actor.label,
          created_login_id: createdLogin,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = invitationView(row);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'invitation',
        entityId: row.id,
        after: { email, name: input.name, role },
        record: view,
      });
      return view;
    });
  }

  async listInvitations(workspaceId: string) {
    const rows = await this.db
      .selectFrom('workspace_invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(invitationView);
  }

  async cancelInvitation(actor: Actor, id: string) {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('workspace_invitations')
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('Invitation');
      // A login this invitation created and that never joined anything goes with it.
      if (row.created_login_id)
        await trx
          .deleteFrom('users')
          .where('id', '=', row.created_login_id)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb.selectFrom('workspace_members').select('user_id').where('user_id', '=', row.created_login_id!),
              ),
            ),
          )
          .execute();
      const view = invitationView(row);
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'invitation',
        entityId: id,
        before: { email: row.email, name: row.name, role: row.role },
        record: view,
      });
    });
  }

  /** Invitations waiting for the logged-in person (matched by their login's email). */
  async myInvitations(principal: Principal) {
    if (!principal.userId) return [];
    const u = await this.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('workspace_invitations as i')
      .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
      .select(['i.id', 'i.role', 'i.invited_by', 'i.created_at', 'w.slug', 'w.name'])
      .where((eb) => eb(eb.fn('lower', ['i.email']), '=', u.email.toLowerCase()))
      .orderBy('i.created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      workspace: { slug: r.slug, name: r.name },
      role: r.role as Role,
      invitedBy: r.invited_by,
      createdAt: r.created_at,
    }));
  }

  /** The invited person says yes (from their own session) or no; someone else's invitation is not found. */
  async answerInvitation(principal: Principal, id: string, accept: boolean) {
    // An API key has no invitations of its own: nothing to find.
    if (!principal.userId) throw notFound('Invitation');
    const userId = principal.userId;
    return this.db.transaction().execute(async (trx) => {
      const u = await trx
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      const inv = await trx
        .deleteFrom('workspace_invitations')
        .where('id', '=', id)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', u.email.toLowerCase()))
        .returningAll()
        .executeTakeFirst();
      if (!inv) throw notFound('Invitation');
      const ws = await trx
        .selectFrom('workspaces')
        .select(['slug', 'name'])
        .where('id', '=', inv.workspace_id)
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        workspaceId: inv.workspace_id,
        type: 'user',
        id: u.id,
        label: `${u.name} <${u.email}>`,
        role: inv.role as Role,
        channel: 'ui',
        requestId: principal.actor.requestId,
      };
      if (accept) await this.joinByInvitation(trx, actor, inv, u.id);
      else
        await this.audit.record(trx, actor, {
          action: 'decline',
          entityType: 'invitation',
          entityId: inv.id,
          before: { email: inv.email, role: inv.role },
          record: invitationView(inv),
        });
      return { workspace: ws, role: inv.role as Role };
    });
  }

  private async joinByInvitation(
    trx: DbOrTx,
    actor: Actor,
    inv: { workspace_id: string; id: string; email: string; name: string; role: string; created_at: Date },
    userId: string,
  ) {
    const already = await trx
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', inv.workspace_id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (already) return;
    await trx
      .insertInto('workspace_members')
      .values({ workspace_id: inv.workspace_id, user_id: userId, role: inv.role })
      .execute();
    await this.audit.record(trx, actor, {
      action: 'accept',
      entityType: 'invitation',
      entityId: inv.id,
      before: { email: inv.email, role: inv.role },
      record: invitationView(inv),
    });
    const view = await this.getMember(inv.workspace_id, userId, trx);
    await this.audit.record(trx, actor, {
      action: 'create',
      entityType: 'user',
      entityId: userId,
      after: view,
      record: view,
    });
  }

  /**
   * What a workspace admin may change about a member: the role in this workspace and whether the
   * membership is disabled here. The login itself (password, name, global disable) is the person's
   * own, or an operator's through the CLI.
   */
  async updateMember(actor: Actor, userId: string, input: { role?: string; disabled?: boolean }) {
    const role = input.role !== undefined ? validRole(input.role) : undefined;
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getMember(actor.workspaceId, userId, trx);
      if (role && role !== 'admin' && before.role === 'admin')
        await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      if (input.disabled && before.role === 'admin') await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      const set: { role?: string; disabled_at?: Date | null } = {};
      if (role) set.role = role;
      if (input.disabled !== undefined && input.disabled !== before.disabled)
        set.disabled_at = input.disabled ? new Date() : null;
      if (Object.keys(set).length)
        await trx
          .updateTable('workspace_members')
          .set(set)
          .where('workspace_id', '=', actor.workspaceId)
          .where('user_id', '=', userId)
          .execute();
      // Disabled here: the sessions in this workspace end; the person's other workspaces go on.
      if (input.disabled)
        await trx
          .deleteFrom('sessions')
          .where('workspace_id', '=', actor.workspaceId)
          .where('user_id', '=', userId)
          .execute();
      const after = await this.getMember(actor.workspaceId, userId, trx);
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: userId,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  async removeMember(actor: Actor, userId: string) {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getMember(actor.workspaceId, userId, trx);
      if (before.role === 'admin') await this.assertAnotherAdmin(trx, actor.workspaceId, userId);
      await trx
        .deleteFrom('workspace_members')
        .where('workspace_id', '=', actor.workspaceId)
        .where('user_id', '=', userId)
        .execute();
      await trx
        .deleteFrom('sessions')
        .where('workspace_id', '=', actor.workspaceId)
        .where('user_id', '=', userId)
        .execute();
      await this.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'user',
        entityId: userId,
        before,
        record: before,
      });
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
      .where('m.disabled_at', 'is', null)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!others) throw new AppError('CONFLICT', 'The workspace must keep at least one active admin');
  }

  // ── sessions ─────────────────────────────────────────────────────────────
  async login(input: {
    email: string;
    password: string;
    workspace?: string;
    userAgent?: string;
    ip?: string;
    requestId?: string;
  }) {
    const email = input.email.trim().toLowerCase();
    const keys = { account: `email:${email}`, address: input.ip ? `ip:${input.ip}` : null };
    await this.assertNotThrottled(keys);
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    // Verify even for unknown users so the response time does not reveal which emails exist.
    this.dummyHash ??= hashPassword(randomToken(16));
    const ok = await verifyPassword(user?.password_hash ?? (await this.dummyHash), input.password);
    if (!user || !ok) {
      await this.loginFailed(keys, user?.id ?? null, input.ip, input.requestId);
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.disabled_at) throw new AppError('INVALID_CREDENTIALS');
    await this.db.deleteFrom('login_throttle').where('key', '=', keys.account).execute();
    // A login created by an invitation (a new email) joins that workspace when it first signs in.
    const created = await this.db
      .selectFrom('workspace_invitations')
      .selectAll()
      .where('created_login_id', '=', user.id)
      .execute();
    for (const inv of created) {
      await this.db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('workspace_invitations')
          .where('workspace_id', '=', inv.workspace_id)
          .where('id', '=', inv.id)
          .returning('id')
          .executeTakeFirst();
        if (!gone) return;
        const actor: Actor = {
          workspaceId: inv.workspace_id,
          type: 'user',
          id: user.id,
          label: `${user.name} <${user.email}>`,
          role: inv.role as Role,
          channel: 'ui',
          requestId: input.requestId,
        };
        await this.joinByInvitation(trx, actor, inv, user.id);
      });
    }
    let q = this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.slug', 'm.role'])
      .where('m.user_id', '=', user.id)
      .where('m.disabled_at', 'is', null);
    if (input.workspace) q = q.where('w.slug', '=', input.workspace);
    const membership = await q.orderBy('m.created_at').executeTakeFirst();
    if (!membership)
      throw new AppError(
        'INVALID_CREDENTIALS',
        input.workspace ? `No access to workspace "${input.workspace}"` : 'This user belongs to no workspace',
      );
    return this.startSession(user.id, membership.id, input.userAgent, input.ip);
  }

  /**
   * Login backoff, kept in the database so that every API process sees it: after THROTTLE.accountFree
   * failures for one email (known or not) or THROTTLE.addressFree from one client address, each
   * further failure locks that key for twice as long as the last (5 s, 10 s, … up to 15 minutes).
   * Failures are forgotten an hour after the last one, and an account's on a successful login.
   */
  private async assertNotThrottled(keys: { account: string; address: string | null }) {
    const rows = await sql<{ key: string; wait: number }>`
      SELECT key, CEIL(EXTRACT(EPOCH FROM (locked_until - now())))::int AS wait
      FROM login_throttle WHERE key IN (${keys.account}, ${keys.address ?? keys.account}) AND locked_until > now()`.execute(
      this.db,
    );
    if (!rows.rows.length) return;
    const wait = Math.max(1, ...rows.rows.map((r) => Number(r.wait)));
    const by = rows.rows.some((r) => r.key === keys.account) ? 'this account' : 'this address';
    throw Object.assign(
      new AppError('LOGIN_THROTTLED', `Too many failed logins for ${by}; retry in ${wait} s`, [
        { path: 'email', message: `locked for ${wait} s` },
      ]),
      { retryAfter: wait },
    );
  }

  private async loginFailed(
    keys: { account: string; address: string | null },
    userId: string | null,
    ip: string | undefined,
    requestId: string | undefined,
  ) {
    const locks: { by: 'account' | 'address'; failures: number; lockedUntil: Date }[] = [];
    for (const [by, key, free] of [
      ['account', keys.account, THROTTLE.accountFree],
      ['address', keys.address, THROTTLE.addressFree],
    ] as const) {
      if (!key) continue;
      const { rows } = await sql<{ failures: number }>`
        INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (${key}, 1, now())
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_throttle.last_failure_at < now() - make_interval(secs => ${THROTTLE.forgetAfterSeconds}) THEN 1 ELSE login_throttle.failures + 1 END,
          last_failure_at = now()
        RETURNING failures`.execute(this.db);
      const failures = Number(rows[0].failures);
      if (failures < free) continue;
      const seconds = Math.min(THROTTLE.maxSeconds, THROTTLE.baseSeconds * 2 ** Math.min(20, failures - free));
      const locked = await sql<{
        locked_until: Date;
      }>`UPDATE login_throttle SET locked_until = now() + make_interval(secs => ${seconds}) WHERE key = ${key} RETURNING locked_until`.execute(
        this.db,
      );
      locks.push({ by, failures, lockedUntil: new Date(locked.rows[0].locked_until) });
    }
    // Now and then, forget keys nobody has failed with for a day.
    if (Math.random() < 0.01)
      await sql`DELETE FROM login_throttle WHERE last_failure_at < now() - interval '1 day'`.execute(this.db);
    if (!locks.length || !userId) return;
    // The lockout goes to the audit log of every workspace the login belongs to.
    const workspaces = await this.db
      .selectFrom('workspace_members')
      .select('workspace_id')
      .where('user_id', '=', userId)
      .execute();
    await this.db.transaction().execute(async (trx) => {
      for (const { workspace_id } of workspaces) {
        for (const lock of locks) {
          await this.audit.record(
            trx,
            { ...systemActor(workspace_id, 'login throttle'), requestId },
            {
              action: 'lockout',
              entityType: 'user',
              entityId: userId,
              before: { lockedUntil: null },
              after: {
                lockedUntil: lock.lockedUntil.toISOString(),
                lockedBy: lock.by,
                failures: lock.failures,
                address: ip ?? null,
              },
            },
          );
        }
      }
    });
  }

  async startSession(userId: string, workspaceId: string, userAgent?: string, ip?: string) {
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + this.opts.sessionTtlHours * 3600_000);
    await this.db
      .insertInto('sessions')
      .values({
        workspace_id: workspaceId,
        id: newId(),
        user_id: userId,
        token_hash: sha256(token),
        expires_at: expiresAt,
        user_agent: userAgent?.slice(0, 300) ?? null,
        ip: ip ?? null,
      })
      .execute();
    return { token, expiresAt };
  }

  async switchWorkspace(sessionId: string, userId: string, slug: string) {
    const m = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id'])
      .where('m.user_id', '=', userId)
      .where('m.disabled_at', 'is', null)
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
      .innerJoin('workspace_members as m', (j) =>
        j.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'),
      )
      .select([
        's.id as session_id',
        's.workspace_id',
        's.expires_at',
        'u.id as user_id',
        'u.name',
        'u.email',
        'u.disabled_at',
        'm.disabled_at as member_disabled_at',
        'm.role',
      ])
      .where('s.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!r || r.disabled_at || r.member_disabled_at || r.expires_at.getTime() < Date.now()) return null;
    return {
      actor: {
        workspaceId: r.workspace_id,
        type: 'user',
        id: r.user_id,
        label: `${r.name} <${r.email}>`,
        role: r.role as Role,
        channel: 'ui',
        requestId,
      },
      userId: r.user_id,
      apiKeyId: null,
      sessionId: r.session_id,
    };
  }

  async me(principal: Principal) {
    if (!principal.userId) {
      return {
        user: null,
        apiKey: { id: principal.apiKeyId, label: principal.actor.label },
        workspace: await this.getWorkspace(principal.actor.workspaceId),
        role: principal.actor.role,
        workspaces: [],
      };
    }
    const u = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'locale'])
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    const workspaces = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.slug', 'w.name', 'm.role'])
      .where('m.user_id', '=', u.id)
      .where('m.disabled_at', 'is', null)
      .orderBy('w.name')
      .execute();
    return {
      user: u,
      apiKey: null,
      workspace: await this.getWorkspace(principal.actor.workspaceId),
      role: principal.actor.role,
      workspaces,
    };
  }

  async updateSelf(
    principal: Principal,
    input: { name?: string; locale?: string; password?: string; currentPassword?: string },
  ) {
    if (!principal.userId) throw new AppError('FORBIDDEN', 'Only a logged-in user can change their own profile');
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', principal.userId)
      .executeTakeFirstOrThrow();
    if (input.password !== undefined) {
      if (!input.currentPassword || !(await verifyPassword(user.password_hash, input.currentPassword)))
        throw new AppError('VALIDATION_FAILED', 'currentPassword: wrong current password', [
          { path: 'currentPassword', message: 'wrong current password', code: 'WRONG_PASSWORD' },
        ]);
    }
    const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.name !== undefined) set.name = input.name;
      if (input.locale !== undefined) set.locale = input.locale;
      if (hash) set.password_hash = hash;
      await trx.updateTable('users').set(set).where('id', '=', user.id).execute();
      // A new password ends every other session of the person (in every workspace); this one goes on.
      if (hash) {
        let q = trx.deleteFrom('sessions').where('user_id', '=', user.id);
        if (principal.sessionId) q = q.where('id', '<>', principal.sessionId);
        await q.execute();
      }
      await this.audit.record(trx, principal.actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        before: { name: user.name, locale: user.locale, password: null },
        after: {
          name: input.name ?? user.name,
          locale: input.locale ?? user.locale,
          password: hash ? 'changed' : null,
        },
        redact: ['password'],
      });
    });
    return this.me(principal);
  }

  /** `kartoteka user set-password`: an operator sets a login's password; every session of it ends. */
  async setPasswordByOperator(emailInput: string, password: string) {
    if (password.length < 8)
      throw new AppError('VALIDATION_FAILED', 'password: must be at least 8 characters', [
        { path: 'password', message: 'must be at least 8 characters', code: 'TOO_SHORT', limit: 8 },
      ]);
    const email = emailInput.trim().toLowerCase();
    const hash = await hashPassword(password);
    return this.db.transaction().execute(async (trx) => {
      const user = await trx
        .updateTable('users')
        .set({ password_hash: hash, updated_at: new Date() })
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .returning(['id', 'email'])
        .executeTakeFirst();
      if (!user)
        throw new AppError('NOT_FOUND', `email: no login with the email ${email}`, [
          { path: 'email', message: 'no such login' },
        ]);
      const ended = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
      await trx.deleteFrom('login_throttle').where('key', '=', `email:${email}`).execute();
      const workspaces = await trx
        .selectFrom('workspace_members')
        .select('workspace_id')
        .where('user_id', '=', user.id)
        .execute();
      for (const { workspace_id } of workspaces)
        await this.audit.record(trx, systemActor(workspace_id, 'CLI'), {
          action: 'update',
          entityType: 'user',
          entityId: user.id,
          before: { password: null },
          after: { password: 'changed' },
          redact: ['password'],
        });
      return { id: user.id, email: user.email, sessionsEnded: Number(ended.numDeletedRows) };
    });
  }

  // ── API keys ─────────────────────────────────────────────────────────────
  async createApiKey(actor: Actor, input: { name: string; role: string; expiresAt?: Date | string | null }) {
    const role = validRole(input.role);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()))
      throw new AppError('VALIDATION_FAILED', 'expiresAt: must be a date and time in the future', [
        { path: 'expiresAt', message: 'must be a date and time in the future' },
      ]);
    const secret = randomToken(24);
    const key = `kt_${secret}`;
    const id = newId();
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('api_keys')
        .values({
          workspace_id: actor.workspaceId,
          id,
          name: input.name,
          prefix: key.slice(0, 10),
          key_hash: sha256(key),
          role,
          created_by: actor.type === 'user' ? actor.id : null,
          expires_at: expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = keyView(r);
      await this.audit.record(trx, actor, {
        action: 'create',
        entityType: 'api_key',
        entityId: id,
        after: view,
        record: view,
      });
      return { ...view, key };
    });
  }

  async listApiKeys(workspaceId: string) {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(keyView);
  }

  async revokeApiKey(actor: Actor, id: string) {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('api_keys')
        .selectAll()
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw notFound('API key');
      if (before.revoked_at) return keyView(before);
      for (const [hash, v] of this.keyCache) if (v.id === id) this.keyCache.delete(hash);
      const after = await trx
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, actor, {
        action: 'update',
        entityType: 'api_key',
        entityId: id,
        before: keyView(before),
        after: keyView(after),
        record: keyView(after),
      });
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
      const row = await this.db
        .selectFrom('api_keys')
        .select(['id', 'workspace_id', 'name', 'role', 'revoked_at', 'expires_at'])
        .where('key_hash', '=', hash)
        .executeTakeFirst();
      if (!row || row.revoked_at) {
        this.keyCache.delete(hash);
        return null;
      }
      r = { ...row, until: now + KEY_CACHE_MS };
      if (this.keyCache.size > 10_000) this.keyCache.clear();
      this.keyCache.set(hash, r);
    }
    if (r.expires_at && r.expires_at.getTime() <= now)
      throw new AppError('API_KEY_EXPIRED', `The API key "${r.name}" expired at ${r.expires_at.toISOString()}`);
    if ((this.lastTouched.get(r.id) ?? 0) < now - 60_000) {
      this.lastTouched.set(r.id, now);
      await this.db
        .updateTable('api_keys')
        .set({ last_used_at: new Date(now) })
        .where('workspace_id', '=', r.workspace_id)
        .where('id', '=', r.id)
        .execute();
    }
    return {
      actor: {
        workspaceId: r.workspace_id,
        type: 'api_key',
        id: r.id,
        label: `API key "${r.name}"`,
        role: r.role as Role,
        channel: 'api',
        requestId,
      },
      userId: null,
      apiKeyId: r.id,
      sessionId: null,
    };
  }
}
