import { MENTION_ALERT } from './alerts.ts';

/** The mentions' webhook event types (merged into the cx module's `webhookEventTypes`). */
export const MENTIONS_WEBHOOK_EVENT_TYPES = {
  [MENTION_ALERT]: 'A spike of negative mentions raised an alert (the rule, the window, the count and the usual level)',
} as const;

/** The mentions' `:id` routes → the resource the isolation test creates in workspace A (test/isolation-cx-mentions.ts). */
export const MENTIONS_PARAM_RESOURCE = {
  '/api/v1/mentions/:id': 'mention',
  '/api/v1/mention-sources/:id': 'mentionSource',
  '/api/v1/mention-alert-rules/:id': 'mentionAlertRule',
  '/api/v1/mention-alerts/:id': 'mentionAlert',
} as const;
