import { systemActor } from '../../core/auth/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { FOLLOW_UP_JOB, SEGMENTS_JOB } from './names.ts';
import type { Surveys } from './surveys.ts';

/**
 * Closing the loop: a low answer (an NPS detractor, a CSAT of 1–2) opens a follow-up ticket in the
 * service desk, after the answer's commit (a job, retried), through the desk's "New ticket"
 * (`service.conversations.open`): the client did not write it, so it starts with an internal note
 * (survey, score, comment, a link to the answer), priority high, tagged `survey-follow-up`,
 * assigned to the person's owner when they are an active member (else the desk's routing), on the
 * inbox the desk picks for the person (their latest conversation's, else one of a channel they can
 * be reached on). Idempotent by the response's id: a retried job never opens two. While it is
 * open, the workspace's hold policy (service holds: an open ticket of high priority, by default)
 * keeps marketing from the client. A workspace without an inbox gets a CRM task for the owner
 * instead. The ticket's outcome (solved, closed, reopened) follows on the response through the
 * desk's change hook.
 */
export function wireFollowUp(k: CxBaseKernel, surveys: Surveys): void {
  k.jobs.define<{ responseId: string }>({
    name: FOLLOW_UP_JOB,
    retryLimit: 5,
    retryDelaySeconds: 10,
    retryBackoff: true,
    handler: (data, ctx) => followUp(k, surveys, ctx.workspaceId, data.responseId),
  });
  k.jobs.define<{ personIds: string[] }>({
    name: SEGMENTS_JOB,
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryBackoff: true,
    handler: (data, ctx) => k.segments.evaluate(ctx.workspaceId, data.personIds, { modules: ['cx'], traits: true }),
  });
  k.service.hooks.onChange(async (ws, conversationId, change, trx) => {
    const status = change.kind === 'updated' ? change.fields?.status : undefined;
    if (typeof status === 'string') await surveys.ticketChanged(trx, ws, conversationId, status);
  });
}

/** The tag every follow-up ticket carries (the desk's filter `?tag=survey-follow-up`). */
export const FOLLOW_UP_TAG = 'survey-follow-up';

async function followUp(k: CxBaseKernel, surveys: Surveys, ws: string, responseId: string) {
  const r = await k.db
    .selectFrom('cx_survey_responses')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('id', '=', responseId)
    .executeTakeFirst();
  if (!r || r.follow_up) return { skipped: true };
  const s = await surveys.get(ws, r.survey_id);
  const live = (await k.cdp.directory.liveId(k.db, ws, r.person_id)) ?? r.person_id;
  const owner = (await k.crm.people.rowsOf(ws, [live]))[0]?.owner_id ?? null;
  const scale = s.scale ? `${r.score}/${s.scale.max}` : String(r.score);
  const en = r.locale === 'en';
  const title = `${s.type.toUpperCase()} ${scale}: ${s.name}`.slice(0, 200);
  const base = (k.config.publicUrl ?? `http://localhost:${k.config.port}`).replace(/\/+$/, '');
  const link = `${base}/surveys/${s.id}?response=${responseId}`;
  const note = [
    en ? `Survey "${s.name}": score ${scale}.` : `Опрос «${s.name}»: оценка ${scale}.`,
    r.comment ? (en ? `Comment: ${r.comment}` : `Комментарий: ${r.comment}`) : '',
    en ? `The answer: ${link}` : `Ответ: ${link}`,
  ]
    .filter(Boolean)
    .join('\n');
  const actor = systemActor(ws, 'survey');
  // The owner takes it when they are an active member of the desk; else the desk's routing does.
  const assigneeId = owner
    ? await k.service.conversations.checkRefs(ws, { assigneeId: owner }).then(
        () => owner,
        () => null,
      )
    : null;
  try {
    const ticket = await k.service.conversations.open(actor, {
      personId: live,
      subject: title,
      priority: 'high',
      assigneeId,
      tags: [FOLLOW_UP_TAG],
      note,
      // A retried job finds the ticket it opened (the desk keeps the key), never a second one.
      externalId: `cx-survey-response:${responseId}`,
    });
    await k.db
      .updateTable('cx_survey_responses')
      .set({ follow_up: 'ticket', follow_up_conversation_id: ticket.id, follow_up_status: 'open' })
      .where('workspace_id', '=', ws)
      .where('id', '=', responseId)
      .execute();
    return { conversationId: ticket.id, duplicate: ticket.duplicate };
  } catch (e) {
    // No inbox in the workspace: the desk cannot hold the ticket, the owner gets a CRM task.
    if (!(e instanceof AppError && e.details.some((d) => d.path === 'inboxId'))) throw e;
  }
  const taskId = await k.db.transaction().execute(async (trx) => {
    const task = await k.crm.activities.insert(trx, actor, {
      kind: 'task',
      subject: title,
      body: [r.comment, link].filter(Boolean).join('\n'),
      personId: live,
      ownerId: owner,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    await trx
      .updateTable('cx_survey_responses')
      .set({ follow_up: `task:${task.id}`, follow_up_status: 'open' })
      .where('workspace_id', '=', ws)
      .where('id', '=', responseId)
      .execute();
    return task.id;
  });
  return { taskId };
}
