import type { Webhooks } from '../../core/webhooks/webhooks.ts';
import type { MembershipListener } from './segments.ts';

export const SEGMENT_ENTERED = 'segment.entered';
export const SEGMENT_EXITED = 'segment.exited';
/** Person ids per delivery at most (a recompute can move a million people at once). */
export const PERSONS_PER_EVENT = 500;

/**
 * `segment.entered` / `segment.exited` webhooks: each batch of enters and exits becomes events of
 * at most PERSONS_PER_EVENT person ids, emitted in the membership's transaction.
 */
export function membershipWebhooks(webhooks: Webhooks): MembershipListener {
  return async (trx, change) => {
    const segment = { id: change.segment.id, name: change.segment.name, version: change.segment.version };
    const at = change.at.toISOString();
    const events = [
      ...chunks(change.entered).map((personIds) => ({ type: SEGMENT_ENTERED, personIds })),
      ...chunks(change.exited).map((personIds) => ({ type: SEGMENT_EXITED, personIds })),
    ].map((e) => ({
      workspaceId: change.workspaceId,
      type: e.type,
      occurredAt: change.at,
      data: { segment, personIds: e.personIds, at },
    }));
    if (events.length) await webhooks.emit(trx, events);
  };
}

function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += PERSONS_PER_EVENT) out.push(ids.slice(i, i + PERSONS_PER_EVENT));
  return out;
}
