import type { FastifyInstance } from 'fastify';
import type { EngageKernel } from './kernel.ts';
import { channelsRoutes } from './channels-routes.ts';
import { templatesRoutes } from './templates-routes.ts';
import { messagesRoutes } from './messages-routes.ts';
import { broadcastsRoutes } from './broadcasts-routes.ts';
import { campaignsRoutes } from './campaigns-routes.ts';
import { journeysRoutes } from './journeys/journeys-routes.ts';
import { statsRoutes } from './stats-routes.ts';
import { trackingRoutes } from './tracking-routes.ts';
import { channelHooksRoutes } from './channel-hooks-routes.ts';
import { pushApiRoutes, pushRoutes } from './push-routes.ts';

/** Under /api/v1. */
export async function engageRoutes(app: FastifyInstance, k: EngageKernel) {
  await channelsRoutes(app, k);
  await templatesRoutes(app, k);
  await messagesRoutes(app, k);
  await broadcastsRoutes(app, k);
  await campaignsRoutes(app, k);
  await journeysRoutes(app, k);
  await statsRoutes(app, k);
  await pushApiRoutes(app, k);
}

/** Outside /api/v1: open pixel, click redirect, unsubscribe and preference pages, provider callbacks, push subscribe. */
export async function engageRootRoutes(app: FastifyInstance, k: EngageKernel) {
  await trackingRoutes(app, k);
  await channelHooksRoutes(app, k);
  await pushRoutes(app, k);
}
