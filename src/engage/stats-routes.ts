import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { EngageKernel } from './kernel.ts';
import { invalid } from '../core/errors.ts';
import { principalOf } from '../core/http/principal.ts';
import { groupsRoutes } from './groups-routes.ts';

const n = (d: string) => z.number().describe(d);
const rate = (d: string) => z.number().nullable().describe(`${d}; null when the denominator is 0`);

/** The measures of a set of messages; every definition is the one stats.ts computes. */
export const statsShape = {
  sent: n(
    'Messages handed to the provider (sent_at set, or a later status: delivered, opened, clicked, bounced, complained)',
  ),
  delivered: n('Messages that reached the person: delivered, opened or clicked (an open or a click implies delivery)'),
  opened: n('Unique opens: messages opened at least once (a click implies an open)'),
  clicked: n('Unique clicks: messages with at least one tracked link clicked'),
  bounced: n('Messages that bounced (soft or hard)'),
  unsubscribed: n('Messages whose unsubscribe or preference link was used to withdraw'),
  deliveryRate: rate('delivered / sent'),
  openRate: rate('opened / delivered (unique opens)'),
  clickRate: rate('clicked / delivered (unique clicks, CTR)'),
  clickToOpenRate: rate('clicked / opened'),
  complained: n('Messages marked as spam by the recipient'),
  failed: n('Messages that could not be sent (status failed)'),
  suppressed: n('Messages not sent by policy: no consent, opted out, suppressed address, frequency cap, cancelled'),
  pending: n('Messages still queued or being sent'),
  total: n('Messages in the ledger'),
};
export const messageStats = z.object(statsShape).meta({
  id: 'MessageStats',
  description:
    'Delivery analytics of a set of messages. deliveryRate = delivered/sent, openRate = opened/delivered, clickRate = clicked/delivered, clickToOpenRate = clicked/opened (opens and clicks unique per message); a rate is null when its denominator is 0',
});
const day = z.object({ date: z.string().describe('UTC day (YYYY-MM-DD) the messages were created'), ...statsShape });

/** Delivery analytics (`/messaging/stats`) and, registered from here, subscription groups. */
export async function statsRoutes(app: FastifyInstance, k: EngageKernel): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/messaging/stats',
    {
      config: { permission: 'engage:read' },
      schema: {
        tags: ['engage: analytics'],
        summary: 'Delivery analytics over a period: totals and a daily series, by channel, template or broadcast',
        description: [
          'Counts the messages created in [from, to) (UTC; both optional), each with everything that happened to it so far.',
          'sent = handed to the provider; delivered = delivered, opened or clicked; opened and clicked are unique per message; bounced, unsubscribed, complained, failed, suppressed as their statuses and times.',
          'deliveryRate = delivered / sent; openRate = opened / delivered; clickRate = clicked / delivered; clickToOpenRate = clicked / opened; null when the denominator is 0.',
          'The series has one entry per UTC day (every day of the period when both from and to are given).',
        ].join('\n\n'),
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional().describe('Start (inclusive), ISO-8601'),
          to: z.iso.datetime({ offset: true }).optional().describe('End (exclusive), ISO-8601'),
          channelId: z.uuid().optional(),
          templateId: z.uuid().optional(),
          broadcastId: z.uuid().optional(),
          interval: z.enum(['day']).default('day').describe('The series step (day)'),
        }),
        response: {
          200: z
            .object({ ...statsShape, series: z.array(day) })
            .meta({ id: 'MessagingStats', description: 'Totals of the period and its daily series' }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const from = q.from ? new Date(q.from) : undefined;
      const to = q.to ? new Date(q.to) : undefined;
      if (from && to && from >= to) throw invalid('to', 'must be after from');
      return k.engage.stats.series(principalOf(req).actor.workspaceId, {
        from,
        to,
        channelId: q.channelId,
        templateId: q.templateId,
        broadcastId: q.broadcastId,
      });
    },
  );

  await groupsRoutes(app, k);
}
