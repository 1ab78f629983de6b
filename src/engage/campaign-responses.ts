import { sql } from 'kysely';
import type { EngageBaseKernel } from './kernel.ts';
import { durationInterval } from './campaign-audience.ts';

/** A finished campaign's treatment group and who responded (for response-propensity models). */
export interface CampaignResponses {
  campaignId: string;
  name: string;
  /** The mechanic of its promotion (`percent-off`, `points-multiplier`, `buy-n-get-m`…), or `none`. */
  type: string;
  launchedAt: Date;
  members: { personId: string; responded: boolean }[];
}

/** At most this many campaigns per read (the latest finished). */
export const MAX_RESPONSE_CAMPAIGNS = 50;

/**
 * Finished campaigns launched before `before` (the latest `limit`), each with its treatment
 * members and whether each responded — the conversion event within the attribution window after
 * their first message (else the launch), as the results dashboard attributes (campaign-results.ts).
 * The control group is left out: it got no message, so it says nothing of how a person responds.
 */
export async function campaignResponses(
  k: EngageBaseKernel,
  ws: string,
  opts: { before: Date; limit?: number },
): Promise<CampaignResponses[]> {
  const limit = Math.max(1, Math.min(opts.limit ?? MAX_RESPONSE_CAMPAIGNS, MAX_RESPONSE_CAMPAIGNS));
  const campaigns = await k.db
    .selectFrom('engage_campaigns')
    .select(['id', 'name', 'promotion_id', 'launched_at', 'conversion_event', 'attribution_window'])
    .where('workspace_id', '=', ws)
    .where('status', '=', 'finished')
    .where('launched_at', '<', opts.before)
    .orderBy('launched_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const out: CampaignResponses[] = [];
  for (const c of campaigns.reverse()) {
    const window = durationInterval(c.attribution_window);
    const r = await sql<{ person_id: string; responded: boolean }>`
      WITH m AS (
        SELECT cm.person_id, coalesce(
          (SELECT min(em.sent_at) FROM engage_messages em
           WHERE em.workspace_id = ${ws} AND em.campaign_id = ${c.id} AND em.person_id = cm.person_id AND em.sent_at IS NOT NULL),
          ${c.launched_at}::timestamptz) AS anchor
        FROM engage_campaign_members cm
        WHERE cm.workspace_id = ${ws} AND cm.campaign_id = ${c.id} AND cm.grp = 'treatment'
      )
      SELECT m.person_id, EXISTS (
        SELECT 1 FROM events e WHERE e.workspace_id = ${ws} AND e.person_id = m.person_id AND e.type = 'track'
          AND e.event = ${c.conversion_event} AND e.occurred_at > m.anchor
          AND e.occurred_at <= m.anchor + ${window}::interval AND e.occurred_at < ${opts.before}::timestamptz
      ) AS responded
      FROM m ORDER BY m.person_id
    `.execute(k.db);
    let type = 'none';
    if (c.promotion_id)
      type = await k.loyalty.promotions.get(ws, c.promotion_id).then(
        (p) => p.mechanic as string,
        () => 'none',
      );
    out.push({
      campaignId: c.id,
      name: c.name,
      type,
      launchedAt: c.launched_at!,
      members: r.rows.map((x) => ({ personId: x.person_id, responded: x.responded })),
    });
  }
  return out;
}
