import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../core/db/schema.ts';
import { newId } from '../core/ids.ts';
import { identityKey, type Identity } from '../cdp/index.ts';
import type { CrmDeps } from './deps.ts';
import type { Row, UpsertBy } from './import-parsing.ts';
import { companyIds, dedupeIds, mergeInto, type Good, type WriteResult } from './import-writer.ts';
import { foldText, searchText } from './search-text.ts';
import type { RowErrorCode } from './import-fields.ts';

export interface PipelineInfo {
  id: string;
  name: string;
  currency: string;
  stages: { id: string; name: string; kind: string; probability: number }[];
}

export async function loadPipelines(db: DbOrTx, ws: string): Promise<PipelineInfo[]> {
  const ps = await db
    .selectFrom('crm_pipelines')
    .select(['id', 'name', 'currency'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  const st = await db
    .selectFrom('crm_stages')
    .select(['id', 'pipeline_id', 'name', 'kind', 'probability'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .execute();
  return ps.map((p) => ({ ...p, stages: st.filter((s) => s.pipeline_id === p.id) }));
}

const DEAL_COLS = [
  'title',
  'pipeline_id',
  'stage_id',
  'status',
  'amount',
  'currency',
  'probability',
  'expected_close',
  'owner_id',
  'person_id',
  'company_id',
  'source',
  'campaign',
  'region',
  'close_reason',
  'closed_at',
  'tags',
  'custom_fields',
  'external_id',
  'search',
] as const;
const DEAL_SCALARS = [
  'title',
  'amount',
  'currency',
  'probability',
  'expectedClose',
  'ownerId',
  'source',
  'campaign',
  'region',
  'closeReason',
  'externalId',
];

/** Deals: pipeline and stage by name (default: the first pipeline, its first open stage), contact by email/phone, company by name. */
export class DealsWriter {
  constructor(
    private deps: CrmDeps,
    private ws: string,
    private upsertBy: UpsertBy,
    private pipelines: PipelineInfo[],
  ) {}

  async write(trx: Tx, rows: Good[]): Promise<WriteResult> {
    const ws = this.ws;
    const rejected: WriteResult['rejected'] = [];
    if (!rows.length) return { created: 0, updated: 0, rejected };
    const ids: Identity[] = [];
    for (const r of rows) {
      if (r.value.personEmail) ids.push({ kind: 'email', value: r.value.personEmail });
      if (r.value.personPhone) ids.push({ kind: 'phone', value: r.value.personPhone });
    }
    const persons = await this.deps.cdp.directory.resolve(trx, ws, dedupeIds(ids));
    const extIds = [...new Set(rows.map((r) => r.value.externalId).filter(Boolean))] as string[];
    const found = extIds.length
      ? (
          await sql<Row>`SELECT * FROM crm_deals WHERE workspace_id = ${ws} AND deleted_at IS NULL AND external_id = ANY(${extIds}::text[])`.execute(
            trx,
          )
        ).rows
      : [];
    const byExt = new Map(found.map((d) => [d.external_id as string, d]));
    const companies = await companyIds(trx, ws, rows.map((r) => r.value.company).filter(Boolean));
    const planned = new Map<string, { row: Row; isNew: boolean; fromStage: string | null }>();
    const claimedExt = new Map<string, string>();
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const v = r.value;
      const fail = (error: string, code: RowErrorCode, field: string | null) =>
        rejected.push({ n: r.n, cells: r.cells, error, code, field });
      const existingId = v.externalId ? (claimedExt.get(v.externalId) ?? byExt.get(v.externalId)?.id) : undefined;
      if (existingId && this.upsertBy !== 'externalId') {
        fail(`externalId ${v.externalId} already belongs to another deal`, 'external_id_taken', 'externalId');
        continue;
      }
      const base: Row | null = existingId ? (planned.get(existingId)?.row ?? byExt.get(v.externalId)!) : null;
      let pipeline = base ? this.pipelines.find((p) => p.id === base.pipeline_id) : this.pipelines[0];
      if (v.pipeline) pipeline = this.pipelines.find((p) => foldText(p.name) === foldText(v.pipeline));
      if (!pipeline) {
        if (v.pipeline) fail(`pipeline: "${v.pipeline}" not found`, 'pipeline_not_found', 'pipeline');
        else fail('pipeline: the workspace has no pipeline; create one first', 'no_pipeline', 'pipeline');
        continue;
      }
      let stage =
        base && base.pipeline_id === pipeline.id
          ? pipeline.stages.find((s) => s.id === base.stage_id)
          : (pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0]);
      if (v.stage) stage = pipeline.stages.find((s) => foldText(s.name) === foldText(v.stage));
      if (!stage) {
        fail(
          `stage: "${v.stage ?? ''}" is not a stage of pipeline "${pipeline.name}" (${pipeline.stages.map((s) => s.name).join(', ')})`,
          'stage_not_found',
          'stage',
        );
        continue;
      }
      if (stage.kind === 'lost' && !v.closeReason && !base?.close_reason) {
        fail('closeReason: required for a lost deal', 'close_reason_required', 'closeReason');
        continue;
      }
      let personId = base?.person_id ?? null;
      if (v.personEmail || v.personPhone) {
        personId =
          (v.personEmail && persons.get(identityKey('email', v.personEmail))) ||
          (v.personPhone && persons.get(identityKey('phone', v.personPhone))) ||
          null;
        if (!personId) {
          fail(
            `person: nobody with ${v.personEmail ? `email ${v.personEmail}` : `phone ${v.personPhone}`}`,
            'person_not_found',
            v.personEmail ? 'personEmail' : 'personPhone',
          );
          continue;
        }
      }
      const id = existingId ?? newId();
      const row: Row = { ...mergeInto(base, v, DEAL_SCALARS), id };
      const stageChanged = !base || base.stage_id !== stage.id;
      row.pipeline_id = pipeline.id;
      row.stage_id = stage.id;
      row.status = stage.kind;
      row.closed_at =
        stage.kind === 'open' ? null : stageChanged || !base?.closed_at ? new Date().toISOString() : base.closed_at;
      row.currency ??= pipeline.currency;
      row.amount ??= 0;
      row.probability ??= stage.probability;
      row.person_id = personId;
      row.company_id = v.company ? companies.get(foldText(v.company)) : (base?.company_id ?? null);
      row.search = searchText({ texts: [row.title, v.company ?? null] });
      const prev = planned.get(id);
      planned.set(id, {
        row,
        isNew: prev ? prev.isNew : !base,
        fromStage: prev ? prev.fromStage : (base?.stage_id ?? null),
      });
      if (!prev) {
        if (base) updated++;
        else created++;
      } else updated++; // counted per row (see PeopleWriter)
      if (v.externalId) claimedExt.set(v.externalId, id);
    }
    if (!planned.size) return { created, updated, rejected };
    const out = [...planned.values()].map(({ row }) => {
      const o: Row = { id: row.id };
      for (const c of DEAL_COLS) o[c] = row[c] ?? null;
      o.tags = row.tags ?? [];
      o.custom_fields = row.custom_fields ?? {};
      return o;
    });
    const types: Record<string, string> = {
      id: 'uuid',
      pipeline_id: 'uuid',
      stage_id: 'uuid',
      owner_id: 'uuid',
      person_id: 'uuid',
      company_id: 'uuid',
      amount: 'numeric',
      probability: 'integer',
      expected_close: 'date',
      closed_at: 'timestamptz',
      tags: 'text[]',
      custom_fields: 'jsonb',
    };
    const cols = ['id', ...DEAL_COLS];
    await sql`
      INSERT INTO crm_deals (workspace_id, ${sql.raw(cols.join(', '))})
      SELECT ${ws}, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}
      FROM jsonb_to_recordset(${JSON.stringify(out)}::jsonb) AS x(${sql.raw(cols.map((c) => `${c} ${types[c] ?? 'text'}`).join(', '))})
      ON CONFLICT (workspace_id, id) DO UPDATE SET ${sql.raw(DEAL_COLS.map((c) => `${c} = EXCLUDED.${c}`).join(', '))},
        stage_entered_at = CASE WHEN crm_deals.stage_id = EXCLUDED.stage_id THEN crm_deals.stage_entered_at ELSE now() END, updated_at = now()
    `.execute(trx);
    // The funnel report reads stage history: a new deal enters its stage, a moved one changes stage.
    const changes = [...planned.values()]
      .filter((p) => p.isNew || p.fromStage !== p.row.stage_id)
      .map((p) => ({
        id: newId(),
        deal_id: p.row.id,
        pipeline_id: p.row.pipeline_id,
        from_stage_id: p.fromStage,
        to_stage_id: p.row.stage_id,
      }));
    if (changes.length)
      await sql`
        INSERT INTO crm_deal_stage_changes (workspace_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, actor)
        SELECT ${ws}, x.id, x.deal_id, x.pipeline_id, x.from_stage_id, x.to_stage_id, 'import'
        FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS x(id uuid, deal_id uuid, pipeline_id uuid, from_stage_id uuid, to_stage_id uuid)
      `.execute(trx);
    return { created, updated, rejected };
  }
}
