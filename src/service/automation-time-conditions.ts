import { z } from 'zod';
import { invalid } from '../core/errors.ts';
import { conditionsSchema } from './routing-conditions.ts';
import { CONVERSATION_STATUSES } from './tables.ts';

export const TIME_EVENTS = ['status', 'unassigned', 'no_agent_reply'] as const;
export type TimeEvent = (typeof TIME_EVENTS)[number];

/**
 * A time rule's clock: how long a conversation has been in a state.
 * - `status`: in one of `statuses` for at least `minutes` since it entered that status (status history);
 * - `unassigned`: no assignee for at least `minutes` since it was created (`statuses` narrows, default: not solved);
 * - `no_agent_reply`: the client's oldest message since the last agent reply waits for at least `minutes`
 *   (bots and notes are no reply; `statuses` narrows, default: not solved).
 * Closed and merged-away conversations never match.
 */
export const timeConditionSchema = z
  .object({
    event: z.enum(TIME_EVENTS),
    statuses: z
      .array(z.enum(CONVERSATION_STATUSES).exclude(['closed']))
      .min(1)
      .max(6)
      .optional(),
    minutes: z.number().int().min(1).max(525_600).describe('At least this long (1 minute … 365 days)'),
  })
  .strict()
  // No component id: it is part of the rule's request body, and requests stay inline (openapi.ts).
  .describe("A time rule's clock: how long a conversation has been in a state");
export type TimeCondition = z.infer<typeof timeConditionSchema>;

/** Routing's conditions, plus `time` for a rule with trigger `time`. */
export const automationConditionsSchema = conditionsSchema.extend({
  time: timeConditionSchema.optional().describe("Required by trigger 'time', refused by the others"),
});
export type AutomationConditions = z.infer<typeof automationConditionsSchema>;

/**
 * A time rule needs its clock and matches on the conversation only (no message text, no traits:
 * it runs over many conversations at once in SQL); the other triggers take no clock.
 */
export function checkTimeConditions(trigger: string, c: AutomationConditions): void {
  if (trigger !== 'time') {
    if (c.time) throw invalid('conditions.time', "only a rule with trigger 'time' has a clock", 'INVALID_OPTION');
    return;
  }
  if (!c.time) throw invalid('conditions.time', "a rule with trigger 'time' needs its clock", 'REQUIRED');
  if (c.time.event === 'status' && !c.time.statuses?.length)
    throw invalid('conditions.time.statuses', 'which statuses the clock runs in', 'REQUIRED');
  for (const f of ['keywords', 'vip', 'trait'] as const)
    if (c[f] !== undefined)
      throw invalid(
        `conditions.${f}`,
        'a time rule matches on the conversation only (no text or traits)',
        'INVALID_OPTION',
      );
}
