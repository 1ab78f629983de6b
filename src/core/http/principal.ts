import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Permission } from '../auth/roles.ts';
import type { Principal } from '../auth/auth.ts';

/**
 * Who is calling, and what every route declares: route files import this (not app.ts, which
 * imports the routes), so the HTTP edge has no import cycle.
 */
declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route as registered: the isolation test walks them all. */
    routeList: { method: string; url: string; permission?: string; public?: boolean }[];
  }
  interface FastifyContextConfig {
    /** The permission a caller's role must have; every /api/v1 route declares one or `public`. */
    permission?: Permission;
    public?: boolean;
  }
}

/** The authenticated caller of a request (401 when there is none). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED');
  return req.principal;
}
