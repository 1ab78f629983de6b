import { defineModule } from '../core/module.ts';
import { Cdp } from './cdp.ts';
import { Privacy } from './privacy.ts';
import { cdpSettings } from './settings.ts';
import { cdpRoutes } from './routes.ts';
import { dataRoutes } from './data-routes.ts';
import { trackingRoutes } from './tracking-routes.ts';
import { sdkRoutes } from './sdk-route.ts';
import { seedCdpDemo } from './demo-events.ts';
import type { CdpKernel, CdpServices } from './kernel.ts';

/** The CDP: sources and ingest, identity, profiles and events, computed traits, privacy. */
export const cdp = defineModule<CdpServices, CdpKernel>({
  name: 'cdp',
  migrations: new URL('./migrations/', import.meta.url),
  settings: cdpSettings,
  create: (k) => ({
    // PGlite has one connection: one ingest writer.
    cdp: new Cdp(k.db, k.audit, k.webhooks, k.log.child({ component: 'cdp' }), {
      ingestWriters: k.config.databaseUrl ? Math.min(k.config.ingestWriters, k.config.databasePoolSize) : 1,
    }),
    privacy: new Privacy(k.db, k.audit, k.webhooks),
  }),
  routes: async (api, k) => {
    await cdpRoutes(api, k);
    await dataRoutes(api, k);
  },
  // The tracking API (/v1/*, Segment spec) and the browser SDK sit outside /api/v1.
  rootRoutes: async (app, k) => {
    await trackingRoutes(app, k);
    await sdkRoutes(app, k);
  },
  permissions: ['cdp:read', 'cdp:write'],
  // Sources and person.erased are announced by the services themselves (cdp.ts, privacy.ts).
  // The tracked events reach the CRM's people by email, so its demo runs after the CRM's.
  demo: { seed: seedCdpDemo, after: ['crm'] },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation.test.ts).
  isolation: {
    paramResource: {
      '/api/v1/sources/:id': 'source',
      '/api/v1/persons/:id': 'person',
      '/api/v1/merges/:id': 'merge',
      '/api/v1/event-rules/:id': 'eventRule',
      '/api/v1/computed-traits/:id': 'computedTrait',
    },
  },
});

export type { CdpKernel, CdpServices } from './kernel.ts';
export type { CdpSettings } from './settings.ts';
export { Cdp, SOURCE_KINDS, ORIGINS, type SourceAuth, type SourceView, type IngestResult, type SourceKind, type Origin } from './cdp.ts';
export { IDENTITY_KINDS, type IdentityKind } from './identifiers.ts';
export { computedTraitsSchema } from './computed-traits-routes.ts';
export { Privacy, type PersonEraser, type PersonExporter, type PersonDataModule } from './privacy.ts';
export { PersonDirectory, type AppendedEvent, type MergeNotice, type MergeHandler, type AddedIdentity } from './directory.ts';
export { normalizeEmail, normalizePhone, identityKey, type Identity } from './identifiers.ts';
