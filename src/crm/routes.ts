import type { FastifyInstance } from 'fastify';
import type { CrmKernel as Kernel } from './kernel.ts';
import { importRoutes } from './imports-routes.ts';
import { exportRoutes } from './exports-routes.ts';
import { dealRoutes } from './deals-routes.ts';
import { peopleRoutes } from './people-routes.ts';
import { companyRoutes } from './companies-routes.ts';
import { customFieldRoutes } from './custom-fields-routes.ts';
import { consentRoutes } from './consents-routes.ts';
import { savedViewRoutes } from './saved-views-routes.ts';
import { dedupeRoutes } from './dedupe-routes.ts';
import { activityRoutes } from './activities-routes.ts';
import { telephonyRoutes } from './telephony-routes.ts';
import { reportRoutes } from './reports-routes.ts';
import { teamSummaryRoutes } from './team-summary-routes.ts';

/** Every CRM route file, registered under /api/v1 (src/core/http/app.ts). */
export async function crmRoutes(app: FastifyInstance, k: Kernel) {
  await peopleRoutes(app, k);
  await companyRoutes(app, k);
  await customFieldRoutes(app, k);
  await consentRoutes(app, k);
  await savedViewRoutes(app, k);
  await dedupeRoutes(app, k);
  await importRoutes(app, k);
  await exportRoutes(app, k);
  await dealRoutes(app, k);
  await activityRoutes(app, k);
  await telephonyRoutes(app, k);
  await reportRoutes(app, k);
  await teamSummaryRoutes(app, k);
}
