import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../core/auth/actor.ts';
import type { DbOrTx } from '../core/db/schema.ts';
import type { Hold } from '../engage/index.ts';
import type { ServiceBaseKernel } from './kernel.ts';
import { OPEN_STATUSES, PRIORITIES } from './tables.ts';

/**
 * Service-aware marketing holds: while a person has an open ticket of a high priority, an SLA
 * breach on a recent ticket, or a recent low CSAT answer, marketing sends to them are held — the
 * engage sender drops each one as `suppressed` with the reason (`held_open_ticket`,
 * `held_sla_breach`, `held_low_csat`) on the message, and marketing reaches them again once the
 * hold has ended (engage/policy.ts `DeliveryHolds`). Transactional and service messages never are.
 * The policy is a workspace setting (`workspaces.settings.serviceHolds`).
 */
export const holdPolicyInput = z.object({
  openTicket: z
    .object({
      enabled: z.boolean().default(true),
      priorities: z.array(z.enum(PRIORITIES)).min(1).max(4).default(['high', 'urgent']),
    })
    .default({ enabled: true, priorities: ['high', 'urgent'] })
    .describe('Hold while the person has a conversation still being worked on with one of these priorities'),
  slaBreach: z
    .object({ enabled: z.boolean().default(true), days: z.number().int().min(1).max(365).default(7) })
    .default({ enabled: true, days: 7 })
    .describe('Hold while a conversation of the person breached an SLA target in the last `days` days'),
  lowCsat: z
    .object({
      enabled: z.boolean().default(true),
      maxScore: z.number().int().min(1).max(4).default(2),
      days: z.number().int().min(1).max(365).default(14),
    })
    .default({ enabled: true, maxScore: 2, days: 14 })
    .describe('Hold when the person answered a CSAT survey with maxScore or less in the last `days` days'),
});
export const holdPolicySchema = holdPolicyInput.meta({
  id: 'ServiceHoldPolicy',
  description: 'When marketing sends to a person are held because of their service tickets',
});
export type HoldPolicy = z.output<typeof holdPolicySchema>;
export const DEFAULT_HOLD_POLICY: HoldPolicy = holdPolicySchema.parse({});

const DAY = 86_400_000;

export class ServiceHolds {
  constructor(private k: ServiceBaseKernel) {}

  async read(ws: string, db: DbOrTx = this.k.db): Promise<HoldPolicy> {
    const r = await db
      .selectFrom('workspaces')
      .select(sql<unknown>`settings->'serviceHolds'`.as('p'))
      .where('id', '=', ws)
      .executeTakeFirst();
    const parsed = holdPolicySchema.safeParse(r?.p ?? {});
    return parsed.success ? parsed.data : DEFAULT_HOLD_POLICY;
  }

  async write(actor: Actor, input: z.input<typeof holdPolicyInput>): Promise<HoldPolicy> {
    const policy = holdPolicySchema.parse(input);
    await this.k.db.transaction().execute(async (trx) => {
      const before = await this.read(actor.workspaceId, trx);
      await sql`UPDATE workspaces SET settings = jsonb_set(settings, '{serviceHolds}', ${JSON.stringify(policy)}::jsonb)
                WHERE id = ${actor.workspaceId}`.execute(trx);
      await this.k.audit.record(trx, actor, {
        action: 'update',
        entityType: 'service_hold_policy',
        entityId: actor.workspaceId,
        before,
        after: policy,
        record: policy,
      });
    });
    return policy;
  }

  /** The engage hold check: which of these (live) persons are held now, and why. */
  check = async (db: DbOrTx, ws: string, personIds: string[], now: Date): Promise<Map<string, Hold>> => {
    const out = new Map<string, Hold>();
    const p = await this.read(ws, db);
    const mark = (rows: { person_id: string }[], reason: string) => {
      for (const r of rows) if (!out.has(r.person_id)) out.set(r.person_id, { reason });
    };
    if (p.openTicket.enabled) {
      const rows = await db
        .selectFrom('service_conversations')
        .select('person_id')
        .distinct()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .where('merged_into', 'is', null)
        .where('status', 'in', [...OPEN_STATUSES])
        .where('priority', 'in', p.openTicket.priorities)
        .execute();
      mark(rows, 'held_open_ticket');
    }
    if (p.slaBreach.enabled) {
      const rows = await db
        .selectFrom('service_sla_clocks as c')
        .innerJoin('service_conversations as v', (j) =>
          j.onRef('v.workspace_id', '=', 'c.workspace_id').onRef('v.id', '=', 'c.conversation_id'),
        )
        .select('v.person_id')
        .distinct()
        .where('c.workspace_id', '=', ws)
        .where('v.person_id', 'in', personIds)
        .where('c.breached_at', '>', new Date(now.getTime() - p.slaBreach.days * DAY))
        .execute();
      mark(rows, 'held_sla_breach');
    }
    if (p.lowCsat.enabled) {
      const rows = await db
        .selectFrom('service_csat')
        .select('person_id')
        .distinct()
        .where('workspace_id', '=', ws)
        .where('person_id', 'in', personIds)
        .where('score', '<=', p.lowCsat.maxScore)
        .where('answered_at', '>', new Date(now.getTime() - p.lowCsat.days * DAY))
        .execute();
      mark(rows, 'held_low_csat');
    }
    return out;
  };
}
