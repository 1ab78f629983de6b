import { sql } from 'kysely';
import { type Actor, systemActor } from '../core/auth/actor.ts';
import type { Tx } from '../core/db/schema.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { launchable } from './campaign-check.ts';
import { CAMPAIGN_JOB } from './campaign-launch.ts';
import { type CampaignView, campaignRow, recordCampaignError, transitionCampaign } from './campaign-records.ts';
import type { EngageBaseKernel } from './kernel.ts';

/*
 * A campaign's life after its draft: approve, launch (now or scheduled), the scheduled start,
 * cancel and finish. Each is one audited transition under the row lock (campaign-records.ts).
 */

export async function approveCampaign(k: EngageBaseKernel, actor: Actor, id: string): Promise<CampaignView> {
  await launchable(k, actor.workspaceId, await campaignRow(k.db, actor.workspaceId, id));
  return transitionCampaign(k, actor, id, ['draft'], async () => ({
    status: 'approved',
    approved_by: actor.label,
    approved_at: new Date(),
    error: null,
  }));
}

/**
 * Launch a draft or an approved campaign: a draft is approved by its launcher (recorded). With
 * a future `startsAt` it becomes scheduled (the periodic check starts it); else it runs now: the
 * job that freezes the audience is queued in the same transaction.
 */
export async function launchCampaign(k: EngageBaseKernel, actor: Actor, id: string): Promise<CampaignView> {
  const ws = actor.workspaceId;
  const c = await campaignRow(k.db, ws, id);
  if (c.status !== 'draft' && c.status !== 'approved')
    throw new AppError('CONFLICT', `The campaign is ${c.status}; only a draft or an approved one can be launched`);
  await launchable(k, ws, c, { audience: true, record: actor });
  const later = c.starts_at && c.starts_at.getTime() > Date.now();
  return transitionCampaign(k, actor, id, ['draft', 'approved'], async (trx, row) => {
    const approved =
      row.status === 'draft' ? { approved_by: actor.label, approved_at: new Date() } : ({} as Record<string, never>);
    if (later) return { ...approved, status: 'scheduled', launched_by: actor.label, error: null };
    await k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
    return {
      ...approved,
      status: 'running',
      launched_by: actor.label,
      launched_at: new Date(),
      error: null,
    };
  });
}

/** A scheduled campaign whose time came: checked again, then running (or cancelled with the reason). */
export async function startCampaign(k: EngageBaseKernel, ws: string, id: string): Promise<void> {
  const actor = systemActor(ws, 'campaign scheduler');
  const c = await campaignRow(k.db, ws, id);
  if (c.status !== 'scheduled') return;
  try {
    await launchable(k, ws, c, { audience: true });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    await recordCampaignError(k, actor, id, `${e.code}: ${e.message}`, 'cancelled');
    return;
  }
  await transitionCampaign(k, actor, id, ['scheduled'], async (trx) => {
    await k.jobs.enqueue(ws, CAMPAIGN_JOB, { campaignId: id }, { trx });
    return { status: 'running', launched_at: new Date() };
  });
}

/** Stops for good; its queued messages become suppressed with reason 'cancelled'. */
export async function cancelCampaign(k: EngageBaseKernel, actor: Actor, id: string): Promise<CampaignView> {
  return transitionCampaign(k, actor, id, ['draft', 'approved', 'scheduled', 'running'], async (trx) => {
    await suppressQueued(trx, actor.workspaceId, id, 'cancelled');
    return { status: 'cancelled', finished_at: new Date() };
  });
}

/** Ends a running campaign: waves not yet sent are dropped (reason 'campaign_finished'); results keep counting. */
export async function finishCampaign(k: EngageBaseKernel, actor: Actor, id: string): Promise<CampaignView> {
  return transitionCampaign(k, actor, id, ['running'], async (trx) => {
    await suppressQueued(trx, actor.workspaceId, id, 'campaign_finished');
    return { status: 'finished', finished_at: new Date() };
  });
}

async function suppressQueued(trx: Tx, ws: string, id: string, reason: string) {
  const gone = await sql<{ id: string }>`
    UPDATE engage_messages SET status = 'suppressed', reason = ${reason}, updated_at = now()
    WHERE workspace_id = ${ws} AND campaign_id = ${id} AND status = 'queued'
    RETURNING id
  `.execute(trx);
  if (gone.rows.length)
    await trx
      .insertInto('engage_message_events')
      .values(
        gone.rows.map((m) => ({
          workspace_id: ws,
          id: newId(),
          message_id: m.id,
          type: 'suppressed',
          detail: JSON.stringify({ reason, campaignId: id }),
        })),
      )
      .execute();
}
