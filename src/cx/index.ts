import { defineModule } from '../core/module.ts';
import { Cx } from './cx.ts';
import { cxSettings } from './settings.ts';
import type { CxBaseKernel, CxServices } from './kernel.ts';
import { surveysRoutes } from './surveys/routes.ts';
import { surveysRootRoutes } from './surveys/root-routes.ts';
import { registerSurveysPersonData } from './surveys/privacy.ts';
import { SURVEYS_PARAM_RESOURCE } from './surveys/isolation.ts';
import { mentionsRoutes } from './mentions/routes.ts';
import { MENTIONS_WEBHOOK_EVENT_TYPES, MENTIONS_PARAM_RESOURCE } from './mentions/wire.ts';
import { registerMentionsPersonData } from './mentions/privacy.ts';
import { seedMentionsDemo } from './mentions/demo.ts';
import { seedSurveysDemo } from './surveys/demo.ts';
import { feedbackRoutes } from './feedback/routes.ts';
import { registerFeedbackPersonData } from './feedback/privacy.ts';
import { seedFeedbackDemo } from './feedback/demo.ts';

/**
 * Customer experience and social listening (issue 19): surveys (NPS, CSAT, CES) with re-contact
 * limits and closing the loop, mentions from feeds and webhooks, alerts on waves of negativity.
 * Text analysis (language, sentiment, topics) is insights' (`k.insights.text`).
 */
export const cx = defineModule<CxServices, CxBaseKernel>({
  name: 'cx',
  dependsOn: ['cdp', 'crm', 'engage', 'insights', 'service'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: cxSettings,
  create: (k) => ({ cx: new Cx(k) }),
  routes: async (api, k) => {
    await surveysRoutes(api, k);
    await mentionsRoutes(api, k);
    await feedbackRoutes(api, k);
  },
  // The hosted survey page /survey/{token} (the signed token is the credential).
  rootRoutes: surveysRootRoutes,
  permissions: ['cx:read', 'cx:write'],
  stop: async (k) => k.cx.mentions.stop(),
  privacy: (k) => {
    registerMentionsPersonData(k.privacy);
    registerSurveysPersonData(k.privacy);
    registerFeedbackPersonData(k.privacy);
  },
  webhookEventTypes: { ...MENTIONS_WEBHOOK_EVENT_TYPES },
  // Story 4, once every module's people and segments exist: the grocery chain's mention sources, a
  // day of mentions and the wave about one store; the monthly NPS survey with answers.
  demo: {
    after: ['insights', 'service'],
    finish: async (k, ctx) => {
      await seedMentionsDemo(k, ctx);
      await seedSurveysDemo(k, ctx);
      // The desk's client messages analysed, a rule over tickets and mentions (feedback/demo.ts).
      await seedFeedbackDemo(k, ctx);
    },
  },
  isolation: { paramResource: { ...MENTIONS_PARAM_RESOURCE, ...SURVEYS_PARAM_RESOURCE } },
});

export type { CxKernel, CxServices, CxBaseKernel } from './kernel.ts';
export type { Cx } from './cx.ts';
