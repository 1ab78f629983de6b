import type { DbOrTx } from '../../core/db/schema.ts';
import type { ServiceBaseKernel } from '../kernel.ts';
import type { ServiceHooks } from '../service.ts';
import { SLA_SCAN_SECONDS, SlaBreaches } from './breaches.ts';
import { SlaClocks } from './clocks.ts';
import { SlaConfig } from './config-store.ts';
import type { SlaMetric } from './tables.ts';

/** The `sla` field of a conversation list item: its nearest running target and how it stands. */
export interface SlaSummary {
  metric: SlaMetric;
  /** Null while the clock is paused (pending, on hold). */
  dueAt: string | null;
  state: 'ok' | 'warning' | 'breached' | 'paused';
  policyId: string;
}

/**
 * The desk's SLA: calendars and policies (config), clocks moved in each change's transaction,
 * the breach scan, and the summaries the conversation list shows.
 */
export class ServiceSla {
  readonly config: SlaConfig;
  readonly clocks = new SlaClocks();
  readonly breaches: SlaBreaches;

  constructor(private k: ServiceBaseKernel) {
    this.config = new SlaConfig(k);
    this.breaches = new SlaBreaches(k);
  }

  /** Subscribes the clocks to the desk's changes and schedules the breach scan. */
  wire(hooks: ServiceHooks): void {
    hooks.onChange((ws, id, change, trx) => this.clocks.onChange(trx, ws, id, change));
    this.k.jobs.every('service.sla-breaches', SLA_SCAN_SECONDS, () => this.breaches.scan());
  }

  /** Per conversation id: the running clock due first (or a paused one), null without clocks. */
  async summaries(
    ws: string,
    ids: readonly string[],
    db: DbOrTx = this.k.db,
    now = new Date(),
  ): Promise<Map<string, SlaSummary | null>> {
    const out = new Map<string, SlaSummary | null>(ids.map((id) => [id, null]));
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('service_sla_clocks')
      .select([
        'conversation_id',
        'metric',
        'policy_id',
        'due_at',
        'warn_at',
        'warned_at',
        'breached_at',
        'running_since',
      ])
      .where('workspace_id', '=', ws)
      .where('conversation_id', 'in', [...ids])
      .where('stopped_at', 'is', null)
      .execute();
    const rank = (r: (typeof rows)[number]) => (r.due_at ? new Date(r.due_at).getTime() : Number.POSITIVE_INFINITY);
    for (const r of rows.sort((a, b) => rank(a) - rank(b))) {
      if (out.get(r.conversation_id)) continue;
      const due = r.due_at ? new Date(r.due_at) : null;
      const state: SlaSummary['state'] = !r.running_since
        ? 'paused'
        : r.breached_at || (due && due <= now)
          ? 'breached'
          : r.warned_at || (r.warn_at && new Date(r.warn_at) <= now)
            ? 'warning'
            : 'ok';
      out.set(r.conversation_id, { metric: r.metric, dueAt: due?.toISOString() ?? null, state, policyId: r.policy_id });
    }
    return out;
  }
}
