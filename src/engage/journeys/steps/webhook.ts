import { signPayload } from '../../../core/webhooks/webhooks.ts';
import { outboundRequest } from '../../../core/net/request.ts';
import { OutboundBlockedError } from '../../../core/net/outbound.ts';
import type { EngageBaseKernel } from '../../kernel.ts';
import { defaultNext } from '../definition.ts';
import type { StepKind, StepResult } from './types.ts';

/** The job that calls a journey's webhook (retried with backoff; never in the claim loop). */
export const WEBHOOK_JOB = 'engage.journey-webhook';

export interface WebhookCall {
  url: string;
  secret?: string;
  key: string;
  body: Record<string, unknown>;
}

/**
 * webhook: queued as a job in the batch's transaction (so it exists if and only if the step
 * committed) and called by a worker through the outbound policy, signed like webhooks
 * (`Kartoteka-Signature` when the step has a secret) with `Idempotency-Key: jr:<run>:<step>:<seq>`
 * for the receiver to drop a retried call.
 */
export const webhook: StepKind<'webhook'> = {
  async runMany(ctx, items) {
    const out: StepResult[] = [];
    for (const { journey, run, step, index, seq } of items) {
      const key = `jr:${run.id}:${step.id}:${seq}`;
      const call: WebhookCall = {
        url: step.url,
        ...(step.secret ? { secret: step.secret } : {}),
        key,
        body: {
          type: 'journey.step',
          journeyId: journey.id,
          journeyName: journey.name,
          version: journey.version,
          runId: run.id,
          stepId: step.id,
          personId: run.person_id,
          occurredAt: ctx.now.toISOString(),
        },
      };
      const jobId = await ctx.k.jobs.enqueue(ctx.ws, WEBHOOK_JOB, call as unknown as Record<string, unknown>, {
        trx: ctx.trx,
      });
      out.push({
        kind: 'next',
        outcome: 'next',
        next: defaultNext(journey.def, index),
        detail: { jobId, idempotencyKey: key },
      });
    }
    return out;
  },
};

/** Defines the webhook job (retried 5 times with backoff; a URL the policy blocks is not retried). */
export function defineWebhookJob(k: EngageBaseKernel): void {
  k.jobs.define<WebhookCall>({
    name: WEBHOOK_JOB,
    retryLimit: 5,
    retryDelaySeconds: 10,
    retryBackoff: true,
    handler: async (call) => {
      const body = JSON.stringify(call.body);
      try {
        const res = await outboundRequest(k.outbound, call.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Kartoteka-Journeys/1',
            'idempotency-key': call.key,
            ...(call.secret ? { 'kartoteka-signature': signPayload(call.secret, body) } : {}),
          },
          body,
          timeoutMs: 10_000,
        });
        if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
        return { status: res.status };
      } catch (err) {
        if (err instanceof OutboundBlockedError) return { blocked: err.message };
        throw err;
      }
    },
  });
}
