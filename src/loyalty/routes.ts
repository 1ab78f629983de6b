import type { FastifyInstance } from 'fastify';
import type { LoyaltyKernel } from './kernel.ts';

/** Under /api/v1. */
export async function loyaltyRoutes(_app: FastifyInstance, _k: LoyaltyKernel) {}
