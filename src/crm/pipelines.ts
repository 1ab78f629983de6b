import { sql, type Selectable } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { systemActor, type Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmPipelinesTable, CrmStagesTable } from './tables.ts';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export interface StageInput {
  id?: string;
  name: string;
  probability?: number;
  kind?: StageKind;
}
export interface PipelineInput {
  name: string;
  currency?: string;
  stages: StageInput[];
}

/** The pipeline a workspace gets when it has none: the usual B2B funnel. */
export const DEFAULT_PIPELINE: PipelineInput = {
  name: 'Sales',
  currency: 'RUB',
  stages: [
    { name: 'Qualification', probability: 10, kind: 'open' },
    { name: 'Needs analysis', probability: 25, kind: 'open' },
    { name: 'Proposal', probability: 50, kind: 'open' },
    { name: 'Negotiation', probability: 75, kind: 'open' },
    { name: 'Won', probability: 100, kind: 'won' },
    { name: 'Lost', probability: 0, kind: 'lost' },
  ],
};

export const stageView = (s: Selectable<CrmStagesTable>) => ({
  id: s.id,
  pipelineId: s.pipeline_id,
  name: s.name,
  position: s.position,
  probability: s.probability,
  kind: s.kind as StageKind,
});
export type StageView = ReturnType<typeof stageView>;

const pipelineView = (p: Selectable<CrmPipelinesTable>, stages: Selectable<CrmStagesTable>[]) => ({
  id: p.id,
  name: p.name,
  currency: p.currency,
  position: p.position,
  stages: stages.filter((s) => s.pipeline_id === p.id).map(stageView),
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});
export type PipelineView = ReturnType<typeof pipelineView>;

/** Sales pipelines and their ordered stages (open stages, then the won and lost ones). */
export class Pipelines {
  constructor(private deps: CrmDeps) {}

  /** Every pipeline of the workspace; a workspace without any gets the default one on first read. */
  async list(ws: string): Promise<PipelineView[]> {
    let views = await this.load(this.deps.db, ws);
    if (!views.length) {
      await this.deps.db.transaction().execute(async (trx) => {
        // Serialise with a concurrent first read: only one default pipeline per workspace.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`crm-default-pipeline:${ws}`}))`.execute(trx);
        const any = await trx
          .selectFrom('crm_pipelines')
          .select('id')
          .where('workspace_id', '=', ws)
          .executeTakeFirst();
        if (!any) {
          // Made by the system on a user's first look: logged (and sent to webhooks) like any other pipeline.
          const id = await this.insert(trx, ws, DEFAULT_PIPELINE, 0);
          const view = await this.get(ws, id, trx);
          await this.deps.audit.record(trx, systemActor(ws, 'default pipeline', 'system'), {
            action: 'create',
            entityType: 'pipeline',
            entityId: id,
            after: view,
            record: view,
          });
        }
      });
      views = await this.load(this.deps.db, ws);
    }
    return views;
  }

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db): Promise<PipelineView> {
    const [v] = await this.load(trx, ws, id);
    if (!v) throw notFound('Pipeline');
    return v;
  }

  async create(actor: Actor, input: PipelineInput): Promise<PipelineView> {
    validateStages(input.stages);
    return this.deps.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('crm_pipelines')
        .select(sql<number>`coalesce(max(position), -1)`.as('p'))
        .where('workspace_id', '=', actor.workspaceId)
        .executeTakeFirst();
      const id = await this.insert(trx, actor.workspaceId, input, Number(last?.p ?? -1) + 1);
      const view = await this.get(actor.workspaceId, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'pipeline',
        entityId: id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /**
   * Renames and reorders: `stages` is the full new list (kept stages carry their id, new ones none);
   * a stage left out is deleted, which is refused while deals sit in it.
   */
  async update(
    actor: Actor,
    id: string,
    input: { name?: string; currency?: string; stages?: StageInput[] },
  ): Promise<PipelineView> {
    const ws = actor.workspaceId;
    if (input.stages) validateStages(input.stages);
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      if (input.name !== undefined || input.currency !== undefined)
        await trx
          .updateTable('crm_pipelines')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.currency !== undefined ? { currency: input.currency } : {}),
            updated_at: new Date(),
          })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      if (input.stages) {
        const known = new Map(before.stages.map((s) => [s.id, s]));
        input.stages.forEach((s, i) => {
          if (s.id && !known.has(s.id)) throw invalid(`stages.${i}.id`, 'not a stage of this pipeline');
        });
        const kept = new Set(input.stages.map((s) => s.id).filter(Boolean));
        const removed = before.stages.filter((s) => !kept.has(s.id));
        if (removed.length) {
          const used = await trx
            .selectFrom('crm_deals')
            .select(['stage_id', sql<number>`count(*)::int`.as('n')])
            .where('workspace_id', '=', ws)
            .where(
              'stage_id',
              'in',
              removed.map((s) => s.id),
            )
            .where('deleted_at', 'is', null)
            .groupBy('stage_id')
            .execute();
          if (used.length) {
            const s = removed.find((r) => r.id === used[0].stage_id)!;
            throw new AppError(
              'CONFLICT',
              `Stage "${s.name}" has ${used[0].n} deal(s): move them to another stage first`,
              [{ path: 'stages', message: `stage ${s.id} has deals` }],
            );
          }
          await trx
            .updateTable('crm_stages')
            .set({ deleted_at: new Date(), updated_at: new Date() })
            .where('workspace_id', '=', ws)
            .where(
              'id',
              'in',
              removed.map((s) => s.id),
            )
            .execute();
        }
        for (const [i, s] of input.stages.entries()) {
          if (s.id) {
            const old = known.get(s.id)!;
            // A deal's status follows its stage's kind: changing the kind under live deals would leave them wrong.
            if (s.kind && s.kind !== old.kind) {
              const inIt = await trx
                .selectFrom('crm_deals')
                .select('id')
                .where('workspace_id', '=', ws)
                .where('stage_id', '=', s.id)
                .where('deleted_at', 'is', null)
                .executeTakeFirst();
              if (inIt)
                throw new AppError(
                  'CONFLICT',
                  `Stage "${old.name}" has deals: its kind cannot change from ${old.kind} to ${s.kind}`,
                  [{ path: `stages.${i}.kind`, message: 'stage has deals' }],
                );
            }
            await trx
              .updateTable('crm_stages')
              .set({
                name: s.name,
                position: i,
                probability: s.probability ?? old.probability,
                kind: s.kind ?? old.kind,
                updated_at: new Date(),
              })
              .where('workspace_id', '=', ws)
              .where('id', '=', s.id)
              .execute();
          } else {
            await trx
              .insertInto('crm_stages')
              .values({
                workspace_id: ws,
                id: newId(),
                pipeline_id: id,
                name: s.name,
                position: i,
                probability: s.probability ?? defaultProbability(s.kind),
                kind: s.kind ?? 'open',
              })
              .execute();
          }
        }
      }
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: 'update',
        entityType: 'pipeline',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.get(ws, id, trx);
      const open = await trx
        .selectFrom('crm_deals')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('workspace_id', '=', ws)
        .where('pipeline_id', '=', id)
        .where('status', '=', 'open')
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (open.n > 0)
        throw new AppError('CONFLICT', `The pipeline has ${open.n} open deal(s): close or move them first`, [
          { path: 'id', message: 'pipeline has open deals' },
        ]);
      const now = new Date();
      await trx
        .updateTable('crm_pipelines')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'pipeline',
        entityId: id,
        before,
        after: null,
        record: before,
      });
    });
  }

  /** A live stage of the workspace, with its pipeline. */
  async stage(trx: DbOrTx, ws: string, stageId: string) {
    return trx
      .selectFrom('crm_stages')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', stageId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  private async insert(trx: Tx, ws: string, input: PipelineInput, position: number): Promise<string> {
    const id = newId();
    await trx
      .insertInto('crm_pipelines')
      .values({ workspace_id: ws, id, name: input.name, currency: input.currency ?? 'RUB', position })
      .execute();
    await trx
      .insertInto('crm_stages')
      .values(
        input.stages.map((s, i) => ({
          workspace_id: ws,
          id: newId(),
          pipeline_id: id,
          name: s.name,
          position: i,
          probability: s.probability ?? defaultProbability(s.kind),
          kind: s.kind ?? 'open',
        })),
      )
      .execute();
    return id;
  }

  private async load(trx: DbOrTx, ws: string, id?: string): Promise<PipelineView[]> {
    let q = trx.selectFrom('crm_pipelines').selectAll().where('workspace_id', '=', ws).where('deleted_at', 'is', null);
    if (id) q = q.where('id', '=', id);
    const pipelines = await q.orderBy('position').orderBy('id').execute();
    if (!pipelines.length) return [];
    const stages = await trx
      .selectFrom('crm_stages')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where(
        'pipeline_id',
        'in',
        pipelines.map((p) => p.id),
      )
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .orderBy('id')
      .execute();
    return pipelines.map((p) => pipelineView(p, stages));
  }
}

const defaultProbability = (kind?: StageKind) => (kind === 'won' ? 100 : 0);

function validateStages(stages: StageInput[]) {
  if (!stages.length) throw invalid('stages', 'a pipeline needs at least one stage');
  if (!stages.some((s) => (s.kind ?? 'open') === 'open'))
    throw invalid('stages', 'a pipeline needs at least one open stage');
  const ids = stages.map((s) => s.id).filter(Boolean);
  if (new Set(ids).size !== ids.length) throw invalid('stages', 'a stage id appears twice');
}
