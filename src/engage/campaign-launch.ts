import { sql } from 'kysely';
import type { Tx } from '../core/db/schema.ts';
import type { JobContext } from '../core/jobs/jobs.ts';
import { abStepIndex, durationMs, inAbTest, isControl, variantOf } from './campaign-audience.ts';
import { campaignRow, type Row } from './campaign-records.ts';
import type { Engage } from './engage.ts';
import type { EngageBaseKernel } from './kernel.ts';
import type { EnqueueRow } from './messages.ts';

/*
 * The launch job `engage.campaign`: freezes a running campaign's audience into
 * `engage_campaign_members` and queues the treatment's messages through the ledger, then sends the
 * A/B winner to the part of the treatment that waited for it.
 */

export const CAMPAIGN_JOB = 'engage.campaign';
/** Members frozen (and their messages queued) per transaction. */
export const CAMPAIGN_CHUNK = 1000;
const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Freezes the audience (control segment first, then the target segment; a person already frozen
 * keeps their row) and queues the treatment's messages, a chunk per transaction under the
 * campaign's row lock (a cancel that commits meanwhile stops it before the next chunk, and
 * suppresses what was queued). Then, once an A/B winner is known, the rest of the treatment gets
 * the winner. Every step is idempotent: a retried or repeated job adds nothing twice.
 */
export async function runCampaign(
  k: EngageBaseKernel,
  engage: Engage,
  ws: string,
  id: string,
  ctx: Pick<JobContext, 'progress'>,
): Promise<{ members: number; queued: number }> {
  const c = await campaignRow(k.db, ws, id);
  const out = { members: 0, queued: 0 };
  if (c.status !== 'running') return out;
  const kinds = await templateKinds(k, ws, c);
  if (!c.enumerated_at) {
    const phases: { segmentId: string; control: boolean }[] = [
      ...(c.control_segment_id ? [{ segmentId: c.control_segment_id, control: true }] : []),
      { segmentId: c.segment_id, control: false },
    ];
    for (const phase of phases) {
      let cursor = NIL;
      for (;;) {
        const step = await k.db.transaction().execute(async (trx) => {
          const cur = await campaignRow(trx, ws, id, true);
          if (cur.status !== 'running') return null;
          return freezeChunk(engage, trx, cur, phase, cursor, kinds);
        });
        if (!step) return out;
        out.members += step.inserted;
        out.queued += step.queued;
        await ctx.progress(0.5, `${out.members} members frozen`);
        if (!step.next) break;
        cursor = step.next;
      }
    }
    await k.db.transaction().execute(async (trx) => {
      const n = await trx
        .selectFrom('engage_campaign_members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .where('campaign_id', '=', id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('engage_campaigns')
        .set({ enumerated_at: new Date(), audience: Number(n.n), updated_at: new Date() })
        .where('workspace_id', '=', ws)
        .where('id', '=', id)
        .execute();
    });
  }
  out.queued += await sendWinner(k, engage, ws, id, kinds);
  return out;
}

async function templateKinds(
  k: EngageBaseKernel,
  ws: string,
  c: Row,
): Promise<Map<string, 'marketing' | 'transactional'>> {
  const ids = [...new Set(c.steps.flatMap((s) => [s.templateId, ...(s.variants ?? []).map((v) => v.templateId)]))];
  const rows = await k.db
    .selectFrom('engage_templates')
    .select(['id', 'kind'])
    .where('workspace_id', '=', ws)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** One chunk of a segment's current members after `cursor` (by person id), frozen and messaged. */
async function freezeChunk(
  engage: Engage,
  trx: Tx,
  c: Row,
  phase: { segmentId: string; control: boolean },
  cursor: string,
  kinds: Map<string, 'marketing' | 'transactional'>,
): Promise<{ inserted: number; queued: number; next: string | null }> {
  const ws = c.workspace_id;
  const regions = (c.geography?.regions ?? []).map((r) => r.toLowerCase());
  const page = await sql<{ person_id: string; region: string | null }>`
    SELECT sm.person_id, nullif(coalesce(p.traits->>'region', p.traits#>>'{address,region}'), '') AS region
    FROM segment_members sm
    JOIN persons p ON p.workspace_id = sm.workspace_id AND p.id = sm.person_id AND p.merged_into IS NULL
    WHERE sm.workspace_id = ${ws} AND sm.segment_id = ${phase.segmentId} AND sm.exited_at IS NULL
      AND sm.person_id > ${cursor}::uuid
      ${regions.length ? sql`AND lower(coalesce(p.traits->>'region', p.traits#>>'{address,region}')) = ANY(${regions}::text[])` : sql``}
    ORDER BY sm.person_id
    LIMIT ${CAMPAIGN_CHUNK}
  `.execute(trx);
  if (!page.rows.length) return { inserted: 0, queued: 0, next: null };
  const ab = c.ab_test;
  const abStep = abStepIndex(c.steps);
  const members = page.rows.map((p) => {
    const grp = phase.control || (c.control_percent != null && isControl(c.id, p.person_id, c.control_percent));
    const vs = abStep >= 0 ? c.steps[abStep].variants! : null;
    const variant =
      grp || !vs
        ? null
        : ab && !inAbTest(c.id, p.person_id, ab.testPercent)
          ? c.ab_winner
          : variantOf(c.id, p.person_id, vs).key;
    return { person_id: p.person_id, grp: grp ? 'control' : 'treatment', variant, region: p.region };
  });
  const ins = await sql<{ n: number }>`
    WITH ins AS (
      INSERT INTO engage_campaign_members (workspace_id, campaign_id, person_id, grp, variant, region)
      SELECT ${ws}, ${c.id}, x.person_id, x.grp, x.variant, x.region
      FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS x(person_id uuid, grp text, variant text, region text)
      ON CONFLICT (workspace_id, campaign_id, person_id) DO NOTHING
      RETURNING 1
    ) SELECT count(*)::int AS n FROM ins
  `.execute(trx);
  // The rows as frozen (a person frozen earlier, e.g. by the control segment, keeps theirs).
  const frozen = await trx
    .selectFrom('engage_campaign_members')
    .select(['person_id', 'grp', 'variant'])
    .where('workspace_id', '=', ws)
    .where('campaign_id', '=', c.id)
    .where(
      'person_id',
      'in',
      page.rows.map((p) => p.person_id),
    )
    .execute();
  const rows = frozen.filter((m) => m.grp === 'treatment').flatMap((m) => messagesOf(c, m, kinds));
  const queued = rows.length ? await engage.messages.enqueueMany(trx, ws, rows) : 0;
  const next = page.rows.length < CAMPAIGN_CHUNK ? null : page.rows[page.rows.length - 1].person_id;
  return { inserted: Number(ins.rows[0]?.n ?? 0), queued, next };
}

/** A treatment member's messages, one per step (a step's delay after launch → its send time). */
function messagesOf(
  c: Row,
  m: { person_id: string; variant: string | null },
  kinds: Map<string, 'marketing' | 'transactional'>,
  only?: number,
): EnqueueRow[] {
  const abStep = abStepIndex(c.steps);
  const t0 = (c.launched_at ?? new Date()).getTime();
  const out: EnqueueRow[] = [];
  for (const [i, s] of c.steps.entries()) {
    if (only !== undefined && i !== only) continue;
    let templateId = s.templateId;
    let variant: string | null = null;
    if (s.variants?.length) {
      const v =
        i === abStep && c.ab_test
          ? s.variants.find((x) => x.key === m.variant)
          : i === abStep && m.variant
            ? s.variants.find((x) => x.key === m.variant)
            : variantOf(c.id, m.person_id, s.variants);
      if (!v) continue; // waiting for the A/B winner
      templateId = v.templateId;
      variant = v.key;
    }
    const delay = durationMs(s.delay);
    out.push({
      personId: m.person_id,
      channelId: s.channelId,
      templateId,
      idempotencyKey: `cp:${c.id}:${i}:${m.person_id}`,
      kind: kinds.get(templateId) ?? 'marketing',
      sendAfter: delay ? new Date(t0 + delay) : null,
      campaignId: c.id,
      campaignStep: i,
      variant,
    });
  }
  return out;
}

/** After an A/B decision: the waiting part of the treatment gets the winner, a chunk per transaction. */
async function sendWinner(
  k: EngageBaseKernel,
  engage: Engage,
  ws: string,
  id: string,
  kinds: Map<string, 'marketing' | 'transactional'>,
) {
  let queued = 0;
  for (;;) {
    const n = await k.db.transaction().execute(async (trx) => {
      const c = await campaignRow(trx, ws, id, true);
      if (c.status !== 'running' || !c.ab_test || !c.ab_winner) return 0;
      const abStep = abStepIndex(c.steps);
      const waiting = await trx
        .selectFrom('engage_campaign_members')
        .select(['person_id'])
        .where('workspace_id', '=', ws)
        .where('campaign_id', '=', id)
        .where('grp', '=', 'treatment')
        .where('variant', 'is', null)
        .orderBy('person_id')
        .limit(CAMPAIGN_CHUNK)
        .execute();
      if (!waiting.length) return 0;
      const ids = waiting.map((w) => w.person_id);
      await trx
        .updateTable('engage_campaign_members')
        .set({ variant: c.ab_winner })
        .where('workspace_id', '=', ws)
        .where('campaign_id', '=', id)
        .where('person_id', 'in', ids)
        .execute();
      const rows = ids.flatMap((p) => messagesOf(c, { person_id: p, variant: c.ab_winner }, kinds, abStep));
      // The winner goes out now: a delay counts from the decision for the waiting part.
      const now = new Date();
      for (const r of rows) if (r.sendAfter && r.sendAfter < now) r.sendAfter = null;
      await engage.messages.enqueueMany(trx, ws, rows);
      return ids.length;
    });
    if (!n) return queued;
    queued += n;
  }
}
