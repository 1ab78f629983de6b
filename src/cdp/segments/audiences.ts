import type { Logger } from 'pino';
import type { Kernel } from '../../core/kernel.ts';
import type { Config } from '../../core/config.ts';
import type { Segments } from './segments.ts';
import type { Privacy } from '../privacy.ts';
import { SegmentHistory } from './history.ts';
import { SegmentDestinations } from './destinations.ts';
import { DestinationSync } from './destination-sync.ts';
import { membershipWebhooks } from './membership-webhooks.ts';

/** How often rows of deleted segments (history, destinations, change notes) are dropped. */
const CLEANUP_SECONDS = 3600;

/**
 * What follows a segment's membership out of it (issue 14, items 3, 6, 8): its size history,
 * `segment.entered` / `segment.exited` webhooks and audience syncs to destinations. Each is a
 * membership listener, so it commits with the change it follows.
 */
export class Audiences {
  readonly history: SegmentHistory;
  readonly destinations: SegmentDestinations;
  readonly sync: DestinationSync;

  constructor(k: Kernel & { config: Config }, segments: Segments, log: Logger) {
    this.history = new SegmentHistory(k.db);
    this.destinations = new SegmentDestinations(k.db, k.audit, k.jobs, k.outbound);
    this.sync = new DestinationSync(k.db, k.jobs, k.outbound, log, {
      timeoutMs: k.config.webhookTimeoutMs,
      maxAttempts: k.config.webhookMaxAttempts,
      retryDelaySeconds: k.config.webhookRetryDelaySeconds,
    });
    segments.onMembership(this.history.record);
    segments.onMembership(membershipWebhooks(k.webhooks));
    segments.onMembership(this.destinations.track);
    k.jobs.every('segments.audience-cleanup', CLEANUP_SECONDS, () => this.removeOrphans());
  }

  /**
   * GDPR erase: the persons' change notes for destinations go with them (size history holds counts
   * only). Their membership rows are the segments' to erase.
   */
  registerEraser(privacy: Privacy): void {
    privacy.registerEraser('segment-audiences', async (trx, ws, personIds) => {
      if (!personIds.length) return { segment_changes: 0 };
      const r = await trx
        .deleteFrom('segment_changes')
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .executeTakeFirst();
      return { segment_changes: Number(r.numDeletedRows) };
    });
  }

  /** Drops what deleted segments left behind (Segments.remove deletes the segment and its members only). */
  async removeOrphans(): Promise<number> {
    return (await this.history.removeOrphans()) + (await this.destinations.removeOrphans());
  }
}
