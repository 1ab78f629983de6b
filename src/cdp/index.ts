export { Cdp, SOURCE_KINDS, ORIGINS, type SourceAuth, type SourceView, type IngestResult, type SourceKind, type Origin } from './cdp.ts';
export { IDENTITY_KINDS, type IdentityKind } from './identifiers.ts';
export { cdpRoutes } from './routes.ts';
export { trackingRoutes } from './tracking-routes.ts';
export { sdkRoutes } from './sdk-route.ts';
export { dataRoutes } from './data-routes.ts';
export { Privacy, type PersonEraser, type PersonExporter, type PersonDataModule } from './privacy.ts';
export { PersonDirectory, type AppendedEvent, type MergeNotice, type MergeHandler, type AddedIdentity } from './directory.ts';
export { normalizeEmail, normalizePhone, identityKey, type Identity } from './identifiers.ts';
