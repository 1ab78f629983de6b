import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../core/kernel.ts';
import { dealRoutes } from './deals-routes.ts';

/** Every CRM route file, registered under /api/v1 (src/core/http/app.ts). */
export async function crmRoutes(app: FastifyInstance, k: Kernel) {
  await dealRoutes(app, k);
}
