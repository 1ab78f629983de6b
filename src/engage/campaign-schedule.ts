import { systemActor } from '../core/auth/actor.ts';
import { AppError } from '../core/errors.ts';
import { decideCampaign } from './campaign-ab.ts';
import { durationMs } from './campaign-audience.ts';
import { finishCampaign, startCampaign } from './campaign-states.ts';
import type { EngageBaseKernel } from './kernel.ts';

/*
 * The periodic check (every 15 s, `engage.campaigns.tick`): the time-driven part of a campaign's
 * life, which no request triggers.
 */

/** Starts scheduled campaigns whose time came, finishes running ones past `endsAt`, decides due A/B tests. */
export async function tickCampaigns(
  k: EngageBaseKernel,
  now = new Date(),
): Promise<{ started: number; finished: number; decided: number }> {
  const out = { started: 0, finished: 0, decided: 0 };
  const due = await k.db
    .selectFrom('engage_campaigns')
    .select(['workspace_id', 'id', 'status', 'starts_at', 'ends_at', 'ab_test', 'ab_winner', 'launched_at'])
    .where('status', 'in', ['scheduled', 'running'])
    .where((e) =>
      e.or([
        e.and([e('status', '=', 'scheduled'), e('starts_at', '<=', now)]),
        e.and([e('status', '=', 'running'), e('ends_at', '<=', now)]),
        e.and([e('status', '=', 'running'), e('ab_test', 'is not', null), e('ab_winner', 'is', null)]),
      ]),
    )
    .limit(500)
    .execute();
  for (const c of due) {
    const actor = systemActor(c.workspace_id, 'campaign scheduler');
    try {
      if (c.status === 'scheduled') {
        await startCampaign(k, c.workspace_id, c.id);
        out.started++;
      } else if (c.ends_at && c.ends_at <= now) {
        await finishCampaign(k, actor, c.id);
        out.finished++;
      } else if (
        c.ab_test?.auto &&
        c.launched_at &&
        c.launched_at.getTime() + (durationMs(c.ab_test.decideAfter) ?? 0) <= now.getTime()
      ) {
        await decideCampaign(k, actor, c.id);
        out.decided++;
      }
    } catch (e) {
      // Another process or a user got there first (409): the next tick sees the new state.
      if (!(e instanceof AppError)) throw e;
    }
  }
  return out;
}
