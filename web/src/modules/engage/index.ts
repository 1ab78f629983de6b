import { createElement } from 'react';
import { Navigate } from 'react-router';
import { lazyPage, type WebModule } from '../types.ts';
import { IconMail } from './components/icons.tsx';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';

const nav = {
  modules: [{ key: 'messaging', path: '/messaging', permission: 'engage:read', icon: IconMail }],
} as const;

/** /messaging: the section opens on its broadcasts. */
function MessagingHome() {
  return createElement(Navigate, { to: '/messaging/broadcasts', replace: true });
}

/**
 * Messaging (issue 15): channels, templates, broadcasts, the message log and delivery analytics,
 * over the engage module's API (src/engage). One menu entry; the pages share a tab bar.
 */
export const engage: WebModule<typeof en, typeof nav> = {
  name: 'engage',
  routes: [
    { path: 'messaging', permission: 'engage:read', page: MessagingHome },
    {
      path: 'messaging/channels',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/ChannelsPage.tsx'), 'ChannelsPage'),
    },
    {
      path: 'messaging/templates',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/TemplatesPage.tsx'), 'TemplatesPage'),
    },
    {
      path: 'messaging/templates/new',
      permission: 'engage:write',
      page: lazyPage(() => import('./pages/TemplateEditPage.tsx'), 'TemplateEditPage'),
    },
    {
      path: 'messaging/templates/:id',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/TemplateEditPage.tsx'), 'TemplateEditPage'),
    },
    {
      path: 'messaging/broadcasts',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/BroadcastsPage.tsx'), 'BroadcastsPage'),
    },
    {
      path: 'messaging/broadcasts/new',
      permission: 'engage:write',
      page: lazyPage(() => import('./pages/BroadcastNewPage.tsx'), 'BroadcastNewPage'),
    },
    {
      path: 'messaging/broadcasts/:id',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/BroadcastPage.tsx'), 'BroadcastPage'),
    },
    {
      path: 'messaging/log',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/MessageLogPage.tsx'), 'MessageLogPage'),
    },
    {
      path: 'messaging/analytics',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/AnalyticsPage.tsx'), 'AnalyticsPage'),
    },
  ],
  nav,
  i18n: { en, ru },
};

export { campaigns } from './campaigns/module.ts';
export { journeys } from './journeys/module.ts';
