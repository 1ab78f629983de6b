import type { Selectable } from 'kysely';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import { invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import type { ServiceTeamsTable } from './tables.ts';

type Row = Selectable<ServiceTeamsTable>;
export type Assignment = 'round_robin' | 'least_busy' | 'none';
export const teamView = (r: Row, memberIds: string[]) => ({
  id: r.id,
  name: r.name,
  calendarId: r.calendar_id,
  assignment: r.assignment as Assignment,
  memberIds,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type TeamView = ReturnType<typeof teamView>;
export interface TeamInput {
  name: string;
  calendarId?: string | null;
  assignment?: Assignment;
  memberIds?: string[];
}

/** Teams of agents: routing targets, with their assignment mode and (S-SLA's) business-hours calendar. */
export class Teams {
  constructor(private k: ServiceBaseKernel) {}

  async list(ws: string): Promise<TeamView[]> {
    const rows = await this.k.db
      .selectFrom('service_teams')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const members = await this.members(
      this.k.db,
      ws,
      rows.map((r) => r.id),
    );
    return rows.map((r) => teamView(r, members.get(r.id) ?? []));
  }

  async get(ws: string, id: string, db: DbOrTx = this.k.db): Promise<TeamView> {
    const row = await db
      .selectFrom('service_teams')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound('Team');
    return teamView(row, (await this.members(db, ws, [id])).get(id) ?? []);
  }

  async create(actor: Actor, input: TeamInput): Promise<TeamView> {
    const ws = actor.workspaceId;
    const memberIds = await this.checkMembers(ws, input.memberIds ?? []);
    const id = newId();
    return this.k.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('service_teams')
        .values({
          workspace_id: ws,
          id,
          name: input.name,
          calendar_id: input.calendarId ?? null,
          assignment: input.assignment ?? 'round_robin',
          last_assigned_user: null,
          deleted_at: null,
        })
        .execute();
      await this.setMembers(trx, ws, id, memberIds);
      const view = await this.get(ws, id, trx);
      await this.k.audit.record(trx, actor, { action: 'create', entityType: 'team', entityId: id, after: view });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<TeamInput>): Promise<TeamView> {
    const ws = actor.workspaceId;
    const memberIds = patch.memberIds ? await this.checkMembers(ws, patch.memberIds) : undefined;
    return this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const set: Record<string, unknown> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.calendarId !== undefined) set.calendar_id = patch.calendarId;
      if (patch.assignment !== undefined) set.assignment = patch.assignment;
      if (Object.keys(set).length)
        await trx
          .updateTable('service_teams')
          .set({ ...set, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      if (memberIds) await this.setMembers(trx, ws, id, memberIds);
      const after = await this.get(ws, id, trx);
      await this.k.audit.record(trx, actor, { action: 'update', entityType: 'team', entityId: id, before, after });
      return after;
    });
  }

  /** Soft delete: conversations keep their team id (reports), routing skips it. */
  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      await trx
        .updateTable('service_teams')
        .set({ deleted_at: new Date(), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.k.audit.record(trx, actor, { action: 'delete', entityType: 'team', entityId: id, before });
    });
  }

  private async members(db: DbOrTx, ws: string, teamIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!teamIds.length) return out;
    const rows = await db
      .selectFrom('service_team_members')
      .select(['team_id', 'user_id'])
      .where('workspace_id', '=', ws)
      .where('team_id', 'in', teamIds)
      .orderBy('user_id')
      .execute();
    for (const r of rows) out.set(r.team_id, [...(out.get(r.team_id) ?? []), r.user_id]);
    return out;
  }

  private async setMembers(trx: DbOrTx, ws: string, teamId: string, userIds: string[]) {
    await trx.deleteFrom('service_team_members').where('workspace_id', '=', ws).where('team_id', '=', teamId).execute();
    if (userIds.length)
      await trx
        .insertInto('service_team_members')
        .values(userIds.map((user_id) => ({ workspace_id: ws, team_id: teamId, user_id })))
        .execute();
  }

  private async checkMembers(ws: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const rows = await this.k.db
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', ws)
      .where('user_id', 'in', unique)
      .execute();
    const found = new Set(rows.map((r) => r.user_id));
    const missing = unique.findIndex((u) => !found.has(u));
    if (missing >= 0) throw invalid(`memberIds.${ids.indexOf(unique[missing]!)}`, 'not a member of this workspace');
    return unique;
  }
}
