import { IconChart } from '../../../components/icons.tsx';
import { lazyPage, type WebRoute } from '../../types.ts';

/** The surveys' pages (paths under /): the list with the builder, one survey's results, builder and sending. */
export const surveysRoutes: readonly WebRoute[] = [
  { path: 'surveys', permission: 'cx:read', page: lazyPage(() => import('./pages/SurveysPage.tsx'), 'SurveysPage') },
  { path: 'surveys/:id', permission: 'cx:read', page: lazyPage(() => import('./pages/SurveyPage.tsx'), 'SurveyPage') },
];
/** Its menu entry (its title is `nav.surveys`, its description `modules.surveys.description`). */
export const surveysNav = [{ key: 'surveys', path: '/surveys', permission: 'cx:read', icon: IconChart }] as const;
