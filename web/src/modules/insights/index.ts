import { lazy } from 'react';
import { IconInsights } from '../../components/icons.tsx';
import { lazyPage, type WebModule } from '../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';

const nav = {
  modules: [{ key: 'insights', path: '/insights', permission: 'insights:read', icon: IconInsights }],
} as const;

const ScoresPanel = lazy(async () => ({ default: (await import('./components/ScoresPanel.tsx')).ScoresPanel }));

/**
 * Insights (issue 20), over the insights module's API (src/insights): the five models with their
 * evaluation against baselines and "train now", the score distributions, the at-risk valuable
 * customers (with a retention journey to start), and the scores panel of the person card.
 */
export const insights: WebModule<typeof en, typeof nav> = {
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
  ],
  nav,
  i18n: { en, ru },
  panels: { person: [{ key: 'scores', permission: 'insights:read', component: ScoresPanel }] },
};
