import { defineModule } from '../core/module.ts';
import { Cx } from './cx.ts';
import { cxSettings } from './settings.ts';
import type { CxBaseKernel, CxServices } from './kernel.ts';
import { surveysRoutes } from './surveys/routes.ts';
import { mentionsRoutes } from './mentions/routes.ts';

/**
 * Customer experience and social listening (issue 19): surveys (NPS, CSAT, CES) with re-contact
 * limits and closing the loop, mentions from feeds and webhooks, alerts on waves of negativity.
 * Text analysis (language, sentiment, topics) is insights' (`k.insights.text`).
 */
export const cx = defineModule<CxServices, CxBaseKernel>({
  name: 'cx',
  dependsOn: ['cdp', 'crm', 'engage', 'insights', 'service'],
  settings: cxSettings,
  create: (k) => ({ cx: new Cx(k) }),
  routes: async (api, k) => {
    await surveysRoutes(api, k);
    await mentionsRoutes(api, k);
  },
  permissions: ['cx:read', 'cx:write'],
});

export type { CxKernel, CxServices, CxBaseKernel } from './kernel.ts';
export type { Cx } from './cx.ts';
