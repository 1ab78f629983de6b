import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../core/kernel.ts';
import { importRoutes } from './imports-routes.ts';
import { dealRoutes } from './deals-routes.ts';
import { activityRoutes } from './activities-routes.ts';
import { telephonyRoutes } from './telephony-routes.ts';

/** Every CRM route file, registered under /api/v1 (src/core/http/app.ts). */
export async function crmRoutes(app: FastifyInstance, k: Kernel) {
  await importRoutes(app, k);
  await dealRoutes(app, k);
  await activityRoutes(app, k);
  await telephonyRoutes(app, k);
}
