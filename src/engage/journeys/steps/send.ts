import { defaultNext } from '../definition.ts';
import type { StepKind } from './types.ts';

/**
 * send: a message queued in the ledger in the run's transaction (Messages.enqueueMany, batched),
 * idempotency key `jr:<run>:<step>:<seq>`, so a crash before the commit queues nothing and the
 * retried step queues it once. The sender renders it (the template's locale variants), applies
 * the delivery policy (consent, caps, quiet hours) and sends it.
 */
export const send: StepKind<'send'> = {
  async run(ctx, step) {
    const next = defaultNext(ctx.journey.def, ctx.index);
    const [channel, kind] = await Promise.all([ctx.cache.channel(step.channelId), ctx.cache.template(step.templateId)]);
    if (!channel || !kind)
      return {
        kind: 'exit',
        reason: 'error:send_unavailable',
        outcome: 'error',
        detail: { message: channel ? 'the template no longer exists' : 'the channel no longer exists' },
      };
    const key = `jr:${ctx.run.id}:${step.id}:${ctx.seq}`;
    ctx.fx.messages.push({
      personId: ctx.run.person_id,
      channelId: step.channelId,
      templateId: step.templateId,
      idempotencyKey: key,
      kind,
      data: step.data ?? {},
    });
    return { kind: 'next', outcome: 'next', next, detail: { idempotencyKey: key } };
  },
};
