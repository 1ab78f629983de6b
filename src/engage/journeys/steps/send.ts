import { defaultNext } from '../definition.ts';
import type { StepKind, StepResult } from './types.ts';

/**
 * send: messages queued in the ledger in the batch's transaction (one Messages.enqueueMany for the
 * batch, with the runtime's other effects), idempotency key `jr:<run>:<step>:<seq>`, so a crash
 * before the commit queues nothing and the retried step queues it once. The sender renders it (the
 * template's locale variants), applies the delivery policy (consent, caps, quiet hours) and sends it.
 */
export const send: StepKind<'send'> = {
  async runMany(ctx, items) {
    const out: StepResult[] = [];
    for (const { journey, run, step, index, seq } of items) {
      // Cached per batch: one read per channel and template.
      const [channel, kind] = await Promise.all([
        ctx.cache.channel(step.channelId),
        ctx.cache.template(step.templateId),
      ]);
      if (!channel || !kind) {
        out.push({
          kind: 'exit',
          reason: 'error:send_unavailable',
          outcome: 'error',
          detail: { message: channel ? 'the template no longer exists' : 'the channel no longer exists' },
        });
        continue;
      }
      const key = `jr:${run.id}:${step.id}:${seq}`;
      ctx.fx.messages.push({
        personId: run.person_id,
        channelId: step.channelId,
        templateId: step.templateId,
        idempotencyKey: key,
        kind,
        data: step.data ?? {},
      });
      out.push({
        kind: 'next',
        outcome: 'next',
        next: defaultNext(journey.def, index),
        detail: { idempotencyKey: key },
      });
    }
    return out;
  },
};
