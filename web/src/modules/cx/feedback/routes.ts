import { IconChart } from '../../../components/icons.tsx';
import { lazyPage, type WebRoute } from '../../types.ts';

/** The feedback feed: tickets, survey comments and mentions with their sentiment. */
export const feedbackRoutes: readonly WebRoute[] = [
  {
    path: 'feedback',
    permission: 'cx:read',
    page: lazyPage(() => import('./pages/FeedbackPage.tsx'), 'FeedbackPage'),
  },
];
/** Its menu entry (title `nav.feedback`, description `modules.feedback.description`). */
export const feedbackNav = [{ key: 'feedback', path: '/feedback', permission: 'cx:read', icon: IconChart }] as const;
