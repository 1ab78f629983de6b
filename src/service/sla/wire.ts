import type { FastifyInstance } from 'fastify';
import type { ServiceBaseKernel, ServiceKernel } from '../kernel.ts';
import type { Service } from '../service.ts';
import { ServiceCsat, SEGMENTS_JOB } from '../csat/csat.ts';
import { csatApiRoutes, csatRootRoutes } from '../csat/routes.ts';
import { registerCsatPersonData } from '../csat/person-data.ts';
import { ServiceHolds } from '../holds.ts';
import { holdRoutes } from '../holds-routes.ts';
import { ServiceReports } from '../reports.ts';
import { reportRoutes } from '../reports-routes.ts';
import { registerServiceSegmentConditions } from '../segment-conditions.ts';
import { SLA_BREACHED, SLA_WARNING } from './breaches.ts';
import { slaRoutes } from './routes.ts';
import { ServiceSla, type SlaSummary } from './sla.ts';

/*
 * The SLA side of the desk (S-SLA): SLA clocks and breaches, CSAT, service-aware marketing holds,
 * reports and segment conditions over tickets. They join the desk's service object here, so the
 * rest of the app reaches them as `k.service.sla`, `k.service.csat`, `k.service.holds`,
 * `k.service.reports`.
 */
declare module '../service.ts' {
  interface Service {
    sla: ServiceSla;
    csat: ServiceCsat;
    holds: ServiceHolds;
    reports: ServiceReports;
  }
}

/** Webhook event types the SLA scan raises (the module definition declares them). */
export const SLA_WEBHOOK_EVENT_TYPES = {
  [SLA_WARNING]: 'A conversation reached the warning share of an SLA target (default 80 %)',
  [SLA_BREACHED]: 'A conversation missed an SLA target (first response, next response or resolution)',
} as const;

/** Builds the SLA parts onto the desk and subscribes them (clocks, CSAT, holds, segments, jobs). */
export function attachSla(k: ServiceBaseKernel, service: Service): void {
  const sla = new ServiceSla(k);
  const csat = new ServiceCsat(k, service);
  const holds = new ServiceHolds(k);
  const reports = new ServiceReports(k);
  Object.assign(service, { sla, csat, holds, reports });
  sla.wire(service.hooks);
  service.conversations.registerSlaView(
    async (db, ws, ids) =>
      new Map(
        [...(await sla.summaries(ws, ids, db))].flatMap(([id, s]): [string, Record<string, unknown>][] =>
          s ? [[id, s as SlaSummary & Record<string, unknown>]] : [],
        ),
      ),
  );
  csat.wire();
  // GDPR export and erase of the person's CSAT answers (clocks go with the conversations).
  registerCsatPersonData(k.privacy);
  k.engage.policy.registerHold(holds.check);
  registerServiceSegmentConditions(k.segments.conditions);
  k.jobs.define<{ personIds: string[]; traits?: boolean }>({
    name: SEGMENTS_JOB,
    retryLimit: 3,
    retryDelaySeconds: 5,
    retryBackoff: true,
    handler: (data, ctx) =>
      k.segments.evaluate(ctx.workspaceId, data.personIds, { modules: ['service'], traits: !!data.traits }),
  });
}

/** Its routes under /api/v1. */
export async function slaApiRoutes(api: FastifyInstance, k: ServiceKernel): Promise<void> {
  await slaRoutes(api, () => k.service.sla);
  await holdRoutes(api, () => k.service.holds);
  await reportRoutes(api, () => k.service.reports);
  await csatApiRoutes(api, () => k.service.csat);
}

/** Its routes outside /api/v1 (the hosted CSAT page). */
export async function slaRootRoutes(app: FastifyInstance, k: ServiceKernel): Promise<void> {
  await csatRootRoutes(app, () => k.service.csat);
}
