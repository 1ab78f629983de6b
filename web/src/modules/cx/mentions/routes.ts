import { IconPulse } from '../../../components/icons.tsx';
import { lazyPage, type WebRoute } from '../../types.ts';

/** The mentions' pages (paths under /): the feed, the sources, the alerts. */
export const mentionsRoutes: readonly WebRoute[] = [
  { path: 'mentions', permission: 'cx:read', page: lazyPage(() => import('./pages/MentionsPage.tsx'), 'MentionsPage') },
  {
    path: 'mentions/sources',
    permission: 'cx:read',
    page: lazyPage(() => import('./pages/SourcesPage.tsx'), 'SourcesPage'),
  },
  {
    path: 'mentions/alerts',
    permission: 'cx:read',
    page: lazyPage(() => import('./pages/AlertsPage.tsx'), 'AlertsPage'),
  },
];
/** Its menu entry (its title is `nav.mentions`, its description `modules.mentions.description`). */
export const mentionsNav = [{ key: 'mentions', path: '/mentions', permission: 'cx:read', icon: IconPulse }] as const;
