import { defineModule } from '../core/module.ts';
import { Insights } from './insights.ts';
import { insightsSettings } from './settings.ts';
import { insightsRoutes } from './routes.ts';
import type { InsightsBaseKernel, InsightsServices } from './kernel.ts';
import { SCORE_TRAITS } from './tables.ts';
import { recommendationContext, recommendationsTrainer } from './recommendations-model.ts';
import { recommendationRoutes } from './recommendations-routes.ts';
import { propensityTrainer } from './propensity-model.ts';
import { seedInsightsDemo } from './insights-demo.ts';
import { registerInsightsPersonData } from './person-data.ts';
import { TextAnalyzer } from './text/text.ts';
import { textRoutes } from './text/text-routes.ts';
import { CUSTOMER_TYPE_TRAIT } from './customer-types.ts';

/**
 * Insights (issue 20): a point-in-time feature store over the CDP's events and the CRM, models
 * trained in-process as jobs and versioned (churn, propensity, recommendations, payment risk,
 * LTV), and scores that are the CDP's computed traits (churnProbability, predictedLtv,
 * paymentRisk): on the profile, in segment rules, on the person card with their top factors.
 */
export const insights = defineModule<InsightsServices, InsightsBaseKernel>({
  name: 'insights',
  dependsOn: ['cdp', 'crm', 'engage'],
  migrations: new URL('./migrations/', import.meta.url),
  settings: insightsSettings,
  create: (k) => {
    // The scores are computed traits the profile shows and segment rules read (src/cdp/person-scores.ts).
    k.cdp.scores.register([...Object.values(SCORE_TRAITS), CUSTOMER_TYPE_TRAIT]);
    const insights = new Insights(k);
    insights.registerTrainer(recommendationsTrainer(k));
    insights.registerTrainer(propensityTrainer(k, insights));
    // Templates: `{{ recommendations | first: 3 }}` (engage renders, insights gives each person's products).
    k.engage.templates.registerContext('recommendations', (ws, personId) =>
      recommendationContext(k, insights.models, ws, personId),
    );
    return { insights, text: new TextAnalyzer(k) };
  },
  routes: async (api, k) => {
    await insightsRoutes(api, k);
    await recommendationRoutes(api, k);
    await textRoutes(api, k);
  },
  permissions: ['insights:read', 'insights:write'],
  // GDPR export and erase: scores and their factors (person-data.ts).
  privacy: (k) => registerInsightsPersonData(k.privacy),
  // Instalment invoices (payment delays before default), after engage's past campaigns (insights-demo.ts).
  demo: { finish: seedInsightsDemo },
  // /people/:id/scores is under the CRM's /people/:id.
  isolation: {
    paramResource: { '/api/v1/text/lexicon/:id': 'textLexiconEntry', '/api/v1/text/topics/:id': 'textTopicRule' },
  },
});

export type { InsightsKernel, InsightsServices, InsightsBaseKernel } from './kernel.ts';
export type { Insights } from './insights.ts';
export type { TextAnalysis, TextAnalyzer } from './text/text.ts';
export { MODEL_KINDS, SCORE_TRAITS, type ModelKind } from './tables.ts';
