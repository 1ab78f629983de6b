import { IconInbox, IconTicket } from '../../components/icons.tsx';
import { lazyPage, type WebModule } from '../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import { serviceSearch } from './search.ts';

const nav = {
  modules: [{ key: 'inbox', path: '/inbox', permission: 'service:read', icon: IconInbox }],
  settings: [{ key: 'service', path: '/settings/service', permission: 'service:read', icon: IconTicket }],
} as const;

const settingsPage = lazyPage(() => import('./pages/settings/ServiceSettingsPage.tsx'), 'ServiceSettingsPage');

/**
 * The service desk (issue 18), over src/service: the omnichannel inbox (views, filters, live
 * updates), the conversation pane (thread, reply with the channel switch, notes with @mentions,
 * canned responses, macros, the knowledge base, ticket fields, merge and split, the person's 360
 * card, typing and collision), the supervisor's dashboard, the reports, the knowledge base, and the
 * settings (inboxes with the chat widget's snippet and the bot, teams, canned responses, routing and
 * automation rules, macros, SLA policies and business calendars).
 */
export const service: WebModule<typeof en, typeof nav> = {
  name: 'service',
  routes: [
    { path: 'inbox', permission: 'service:read', page: lazyPage(() => import('./pages/InboxPage.tsx'), 'InboxPage') },
    {
      path: 'inbox/dashboard',
      permission: 'service:read',
      page: lazyPage(() => import('./pages/DashboardPage.tsx'), 'DashboardPage'),
    },
    // ECharts is large: only the reports load it.
    {
      path: 'inbox/reports',
      permission: 'service:read',
      page: lazyPage(() => import('./pages/ReportsPage.tsx'), 'ReportsPage'),
    },
    // The knowledge base (kb/).
    { path: 'inbox/kb', permission: 'service:read', page: lazyPage(() => import('./kb/KbPage.tsx'), 'KbPage') },
    {
      path: 'inbox/:id',
      permission: 'service:read',
      page: lazyPage(() => import('./pages/ConversationPage.tsx'), 'ConversationPage'),
    },
    { path: 'settings/service', permission: 'service:read', page: settingsPage },
    { path: 'settings/service/:tab', permission: 'service:read', page: settingsPage },
  ],
  nav,
  i18n: { en, ru },
  search: serviceSearch,
};
