import type { FastifyInstance } from 'fastify';
import type { CxKernel } from '../kernel.ts';

/** The surveys' REST routes under /api/v1. */
export async function surveysRoutes(_api: FastifyInstance, _k: CxKernel): Promise<void> {}
