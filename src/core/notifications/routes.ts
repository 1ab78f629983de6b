import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kernel } from '../kernel.ts';
import { principalOf } from '../http/principal.ts';
import { dateTime, idParam } from '../http/schemas.ts';
import { pageOf, pageQuery } from '../http/pagination.ts';

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string().describe('What it is about, e.g. activity.reminder'),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable().describe('A path in the web app to open, e.g. /deals/ID'),
  data: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  readAt: dateTime.nullable(),
  createdAt: dateTime,
});

/**
 * The signed-in user's in-app notifications. Each user sees and changes only their own (another
 * user's id is a 404); an API key is not a user and has none.
 */
export async function notificationRoutes(app: FastifyInstance, k: Kernel) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const who = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { ws: p.actor.workspaceId, userId: p.userId };
  };
  const tags = ['notifications'];

  r.get(
    '/notifications',
    {
      config: { permission: 'account:self' },
      schema: {
        tags,
        summary:
          'My notifications, newest first; unread=true keeps the unread ones. The unread count is GET /notifications/unread-count',
        querystring: z.object({
          ...pageQuery,
          unread: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
        }),
        response: { 200: pageOf(notificationSchema) },
      },
    },
    async (req) => {
      const { ws, userId } = who(req);
      return k.notifications.list(ws, userId, req.query);
    },
  );
  r.get(
    '/notifications/unread-count',
    {
      config: { permission: 'account:self' },
      schema: {
        tags,
        summary: 'How many of my notifications are unread (what the bell shows)',
        response: { 200: z.object({ count: z.number().int() }) },
      },
    },
    async (req) => {
      const { ws, userId } = who(req);
      return { count: await k.notifications.unreadCount(ws, userId) };
    },
  );
  r.post(
    '/notifications/read-all',
    {
      config: { permission: 'account:self' },
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int().describe('How many were unread') }) },
      },
    },
    async (req) => {
      const { ws, userId } = who(req);
      return { updated: await k.notifications.markAllRead(ws, userId) };
    },
  );
  r.post(
    '/notifications/:id/read',
    {
      config: { permission: 'account:self' },
      schema: {
        tags,
        summary: 'Mark one of my notifications read (a read one stays as it is)',
        params: idParam,
        response: { 200: notificationSchema },
      },
    },
    async (req) => {
      const { ws, userId } = who(req);
      return k.notifications.markRead(ws, userId, req.params.id);
    },
  );
}
