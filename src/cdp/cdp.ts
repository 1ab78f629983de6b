import type { Logger } from 'pino';
import type { Db, DbOrTx, Tx } from '../core/db/schema.ts';
import type { Audit } from '../core/audit/audit.ts';
import type { Jobs } from '../core/jobs/jobs.ts';
import type { Actor } from '../core/auth/actor.ts';
import type { IdentityKind } from './identifiers.ts';
import type { BatchDefaults, EventType, ParsedMessage, Rejected } from './messages.ts';
import { ComputedTraits } from './computed-traits.ts';
import { MergeHooks, PersonDirectory } from './directory.ts';
import { Sources, type Origin, type SourceAuth, type SourceKind } from './sources.ts';
import { Ingest, type IngestResult, type StoredListener } from './ingest.ts';
import { FoldFollower, type FoldedListener } from './fold-follower.ts';
import { Merges } from './merges.ts';
import { FoldedEvents, type FoldedEventListener, type FoldedEventNames } from './fold-events.ts';
import { Profiles } from './profiles.ts';
import { PersonScores } from './person-scores.ts';
import { personFacts, type PersonFacts } from './person-facts.ts';
import { orderBaskets } from './order-baskets.ts';

export { SOURCE_KINDS, ORIGINS, type SourceKind, type Origin, type SourceAuth, type SourceView } from './sources.ts';
export type { IngestResult } from './ingest.ts';

/**
 * The customer data platform: sources and their write keys (sources.ts), Segment-spec ingestion
 * (ingest.ts), the identity graph's merges (merges.ts), profiles and timelines (profiles.ts).
 * Persons belong to this module; other modules (the CRM) reach them through this service, which
 * only wires the parts together and keeps one surface for routes and other modules.
 */
export class Cdp {
  /** Built-in and workspace-defined computed traits (computed-traits.ts). */
  readonly computedTraits: ComputedTraits;
  /** Model scores later modules write per person, shown as computed traits (person-scores.ts). */
  readonly scores: PersonScores;
  /** Persons, identities and the event stream for other modules (directory.ts). */
  readonly directory: PersonDirectory;
  private readonly sources: Sources;
  private readonly ingestion: Ingest;
  private readonly merges: Merges;
  private readonly profiles: Profiles;
  /** Folds what ingest queued into computed traits, after the commit (fold-follower.ts). */
  private readonly folds: FoldFollower;
  /** Listeners of folded events, told in the fold's transaction (fold-events.ts). */
  private readonly foldedEvents = new FoldedEvents();

  constructor(
    private readonly db: Db,
    audit: Audit,
    log: Logger,
    opts: { ingestWriters?: number } = {},
  ) {
    // Handlers other modules register through `directory.onMerge` / `onUndoMerge`, run by merges and ingest.
    const mergeHooks = new MergeHooks();
    this.scores = new PersonScores(db);
    this.computedTraits = new ComputedTraits(db, audit, this.scores);
    this.sources = new Sources(db, audit);
    this.merges = new Merges(db, audit, log, mergeHooks, this.foldedEvents);
    this.ingestion = new Ingest(db, log, mergeHooks, this.merges, opts);
    this.profiles = new Profiles(db, this.computedTraits);
    this.directory = new PersonDirectory(db, this.merges, mergeHooks);
    this.folds = new FoldFollower(db, log.child({ component: 'fold' }), this.foldedEvents);
    this.ingestion.onStored((ws) => this.folds.wake(ws));
  }

  // fold-follower.ts
  /** Polls the fold queue in each worker (jobs.every), besides the wake after each ingest commit. */
  follow(jobs: Jobs): void {
    this.folds.follow(jobs);
  }
  /** After each fold of computed traits committed (the segment follower runs next). */
  onFolded(listener: FoldedListener): void {
    this.folds.onFolded(listener);
  }
  /**
   * Tells `listener`, inside each fold's transaction, of the tracked events folded whose names
   * `names(workspace)` gives (journeys: entries, waits, goals). Each event is told once, with the
   * fold that consumes its queue row; a fold reads no event while no name is wanted (fold-events.ts).
   */
  onFoldedEvents(names: FoldedEventNames, listener: FoldedEventListener): void {
    this.foldedEvents.add(names, listener);
  }
  /** Stops folding: the fold in progress ends, what is queued waits for the next process. */
  stopFollowing(): Promise<void> {
    return this.folds.stop();
  }

  /**
   * Resolves once every event stored before the call (in one workspace, or all) is folded into
   * computed traits: call it before reading them right after an ingest (tests, the demo).
   */
  settled(workspaceId?: string): Promise<void> {
    return this.folds.settled(workspaceId);
  }

  // sources.ts
  createSource(actor: Actor, input: { name: string; kind: SourceKind; origin?: Origin }) {
    return this.sources.createSource(actor, input);
  }
  listSources(workspaceId: string) {
    return this.sources.listSources(workspaceId);
  }
  getSource(workspaceId: string, id: string, trx?: DbOrTx) {
    return this.sources.getSource(workspaceId, id, trx);
  }
  updateSource(
    actor: Actor,
    id: string,
    input: { name?: string; origin?: Origin; disabled?: boolean; rotateWriteKey?: boolean },
  ) {
    return this.sources.updateSource(actor, id, input);
  }
  deleteSource(actor: Actor, id: string) {
    return this.sources.deleteSource(actor, id);
  }
  authenticateWriteKey(key: string): Promise<SourceAuth | null> {
    return this.sources.authenticateWriteKey(key);
  }

  // ingest.ts
  ingest(
    source: SourceAuth,
    raws: unknown[],
    opts?: { type?: EventType | null; defaults?: BatchDefaults; receivedAt?: Date },
  ): Promise<IngestResult> {
    return this.ingestion.ingest(source, raws, opts);
  }
  ingestParsed(
    source: SourceAuth,
    parsed: ParsedMessage[],
    receivedAt: Date,
    rejected?: Rejected[],
  ): Promise<IngestResult> {
    return this.ingestion.ingestParsed(source, parsed, receivedAt, rejected);
  }
  /** After each committed ingest transaction: which persons got which messages (segments follow it). */
  onStored(listener: StoredListener): void {
    this.ingestion.onStored(listener);
  }

  // merges.ts
  listMerges(workspaceId: string, q: { personId?: string; limit: number; cursor?: string }) {
    return this.merges.listMerges(workspaceId, q);
  }
  undoMerge(actor: Actor, id: string) {
    return this.merges.undoMerge(actor, id);
  }
  mergeIn(
    trx: Tx,
    actor: Actor,
    from: string,
    into: string,
    reason: string,
    origin: string | null = null,
  ): Promise<string> {
    return this.merges.mergeIn(trx, actor, from, into, reason, origin);
  }
  undoMergeIn(trx: Tx, actor: Actor, id: string, origin: string | null = null) {
    return this.merges.undoMergeIn(trx, actor, id, origin);
  }

  // profiles.ts
  getPerson(workspaceId: string, id: string) {
    return this.profiles.getPerson(workspaceId, id);
  }
  /** Many profiles in one read, without computed traits (profiles.ts). */
  getPeople(workspaceId: string, ids: readonly string[]) {
    return this.profiles.getPeople(workspaceId, ids);
  }
  lookup(workspaceId: string, kind: IdentityKind, value: string) {
    return this.profiles.lookup(workspaceId, kind, value);
  }
  timeline(workspaceId: string, personId: string, q: { limit: number; cursor?: string; types?: string[] }) {
    return this.profiles.timeline(workspaceId, personId, q);
  }
  listEvents(workspaceId: string, q: { sourceId?: string; after?: string; limit: number; cursor?: string }) {
    return this.profiles.listEvents(workspaceId, q);
  }

  // person-facts.ts
  /** Per-person event facts as they stood before `before` (point in time), for models (insights). */
  personFacts(workspaceId: string, opts: { before: Date; personIds?: readonly string[] }): Promise<PersonFacts[]> {
    return personFacts(this.db, workspaceId, opts);
  }
  /** Products of each `Order Completed` before `before` (point in time), for co-purchase recommendations (order-baskets.ts). */
  orderBaskets(workspaceId: string, opts: { before: Date; personIds?: readonly string[]; limit?: number }) {
    return orderBaskets(this.db, workspaceId, opts);
  }
}
