import * as I from '../../components/icons.tsx';
import { lazyPage, type WebModule } from '../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';

const nav = {
  /** Where data comes in: the DATA group of the menu. */
  data: [
    { key: 'sources', path: '/data/sources', permission: 'cdp:read', icon: I.IconPlug },
    { key: 'events', path: '/data/events', permission: 'cdp:read', icon: I.IconPulse },
    { key: 'catalogue', path: '/data/catalogue', permission: 'cdp:read', icon: I.IconJobs },
    { key: 'computedTraits', path: '/data/computed-traits', permission: 'cdp:read', icon: I.IconInsights },
  ],
} as const;

/** The customer data platform: sources, live events, the event catalogue, computed traits. */
export const cdp: WebModule<typeof en, typeof nav> = {
  name: 'cdp',
  routes: [
    {
      path: 'data/sources',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/SourcesPage.tsx'), 'SourcesPage'),
    },
    {
      path: 'data/events',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/LiveEventsPage.tsx'), 'LiveEventsPage'),
    },
    {
      path: 'data/catalogue',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/CataloguePage.tsx'), 'CataloguePage'),
    },
    {
      path: 'data/computed-traits',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/ComputedTraitsPage.tsx'), 'ComputedTraitsPage'),
    },
  ],
  nav,
  i18n: { en, ru },
};

const segmentsNav = {
  modules: [{ key: 'segments', path: '/segments', permission: 'cdp:read', icon: I.IconSegments }],
} as const;

/**
 * Segments (issue 14): rules over people and static lists, built on the CDP. A module of its own in
 * the menu (MODULES, after the CRM's entries); its texts are the CDP's (`segments.*`).
 */
export const segments: WebModule<object, typeof segmentsNav> = {
  name: 'segments',
  routes: [
    {
      path: 'segments',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/SegmentsPage.tsx'), 'SegmentsPage'),
    },
    {
      path: 'segments/new',
      permission: 'cdp:write',
      page: lazyPage(() => import('./pages/SegmentEditPage.tsx'), 'SegmentEditPage'),
    },
    {
      path: 'segments/:id',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/SegmentPage.tsx'), 'SegmentPage'),
    },
    {
      path: 'segments/:id/edit',
      permission: 'cdp:read',
      page: lazyPage(() => import('./pages/SegmentEditPage.tsx'), 'SegmentEditPage'),
    },
  ],
  nav: segmentsNav,
  i18n: { en: {}, ru: {} },
};

// What other modules may use of the CDP's web side (they import nothing else from this folder).
export { ComputedTraitsView } from './components/ComputedTraits.tsx';
export { EventTypeBadge, eventLabel } from './components/EventTypeBadge.tsx';
export { identityKindLabel, personName, showValue } from './components/identity.ts';
export { PersonLookup } from './components/PersonLookup.tsx';
export { PrivacyActions } from './components/PrivacyActions.tsx';
