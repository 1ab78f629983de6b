import type { DemoSeeder } from '../../core/module.ts';
import { systemActor } from '../../core/auth/actor.ts';
import type { CxKernel } from '../kernel.ts';

/** The demo's alert rule over the desk's tickets and the mentions together. */
export const DEMO_FEEDBACK_RULE = 'Жалобы клиентов: обращения и соцсети';

/**
 * The demo's feedback (story 4): the desk's demo conversations are seeded without its hooks, so
 * their client messages are analysed here through the same path as the job; then one alert rule
 * over the tickets and the mentions together, looked at once at the demo's "now".
 */
export const seedFeedbackDemo: DemoSeeder<CxKernel> = async (k, { workspaceId: ws, log, now }) => {
  const { analysed } = await k.cx.feedback.tickets.backfill(ws);
  const name = DEMO_FEEDBACK_RULE;
  if ((await k.cx.mentions.alerts.listRules(ws)).some((r) => r.name === name)) {
    log(`cx: ${analysed} client messages of the desk analysed; the feedback alert rule already there`);
    return;
  }
  const actor = systemActor(ws, 'demo', 'import');
  const rule = await k.cx.mentions.alerts.createRule(actor, {
    name,
    scope: 'all',
    sources: ['mention', 'ticket'],
    windowMinutes: 1440,
    baselineWindows: 14,
    sigma: 3,
    minCount: 10,
  });
  const raised = await k.cx.mentions.alerts.evaluate(ws, new Date(now));
  log(
    `cx: ${analysed} client messages of the desk analysed; alert rule "${rule.name}" over tickets and mentions${raised.some((a) => a.ruleId === rule.id) ? ' raised an alert' : ''}`,
  );
};
