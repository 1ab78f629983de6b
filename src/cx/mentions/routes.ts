import type { FastifyInstance } from 'fastify';
import type { CxKernel } from '../kernel.ts';

/** The mentions' and alerts' REST routes under /api/v1. */
export async function mentionsRoutes(_api: FastifyInstance, _k: CxKernel): Promise<void> {}
