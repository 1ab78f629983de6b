import * as I from '../../components/icons.tsx';
import { lazyPage, type WebModule } from '../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import { TeamDay } from './components/TeamDay.tsx';
import { TodayWidget } from './components/TodayWidget.tsx';
import { crmSearch } from './search.ts';

const nav = {
  modules: [
    { key: 'agenda', path: '/agenda', permission: 'crm:read', icon: I.IconCalendar },
    { key: 'people', path: '/people', permission: 'cdp:read', icon: I.IconPeople },
    { key: 'companies', path: '/companies', permission: 'crm:read', icon: I.IconBuilding },
    { key: 'deals', path: '/deals', permission: 'crm:read', icon: I.IconDeal },
    { key: 'activities', path: '/activities', permission: 'crm:read', icon: I.IconPhone },
    { key: 'reports', path: '/reports', permission: 'crm:read', icon: I.IconChart },
  ],
  settings: [
    { key: 'customFields', path: '/settings/custom-fields', permission: 'crm:write', icon: I.IconTools },
    { key: 'pipelines', path: '/settings/pipelines', permission: 'crm:read', icon: I.IconFunnel },
    { key: 'callScripts', path: '/settings/call-scripts', permission: 'crm:read', icon: I.IconPhone },
  ],
} as const;

/** The CRM: people (with the CDP's 360 card), companies, deals, activities, the day's agenda, reports. */
export const crm: WebModule<typeof en, typeof nav> = {
  name: 'crm',
  routes: [
    {
      path: 'people',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/people/PeoplePage.tsx'), 'PeoplePage'),
    },
    {
      path: 'people/:id',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/people/PersonPage.tsx'), 'PersonPage'),
    },
    {
      path: 'people/duplicates',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/people/DuplicatesPage.tsx'), 'DuplicatesPage'),
    },
    {
      path: 'people/import',
      permission: 'crm:write',
      page: lazyPage(() => import('./pages/people/ImportPage.tsx'), 'ImportPage'),
    },
    {
      path: 'companies',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/companies/CompaniesPage.tsx'), 'CompaniesPage'),
    },
    {
      path: 'companies/:id',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/companies/CompanyPage.tsx'), 'CompanyPage'),
    },
    {
      path: 'agenda',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/activities/AgendaPage.tsx'), 'AgendaPage'),
    },
    { path: 'deals', permission: 'crm:read', page: lazyPage(() => import('./pages/deals/DealsPage.tsx'), 'DealsPage') },
    {
      path: 'deals/:id',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/deals/DealPage.tsx'), 'DealPage'),
    },
    {
      path: 'activities',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/activities/ActivitiesPage.tsx'), 'ActivitiesPage'),
    },
    // ECharts is large: only the reports load it.
    {
      path: 'reports',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/reports/ReportsPage.tsx'), 'ReportsPage'),
    },
    {
      path: 'settings/custom-fields',
      permission: 'crm:write',
      page: lazyPage(() => import('./pages/settings/CustomFieldsPage.tsx'), 'CustomFieldsPage'),
    },
    {
      path: 'settings/pipelines',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/settings/PipelinesPage.tsx'), 'PipelinesPage'),
    },
    {
      path: 'settings/call-scripts',
      permission: 'crm:read',
      page: lazyPage(() => import('./pages/settings/CallScriptsPage.tsx'), 'CallScriptsPage'),
    },
  ],
  nav,
  i18n: { en, ru },
  search: crmSearch,
  home: { permission: 'crm:read', team: TeamDay, personal: TodayWidget },
};
