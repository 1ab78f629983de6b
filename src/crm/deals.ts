import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import type { Actor } from '../core/auth/actor.ts';
import { AppError, invalid, notFound, type ErrorDetail } from '../core/errors.ts';
import { notDeleted } from './people.ts';
import { newId } from '../core/ids.ts';
import { decodeCursor, keysetPage, sortKeyOf } from '../core/http/pagination.ts';
import type { CrmDeps } from './deps.ts';
import type { CrmDealsTable, CrmStagesTable } from './tables.ts';
import type { Pipelines } from './pipelines.ts';
import { applyCustomFields, type CustomFields } from './custom-fields.ts';
import { foldText, likeEscape, searchText } from './search-text.ts';
import { assertCompany, assertMember, livePerson, userNames } from './refs.ts';
import { exactTime } from '../core/db/exact-time.ts';
import { capped, LIST_COUNT_CAP, type ListCount } from './list-counts.ts';

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export const DEAL_SORTS = ['createdAt', 'updatedAt', 'amount', 'title', 'expectedClose', 'closedAt'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];

export interface DealInput {
  title: string;
  pipelineId: string;
  stageId: string;
  amount?: number;
  currency?: string;
  probability?: number | null;
  expectedClose?: string | null;
  ownerId?: string | null;
  personId?: string | null;
  companyId?: string | null;
  source?: string | null;
  campaign?: string | null;
  region?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
  externalId?: string | null;
  closeReason?: string | null;
}
export type DealPatch = Partial<DealInput>;

export interface DealListQuery {
  pipelineId?: string;
  stageId?: string;
  status?: string;
  ownerId?: string;
  personId?: string;
  companyId?: string;
  q?: string;
  sort?: DealSort;
  order?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

type DealRow = Selectable<CrmDealsTable>;
const conflict = (path: string, message: string) =>
  new AppError('CONFLICT', `${path}: ${message}`, [{ path, message }]);
type StageRow = Selectable<CrmStagesTable>;
type Ref = { id: string; name: string } | null;

/** Sort key per `sort`: a non-null expression (so keyset comparisons work) and its SQL type. */
const SORT_KEYS: Record<
  DealSort,
  { expr: RawBuilder<unknown>; cast: string; value: ((d: DealRow) => unknown) | 'sql' }
> = {
  createdAt: { expr: sql`d.created_at`, cast: 'timestamptz', value: (d) => exactTime(d.created_at) },
  updatedAt: { expr: sql`d.updated_at`, cast: 'timestamptz', value: (d) => exactTime(d.updated_at) },
  amount: { expr: sql`d.amount`, cast: 'numeric', value: (d) => String(d.amount) },
  // lower(title) comes from PostgreSQL (sortKeyOf): JavaScript lower-cases some letters differently.
  title: { expr: sql`lower(d.title)`, cast: 'text', value: 'sql' },
  expectedClose: {
    expr: sql`coalesce(d.expected_close, '9999-12-31'::date)`,
    cast: 'date',
    value: (d) => d.expected_close ?? '9999-12-31',
  },
  closedAt: {
    expr: sql`coalesce(d.closed_at, '9999-12-31T00:00:00Z'::timestamptz)`,
    cast: 'timestamptz',
    value: (d) => (d.closed_at ? exactTime(d.closed_at) : '9999-12-31T00:00:00Z'),
  },
};

/**
 * Deals: an amount moving through a pipeline's stages. Every stage change is kept (with the time
 * spent in the stage left) for the funnel report, and lands on the person's timeline.
 */
/** A change that closes a deal is logged (and sent to webhooks) as `won`/`lost`, so a subscriber can ask for just those. */
const closing = (before: { status: string }, after: { status: string }) =>
  after.status !== before.status && (after.status === 'won' || after.status === 'lost') ? after.status : 'update';

export class Deals {
  constructor(
    private deps: CrmDeps,
    private pipelines: Pipelines,
    private customFields?: CustomFields,
  ) {}

  async get(ws: string, id: string, trx: DbOrTx = this.deps.db) {
    const row = await this.row(trx, ws, id);
    return (await this.views(trx, ws, [row]))[0];
  }

  async create(actor: Actor, input: DealInput) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const stage = await this.stageOf(trx, ws, input.pipelineId, input.stageId);
      const personId = await this.checkRefs(trx, ws, input);
      const custom = applyCustomFields(
        {},
        (await this.customFields?.validate(trx, ws, 'deal', input.customFields)) ?? input.customFields ?? {},
      );
      if (stage.kind === 'lost' && !input.closeReason)
        throw invalid('closeReason', 'required when a deal is created in a lost stage');
      const pipeline = await trx
        .selectFrom('crm_pipelines')
        .select('currency')
        .where('workspace_id', '=', ws)
        .where('id', '=', input.pipelineId)
        .executeTakeFirstOrThrow();
      const id = newId();
      const now = new Date();
      await trx
        .insertInto('crm_deals')
        .values({
          workspace_id: ws,
          id,
          title: input.title,
          pipeline_id: input.pipelineId,
          stage_id: stage.id,
          status: stage.kind,
          amount: input.amount ?? 0,
          currency: input.currency ?? pipeline.currency,
          probability: input.probability ?? null,
          expected_close: input.expectedClose ?? null,
          owner_id: input.ownerId ?? (actor.type === 'user' ? actor.id : null),
          person_id: personId,
          company_id: input.companyId ?? null,
          source: input.source ?? null,
          campaign: input.campaign ?? null,
          region: input.region ?? null,
          close_reason: stage.kind === 'open' ? null : (input.closeReason ?? null),
          closed_at: stage.kind === 'open' ? null : now,
          stage_entered_at: now,
          position: await this.endPosition(trx, ws, stage.id),
          tags: input.tags ?? [],
          custom_fields: JSON.stringify(custom),
          external_id: input.externalId ?? null,
          search: '',
        })
        .execute();
      await this.reindex(trx, ws, id);
      await trx
        .insertInto('crm_deal_stage_changes')
        .values({
          workspace_id: ws,
          id: newId(),
          deal_id: id,
          pipeline_id: input.pipelineId,
          from_stage_id: null,
          to_stage_id: stage.id,
          seconds_in_from: null,
          actor: actor.label,
          changed_at: now,
        })
        .execute();
      const view = await this.get(ws, id, trx);
      if (personId) {
        const props = {
          dealId: id,
          title: view.title,
          stage: stage.name,
          amount: view.amount,
          currency: view.currency,
        };
        await this.deps.cdp.directory.appendEvents(trx, ws, [
          { personId, type: 'deal', event: 'deal.created', properties: props, occurredAt: now },
        ]);
      }
      await this.deps.audit.record(trx, actor, {
        action: 'create',
        entityType: 'deal',
        entityId: id,
        after: view,
        record: view,
      });
      return view;
    });
  }

  /** Field changes; `stageId` (with `pipelineId` to switch pipelines) moves the deal like `move`. */
  async update(actor: Actor, id: string, patch: DealPatch) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const personId = await this.checkRefs(trx, ws, patch);
      const set: Record<string, unknown> = {};
      const map: [keyof DealPatch, string][] = [
        ['title', 'title'],
        ['amount', 'amount'],
        ['currency', 'currency'],
        ['probability', 'probability'],
        ['expectedClose', 'expected_close'],
        ['ownerId', 'owner_id'],
        ['companyId', 'company_id'],
        ['source', 'source'],
        ['campaign', 'campaign'],
        ['region', 'region'],
        ['tags', 'tags'],
        ['externalId', 'external_id'],
      ];
      for (const [k, col] of map) if (patch[k] !== undefined) set[col] = patch[k];
      if (patch.personId !== undefined) set.person_id = personId;
      if (patch.customFields !== undefined)
        set.custom_fields = JSON.stringify(
          applyCustomFields(
            row.custom_fields ?? {},
            (await this.customFields?.validate(trx, ws, 'deal', patch.customFields)) ?? patch.customFields,
          ),
        );
      if (patch.closeReason !== undefined && row.status !== 'open') set.close_reason = patch.closeReason;
      if (patch.title === null) throw invalid('title', 'cannot be empty');
      if (Object.keys(set).length) {
        set.updated_at = new Date();
        await trx.updateTable('crm_deals').set(set).where('workspace_id', '=', ws).where('id', '=', id).execute();
      }
      const stageId = patch.stageId;
      if (patch.pipelineId && patch.pipelineId !== row.pipeline_id && !patch.stageId)
        throw invalid('stageId', 'required when the pipeline changes');
      if (stageId && stageId !== row.stage_id) {
        const pipelineId = patch.pipelineId ?? row.pipeline_id;
        const stage = await this.stageOf(trx, ws, pipelineId, stageId);
        await this.changeStage(trx, actor, { ...row, ...(set as Partial<DealRow>) } as DealRow, stage, {
          closeReason: patch.closeReason ?? undefined,
        });
      }
      await this.reindex(trx, ws, id);
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: closing(before, after),
        entityType: 'deal',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  /**
   * A drag on the board: to another stage of the same pipeline and/or another place in the column.
   * `position` is the client's midpoint between the two cards it was dropped between (end of the
   * column when absent); a won/lost stage closes the deal, an open one reopens it.
   */
  async move(actor: Actor, id: string, input: { stageId?: string; position?: number; closeReason?: string | null }) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      if (!input.stageId) throw invalid('stageId', 'required');
      const before = (await this.views(trx, ws, [row]))[0];
      const stage = await this.stageOf(trx, ws, row.pipeline_id, input.stageId);
      if (stage.id !== row.stage_id) await this.changeStage(trx, actor, row, stage, input);
      else if (input.closeReason !== undefined && row.status !== 'open')
        await trx
          .updateTable('crm_deals')
          .set({ close_reason: input.closeReason, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      const position =
        input.position ?? (stage.id !== row.stage_id ? await this.endPosition(trx, ws, stage.id) : row.position);
      if (position !== row.position)
        await trx
          .updateTable('crm_deals')
          .set({ position, updated_at: new Date() })
          .where('workspace_id', '=', ws)
          .where('id', '=', id)
          .execute();
      const after = await this.get(ws, id, trx);
      await this.deps.audit.record(trx, actor, {
        action: closing(before, after),
        entityType: 'deal',
        entityId: id,
        before,
        after,
        record: after,
      });
      return after;
    });
  }

  async delete(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.row(trx, ws, id, true);
      const before = (await this.views(trx, ws, [row]))[0];
      const now = new Date();
      await trx
        .updateTable('crm_deals')
        .set({ deleted_at: now, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      if (row.person_id)
        await this.deps.cdp.directory.appendEvents(trx, ws, [
          {
            personId: row.person_id,
            type: 'deal',
            event: 'deal.deleted',
            properties: { dealId: id, title: row.title, amount: Number(row.amount), currency: row.currency },
            occurredAt: now,
          },
        ]);
      await this.deps.audit.record(trx, actor, {
        action: 'delete',
        entityType: 'deal',
        entityId: id,
        before,
        after: null,
        record: before,
      });
    });
  }

  /**
   * Brings a deleted deal back as it was (stage, position, links). 404: no such deal; 409 naming the
   * field: not deleted (`deletedAt`), its pipeline deleted since (`pipelineId`), its stage gone
   * (`stageId`), or its external id another live deal's now (`externalId`).
   */
  async restore(actor: Actor, id: string) {
    const ws = actor.workspaceId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('crm_deals')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('Deal');
      if (!row.deleted_at) throw notDeleted('deal');
      const pipeline = await trx
        .selectFrom('crm_pipelines')
        .select('id')
        .where('workspace_id', '=', ws)
        .where('id', '=', row.pipeline_id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!pipeline) throw conflict('pipelineId', 'the pipeline of this deal was deleted');
      const stage = await this.pipelines.stage(trx, ws, row.stage_id);
      if (!stage || stage.pipeline_id !== row.pipeline_id)
        throw conflict('stageId', 'the stage of this deal no longer exists');
      if (row.external_id) {
        const hit = await trx
          .selectFrom('crm_deals')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('external_id', '=', row.external_id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (hit)
          throw new AppError('CONFLICT', `externalId: already used by deal ${hit.id}`, [
            { path: 'externalId', message: 'already used by another deal', existingId: hit.id } as ErrorDetail,
          ]);
      }
      const now = new Date();
      await trx
        .updateTable('crm_deals')
        .set({ deleted_at: null, updated_at: now })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
      await this.reindex(trx, ws, id);
      const after = await this.get(ws, id, trx);
      if (row.person_id)
        await this.deps.cdp.directory.appendEvents(trx, ws, [
          {
            personId: row.person_id,
            type: 'deal',
            event: 'deal.restored',
            properties: { dealId: id, title: after.title, amount: after.amount, currency: after.currency },
            occurredAt: now,
          },
        ]);
      await this.deps.audit.record(trx, actor, {
        action: 'restore',
        entityType: 'deal',
        entityId: id,
        after,
        record: after,
      });
      return after;
    });
  }

  /**
   * Deleted deals, newest deletion first, keyset-paginated on (deletedAt, id); each view carries
   * `deletedAt`. `q`: a substring of the search text (title, company, source, campaign, region, tags).
   */
  async listDeleted(ws: string, q: { limit: number; cursor?: string; q?: string }) {
    let query = this.deps.db
      .selectFrom('crm_deals as d')
      .where('d.workspace_id', '=', ws)
      .where('d.deleted_at', 'is not', null);
    if (q.q?.trim()) query = query.where(sql<boolean>`d.search LIKE ${`%${likeEscape(foldText(q.q))}%`}`);
    const c = decodeCursor<{ t: string; id: string }>(q.cursor);
    if (c) {
      if (
        typeof c.t !== 'string' ||
        Number.isNaN(Date.parse(c.t)) ||
        typeof c.id !== 'string' ||
        !/^[0-9a-f-]{36}$/i.test(c.id)
      )
        throw invalid('cursor', 'malformed cursor');
      query = query.where(sql<boolean>`(d.deleted_at, d.id) < (${c.t}::timestamptz, ${c.id}::uuid)`);
    }
    const rows = await query
      .selectAll('d')
      .orderBy('d.deleted_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = keysetPage(
      rows,
      q.limit,
      (r) => r,
      (last) => ({ t: exactTime(last.deleted_at!), id: last.id }),
    );
    const views = await this.views(this.deps.db, ws, page.data);
    return {
      data: views.map((v, i) => ({ ...v, deletedAt: page.data[i].deleted_at as Date })),
      nextCursor: page.nextCursor,
    };
  }

  async stageHistory(ws: string, id: string) {
    await this.row(this.deps.db, ws, id);
    const rows = await this.deps.db
      .selectFrom('crm_deal_stage_changes as c')
      .leftJoin('crm_stages as f', (j) =>
        j.onRef('f.workspace_id', '=', 'c.workspace_id').onRef('f.id', '=', 'c.from_stage_id'),
      )
      .innerJoin('crm_stages as t', (j) =>
        j.onRef('t.workspace_id', '=', 'c.workspace_id').onRef('t.id', '=', 'c.to_stage_id'),
      )
      .select([
        'c.id',
        'c.from_stage_id',
        'f.name as from_name',
        'c.to_stage_id',
        't.name as to_name',
        't.kind as to_kind',
        'c.seconds_in_from',
        'c.actor',
        'c.changed_at',
      ])
      .where('c.workspace_id', '=', ws)
      .where('c.deal_id', '=', id)
      .orderBy('c.changed_at')
      .orderBy('c.id')
      .execute();
    return {
      data: rows.map((r) => ({
        id: r.id,
        fromStageId: r.from_stage_id,
        fromStage: r.from_name ?? null,
        toStageId: r.to_stage_id,
        toStage: r.to_name,
        toKind: r.to_kind,
        secondsInFrom: r.seconds_in_from,
        actor: r.actor,
        changedAt: r.changed_at,
      })),
    };
  }

  async list(ws: string, q: DealListQuery) {
    const sort = SORT_KEYS[q.sort ?? 'createdAt'];
    const desc =
      (q.order ??
        (q.sort && q.sort !== 'createdAt' && q.sort !== 'updatedAt' && q.sort !== 'amount' ? 'asc' : 'desc')) ===
      'desc';
    let query = this.filtered(ws, q);
    const c = decodeCursor<{ v: unknown; id: string }>(q.cursor);
    if (c) {
      if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.id)) throw invalid('cursor', 'malformed cursor');
      const cmp = desc ? sql`<` : sql`>`;
      query = query.where(
        sql<boolean>`(${sort.expr}, d.id) ${cmp} (${String(c.v)}::${sql.raw(sort.cast)}, ${c.id}::uuid)`,
      );
    }
    const dir = desc ? sql`DESC` : sql`ASC`;
    const rows = await query
      .selectAll('d')
      .orderBy(sql`${sort.expr} ${dir}`)
      .orderBy(sql`d.id ${dir}`)
      .limit(q.limit + 1)
      .execute();
    const lastRow = rows.length > q.limit ? rows[q.limit - 1] : null;
    const lastKey =
      lastRow && sort.value === 'sql'
        ? await sortKeyOf(
            this.deps.db,
            sort.expr,
            sql`crm_deals d WHERE d.workspace_id = ${ws} AND d.id = ${lastRow.id}`,
          )
        : null;
    const page = keysetPage(
      rows,
      q.limit,
      (r) => r,
      (last) => ({ v: sort.value === 'sql' ? lastKey : sort.value(last), id: last.id }),
    );
    return { data: await this.views(this.deps.db, ws, page.data), nextCursor: page.nextCursor };
  }

  /** How many deals the list's filters (and text search) select, counted up to `cap` (then "more than cap"). */
  async count(
    ws: string,
    q: Omit<Partial<DealListQuery>, 'limit' | 'cursor' | 'sort' | 'order'>,
    cap = LIST_COUNT_CAP,
  ): Promise<ListCount> {
    const sub = this.filtered(ws, q)
      .select(sql<number>`1`.as('one'))
      .limit(cap + 1);
    const r = await this.deps.db.selectFrom(sub.as('x')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
    return capped(Number(r?.n ?? 0), cap);
  }

  /** The kanban: one column per stage, its cards in board order, and the column's totals. */
  async board(ws: string, q: { pipelineId?: string; ownerId?: string; q?: string; status?: string; limit: number }) {
    const pipelines = await this.pipelines.list(ws);
    const pipeline = q.pipelineId ? pipelines.find((p) => p.id === q.pipelineId) : pipelines[0];
    if (!pipeline) throw notFound('Pipeline');
    const base = this.filtered(ws, { ...q, pipelineId: pipeline.id });
    const totals = await base
      .select([
        'd.stage_id',
        'd.currency',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`coalesce(sum(d.amount), 0)`.as('amount'),
      ])
      .groupBy(['d.stage_id', 'd.currency'])
      .execute();
    // Each column's first `limit` cards, in one query.
    const rows = await this.deps.db
      .selectFrom(
        base
          .selectAll('d')
          .select(sql<number>`row_number() OVER (PARTITION BY d.stage_id ORDER BY d.position, d.id)`.as('rn'))
          .as('x'),
      )
      .selectAll('x')
      .where('x.rn', '<=', q.limit)
      .orderBy('x.position')
      .orderBy('x.id')
      .execute();
    const views = await this.views(this.deps.db, ws, rows as unknown as DealRow[]);
    return {
      pipeline,
      columns: pipeline.stages.map((stage) => {
        // One total per currency (the pipeline's first, then the largest): amounts in different
        // currencies are not added up. `amount` stays the plain sum for clients written before.
        const t = totals
          .filter((x) => x.stage_id === stage.id)
          .map((x) => ({ currency: x.currency, count: x.n, amount: Number(x.amount) }))
          .sort(
            (a, b) =>
              Number(b.currency === pipeline.currency) - Number(a.currency === pipeline.currency) ||
              b.amount - a.amount ||
              (a.currency < b.currency ? -1 : 1),
          );
        return {
          stage,
          deals: views.filter((v) => v.stageId === stage.id),
          count: t.reduce((a, x) => a + x.count, 0),
          amount: t.reduce((a, x) => a + x.amount, 0),
          byCurrency: t,
        };
      }),
    };
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private filtered(ws: string, q: Omit<Partial<DealListQuery>, 'limit'>) {
    let query = this.deps.db
      .selectFrom('crm_deals as d')
      .where('d.workspace_id', '=', ws)
      .where('d.deleted_at', 'is', null);
    if (q.pipelineId) query = query.where('d.pipeline_id', '=', q.pipelineId);
    if (q.stageId) query = query.where('d.stage_id', '=', q.stageId);
    if (q.status) query = query.where('d.status', '=', q.status);
    if (q.ownerId) query = query.where('d.owner_id', '=', q.ownerId);
    if (q.personId) query = query.where('d.person_id', '=', q.personId);
    if (q.companyId) query = query.where('d.company_id', '=', q.companyId);
    if (q.q?.trim()) query = query.where(sql<boolean>`d.search LIKE ${`%${likeEscape(foldText(q.q))}%`}`);
    return query;
  }

  private async changeStage(
    trx: Tx,
    actor: Actor,
    row: DealRow,
    stage: StageRow,
    input: { closeReason?: string | null },
  ) {
    const ws = actor.workspaceId;
    const kind = stage.kind as 'open' | 'won' | 'lost';
    if (kind === 'lost' && !input.closeReason) throw invalid('closeReason', 'required when a deal is lost');
    const now = new Date();
    const from = await trx
      .selectFrom('crm_stages')
      .select(['name'])
      .where('workspace_id', '=', ws)
      .where('id', '=', row.stage_id)
      .executeTakeFirst();
    const seconds = Math.max(0, Math.round((now.getTime() - new Date(row.stage_entered_at).getTime()) / 1000));
    await trx
      .updateTable('crm_deals')
      .set({
        pipeline_id: stage.pipeline_id,
        stage_id: stage.id,
        status: kind,
        // The deal follows the new stage's probability unless one is set again.
        probability: null,
        stage_entered_at: now,
        closed_at: kind === 'open' ? null : row.status === kind && row.closed_at ? row.closed_at : now,
        close_reason: kind === 'open' ? null : (input.closeReason ?? row.close_reason),
        updated_at: now,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('crm_deal_stage_changes')
      .values({
        workspace_id: ws,
        id: newId(),
        deal_id: row.id,
        pipeline_id: stage.pipeline_id,
        from_stage_id: row.stage_id,
        to_stage_id: stage.id,
        seconds_in_from: seconds,
        actor: actor.label,
        changed_at: now,
      })
      .execute();
    if (row.person_id) {
      const event = kind === 'won' ? 'deal.won' : kind === 'lost' ? 'deal.lost' : 'deal.stage_changed';
      const props: Record<string, unknown> = {
        dealId: row.id,
        title: row.title,
        fromStage: from?.name ?? null,
        toStage: stage.name,
        amount: Number(row.amount),
        currency: row.currency,
      };
      if (kind !== 'open') props.closeReason = input.closeReason ?? row.close_reason;
      await this.deps.cdp.directory.appendEvents(trx, ws, [
        { personId: row.person_id, type: 'deal', event, properties: props, occurredAt: now },
      ]);
    }
  }

  private async stageOf(trx: DbOrTx, ws: string, pipelineId: string, stageId: string): Promise<StageRow> {
    const pipeline = await trx
      .selectFrom('crm_pipelines')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', pipelineId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!pipeline) throw invalid('pipelineId', 'pipeline not found');
    const stage = await this.pipelines.stage(trx, ws, stageId);
    if (!stage || stage.pipeline_id !== pipelineId) throw invalid('stageId', 'not a stage of this pipeline');
    return stage;
  }

  private async checkRefs(trx: DbOrTx, ws: string, input: DealPatch): Promise<string | null> {
    await assertMember(trx, ws, input.ownerId, 'ownerId');
    await assertCompany(trx, ws, input.companyId);
    if (input.expectedClose && !/^\d{4}-\d{2}-\d{2}$/.test(input.expectedClose))
      throw invalid('expectedClose', 'must be YYYY-MM-DD');
    return livePerson(trx, this.deps.cdp.directory, ws, input.personId);
  }

  private async endPosition(trx: DbOrTx, ws: string, stageId: string): Promise<number> {
    const r = await trx
      .selectFrom('crm_deals')
      .select(sql<number | null>`max(position)`.as('p'))
      .where('workspace_id', '=', ws)
      .where('stage_id', '=', stageId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return r?.p == null ? 1024 : Math.floor(Number(r.p)) + 1024;
  }

  private async reindex(trx: DbOrTx, ws: string, id: string) {
    const d = await trx
      .selectFrom('crm_deals as d')
      .leftJoin('crm_companies as c', (j) =>
        j.onRef('c.workspace_id', '=', 'd.workspace_id').onRef('c.id', '=', 'd.company_id'),
      )
      .select(['d.title', 'd.source', 'd.campaign', 'd.region', 'd.tags', 'c.name as company'])
      .where('d.workspace_id', '=', ws)
      .where('d.id', '=', id)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('crm_deals')
      .set({ search: searchText({ texts: [d.title, d.company, d.source, d.campaign, d.region, ...(d.tags ?? [])] }) })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
  }

  private async row(trx: DbOrTx, ws: string, id: string, forUpdate = false): Promise<DealRow> {
    let q = trx
      .selectFrom('crm_deals')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .where('deleted_at', 'is', null);
    if (forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Deal');
    return row;
  }

  /** Views with the stage, owner, person and company names resolved in a few batched reads. */
  async views(trx: DbOrTx, ws: string, rows: DealRow[]) {
    if (!rows.length) return [];
    const stageIds = [...new Set(rows.map((r) => r.stage_id))];
    const stages = new Map(
      (
        await trx
          .selectFrom('crm_stages')
          .selectAll()
          .where('workspace_id', '=', ws)
          .where('id', 'in', stageIds)
          .execute()
      ).map((s) => [s.id, s]),
    );
    const owners = await userNames(
      trx,
      ws,
      rows.map((r) => r.owner_id),
    );
    const personIds = [...new Set(rows.map((r) => r.person_id).filter((x): x is string => !!x))];
    const people = new Map<string, string>();
    if (personIds.length)
      for (const p of await trx
        .selectFrom('crm_people')
        .select(['person_id', 'first_name', 'last_name'])
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .execute())
        people.set(p.person_id, [p.first_name, p.last_name].filter(Boolean).join(' '));
    const companyIds = [...new Set(rows.map((r) => r.company_id).filter((x): x is string => !!x))];
    const companies = new Map<string, string>();
    if (companyIds.length)
      for (const c of await trx
        .selectFrom('crm_companies')
        .select(['id', 'name'])
        .where('workspace_id', '=', ws)
        .where('id', 'in', companyIds)
        .execute())
        companies.set(c.id, c.name);
    const ref = (id: string | null, names: Map<string, string>, fallback = false): Ref =>
      id && (names.has(id) || fallback) ? { id, name: names.get(id) ?? '' } : null;
    return rows.map((d) => {
      const s = stages.get(d.stage_id);
      return {
        id: d.id,
        title: d.title,
        pipelineId: d.pipeline_id,
        stageId: d.stage_id,
        stage: s ? { id: s.id, name: s.name, kind: s.kind, probability: s.probability } : null,
        status: d.status as (typeof DEAL_STATUSES)[number],
        amount: Number(d.amount),
        currency: d.currency,
        probability: d.probability ?? s?.probability ?? null,
        expectedClose: d.expected_close,
        ownerId: d.owner_id,
        owner: ref(d.owner_id, owners),
        personId: d.person_id,
        // A person the CRM has no card for (tracked only) still shows, nameless.
        person: ref(d.person_id, people, true),
        companyId: d.company_id,
        company: ref(d.company_id, companies),
        source: d.source,
        campaign: d.campaign,
        region: d.region,
        closeReason: d.close_reason,
        closedAt: d.closed_at,
        stageEnteredAt: d.stage_entered_at,
        position: Number(d.position),
        tags: d.tags ?? [],
        customFields: d.custom_fields ?? {},
        externalId: d.external_id,
        createdAt: d.created_at,
        updatedAt: d.updated_at,
      };
    });
  }
}

export type DealView = Awaited<ReturnType<Deals['views']>>[number];
