import { systemActor } from '../../core/auth/actor.ts';
import type { CxBaseKernel } from '../kernel.ts';
import { FOLLOW_UP_JOB, SEGMENTS_JOB } from './names.ts';
import type { Surveys } from './surveys.ts';

/**
 * Closing the loop: a low answer (an NPS detractor, a CSAT of 1–2) opens a follow-up ticket in the
 * service desk, after the answer's commit (a job, retried): the answer and its comment come in as
 * the client's message on the workspace's first inbox (so the desk's routing, SLA and automation
 * treat it as any request; idempotent by the response's id), assigned to the person's owner when
 * the desk accepts them. A workspace without an inbox, or a person without any identity, gets a
 * CRM task for the owner instead. The ticket's outcome (solved, closed, reopened) follows on the
 * response through the desk's change hook.
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
  const title = `${s.type.toUpperCase()} ${scale}: ${s.name}`.slice(0, 200);
  const text = [
    r.locale === 'en' ? `Survey "${s.name}": score ${scale}.` : `Опрос «${s.name}»: оценка ${scale}.`,
    r.comment ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  const inbox = (await k.service.inboxes.list(ws))[0];
  const identities = (await k.cdp.directory.identitiesOf(k.db, ws, live)).map((i) => ({
    kind: i.kind,
    value: i.value,
  }));
  const actor = systemActor(ws, 'survey');
  if (inbox && identities.length) {
    const got = await k.service.inbound.receive(ws, {
      inboxId: inbox.id,
      channel: inbox.channel,
      identities,
      externalId: `cx-survey-response:${responseId}`,
      subject: title,
      text,
    });
    if (owner)
      await k.service.conversations.update(actor, got.conversationId, { assigneeId: owner }).catch((e) => {
        // The owner may not be an agent of the desk: the ticket stays with routing.
        k.log.info({ err: e, responseId }, 'survey follow-up: owner not assignable');
      });
    await k.db
      .updateTable('cx_survey_responses')
      .set({ follow_up: 'ticket', follow_up_conversation_id: got.conversationId, follow_up_status: 'open' })
      .where('workspace_id', '=', ws)
      .where('id', '=', responseId)
      .execute();
    return { conversationId: got.conversationId };
  }
  const taskId = await k.db.transaction().execute(async (trx) => {
    const task = await k.crm.activities.insert(trx, actor, {
      kind: 'task',
      subject: title,
      body: r.comment,
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
