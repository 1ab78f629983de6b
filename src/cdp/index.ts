import { join } from 'node:path';
import { defineModule } from '../core/module.ts';
import { Cdp } from './cdp.ts';
import { Privacy } from './privacy.ts';
import { cdpSettings } from './settings.ts';
import { cdpRoutes } from './routes.ts';
import { dataRoutes } from './data-routes.ts';
import { trackingRoutes } from './tracking-routes.ts';
import { sdkRoutes } from './sdk-route.ts';
import { seedCdpDemo } from './demo-events.ts';
import { seedDemoSegments } from './segments/demo-segments.ts';
import { Segments } from './segments/segments.ts';
import { segmentRoutes } from './segments/routes.ts';
import { listRoutes } from './segments/list-routes.ts';
import { audienceRoutes } from './segments/audience-routes.ts';
import { Audiences } from './segments/audiences.ts';
import type { CdpKernel, CdpServices } from './kernel.ts';

/** The CDP: sources and ingest, identity, profiles and events, computed traits, privacy. */
export const cdp = defineModule<CdpServices, CdpKernel>({
  name: 'cdp',
  migrations: new URL('./migrations/', import.meta.url),
  settings: cdpSettings,
  create: (k) => {
    // PGlite has one connection: one ingest writer.
    const cdp = new Cdp(k.db, k.audit, k.log.child({ component: 'cdp' }), {
      ingestWriters: k.config.databaseUrl ? Math.min(k.config.ingestWriters, k.config.databasePoolSize) : 1,
    });
    const segments = new Segments(k.db, k.audit, k.jobs, cdp.directory, k.log.child({ component: 'segments' }), {
      uploadDir: join(k.config.dataDir, 'segment-uploads'),
      scoreTraits: cdp.scores.names,
      recomputeWorkMemMb: k.config.segmentRecomputeWorkMemMb,
    });
    // Computed traits, then membership, follow ingest through durable queues (fold-follower.ts, segments/follower.ts).
    cdp.follow(k.jobs);
    segments.follower.follow(k.db, k.jobs, cdp);
    const audiences = new Audiences(k, segments, k.log.child({ component: 'audiences' }));
    return { cdp, privacy: new Privacy(k.db, k.audit), segments, audiences };
  },
  routes: async (api, k) => {
    await cdpRoutes(api, k);
    await dataRoutes(api, k);
    await segmentRoutes(api, k);
    await listRoutes(api, k);
    await audienceRoutes(api, k);
  },
  // The tracking API (/v1/*, Segment spec) and the browser SDK sit outside /api/v1.
  rootRoutes: async (app, k) => {
    await trackingRoutes(app, k);
    await sdkRoutes(app, k);
  },
  // The followers end their step in flight before the database closes (queued work stays queued).
  stop: async (k) => {
    await k.segments.follower.stop();
    await k.cdp.stopFollowing();
  },
  permissions: ['cdp:read', 'cdp:write'],
  privacy: (k) => {
    k.audiences.registerEraser(k.privacy);
    // Segment and list memberships are erased and exported with the person (segments/person-data.ts).
    k.segments.registerPersonData(k.privacy);
  },
  // Record types announced to webhook subscribers (`<entity>.created|updated|deleted`) and its other events.
  webhookEntities: [
    ['source', 'Source'],
    ['segment', 'Segment'],
    ['segment_destination', 'Segment destination'],
  ],
  webhookEventTypes: {
    'merge.created': 'Two persons were merged into one',
    'merge.undone': 'A merge of two persons was undone',
    'person.erased': 'A person and all their data were erased (GDPR); carries row counts only',
    'segment.entered': 'People entered a segment (up to 500 person ids per delivery)',
    'segment.exited': 'People left a segment (up to 500 person ids per delivery)',
  },
  // The tracked events reach the CRM's people by email, so its demo runs after the CRM's.
  // Its segments read those events and the consents the CRM's `finish` gives members: they come last.
  demo: { seed: seedCdpDemo, after: ['crm'], finish: seedDemoSegments },
  // Its `:id` routes → the resource the isolation test creates in workspace A (test/isolation.test.ts).
  isolation: {
    paramResource: {
      '/api/v1/sources/:id': 'source',
      '/api/v1/persons/:id': 'person',
      '/api/v1/merges/:id': 'merge',
      '/api/v1/event-rules/:id': 'eventRule',
      '/api/v1/computed-traits/:id': 'computedTrait',
      '/api/v1/segments/:id': 'segment',
    },
  },
});

export type { CdpKernel, CdpServices } from './kernel.ts';
export type { CdpSettings } from './settings.ts';
export {
  Cdp,
  SOURCE_KINDS,
  ORIGINS,
  type SourceAuth,
  type SourceView,
  type IngestResult,
  type SourceKind,
  type Origin,
} from './cdp.ts';
export { IDENTITY_KINDS, type IdentityKind } from './identifiers.ts';
export { computedTraitsSchema } from './computed-traits-routes.ts';
export type { PersonFacts } from './person-facts.ts';
export {
  planCdpDemo,
  DEMO_HOLDOUT_FROM,
  DEMO_MEMBERS,
  type DemoMember,
  type DemoPlanOptions,
} from './demo-events.ts';
export type { FoldedEvent, FoldedEventListener, FoldedEventNames } from './fold-events.ts';
export { WakeLoop } from './wake-loop.ts';
export { Privacy, type PersonEraser, type PersonExporter, type PersonDataModule } from './privacy.ts';
export {
  PersonDirectory,
  type AppendedEvent,
  type MergeNotice,
  type MergeHandler,
  type AddedIdentity,
} from './directory.ts';
export { Segments, type SegmentView, type Change as SegmentChange } from './segments/segments.ts';
export {
  ConditionRegistry,
  type ConditionKind,
  type CompileContext,
  type Rule as SegmentRule,
  type Trigger as SegmentTrigger,
} from './segments/rules.ts';
export {
  FIELD_OPS,
  OPS_BY_TYPE,
  checkFieldTest,
  compileFieldTest,
  fieldTestShape,
  type FieldOp,
  type FieldTest,
  type FieldType,
} from './segments/fields.ts';
export { normalizeEmail, normalizePhone, identityKey, type Identity } from './identifiers.ts';
