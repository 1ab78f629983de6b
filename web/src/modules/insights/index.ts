import { lazy } from 'react';
import { IconInsights, IconSettings } from '../../components/icons.tsx';
import { lazyPage, type WebModule } from '../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import textEn from './i18n/text-en.ts';
import textRu from './i18n/text-ru.ts';

const nav = {
  modules: [{ key: 'insights', path: '/insights', permission: 'insights:read', icon: IconInsights }],
  settings: [{ key: 'textAnalysis', path: '/settings/text-analysis', permission: 'insights:read', icon: IconSettings }],
} as const;

// Text analysis settings (issue 19): their own texts, joined to the module's.
const enAll = {
  ...en,
  nav: { settings: { textAnalysis: 'Text analysis' } },
  dashboard: { links: { textAnalysis: 'Sentiment words, complaint phrases and topics of texts' } },
  textAnalysis: textEn,
};
const ruAll: typeof enAll = {
  ...ru,
  nav: { settings: { textAnalysis: 'Анализ текстов' } },
  dashboard: { links: { textAnalysis: 'Слова тональности, фразы жалоб и темы текстов' } },
  textAnalysis: textRu,
};

const ScoresPanel = lazy(async () => ({ default: (await import('./components/ScoresPanel.tsx')).ScoresPanel }));

/**
 * Insights (issue 20), over the insights module's API (src/insights): the five models with their
 * evaluation against baselines and "train now", the score distributions, the at-risk valuable
 * customers (with a retention journey to start), and the scores panel of the person card.
 */
export const insights: WebModule<typeof enAll, typeof nav> = {
  name: 'insights',
  routes: [
    {
      path: 'insights',
      permission: 'insights:read',
      page: lazyPage(() => import('./pages/ModelsPage.tsx'), 'ModelsPage'),
    },
    {
      path: 'insights/models/:kind',
      permission: 'insights:read',
      page: lazyPage(() => import('./pages/ModelPage.tsx'), 'ModelPage'),
    },
    {
      path: 'insights/scores',
      permission: 'insights:read',
      page: lazyPage(() => import('./pages/ScoresPage.tsx'), 'ScoresPage'),
    },
    {
      path: 'insights/at-risk',
      permission: 'insights:read',
      page: lazyPage(() => import('./pages/AtRiskPage.tsx'), 'AtRiskPage'),
    },
    {
      path: 'settings/text-analysis',
      permission: 'insights:read',
      page: lazyPage(() => import('./pages/TextAnalysisPage.tsx'), 'TextAnalysisPage'),
    },
  ],
  nav,
  i18n: { en: enAll, ru: ruAll },
  panels: { person: [{ key: 'scores', permission: 'insights:read', component: ScoresPanel }] },
};
