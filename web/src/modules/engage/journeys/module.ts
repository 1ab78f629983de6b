import { lazy } from 'react';
import * as I from '../../../components/icons.tsx';
import { lazyPage, type WebModule } from '../../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import { journeysSearch } from './search.ts';

const nav = {
  modules: [{ key: 'journeys', path: '/journeys', permission: 'engage:read', icon: I.IconJourney }],
} as const;

const PersonJourneysPanel = lazy(async () => ({
  default: (await import('./components/PersonJourneysPanel.tsx')).PersonJourneysPanel,
}));

/**
 * Journeys (issue 17), part of the engage module: the list, the flow editor (React Flow canvas,
 * palette, step panels, validation, publish, versions, live counts) and the person card's panel of
 * the journeys a person is in. A menu entry of its own (MODULES), over src/engage/journeys/.
 */
export const journeys: WebModule<typeof en, typeof nav> = {
  name: 'journeys',
  routes: [
    {
      path: 'journeys',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/JourneysPage.tsx'), 'JourneysPage'),
    },
    {
      path: 'journeys/new',
      permission: 'engage:write',
      page: lazyPage(() => import('./pages/JourneyEditorPage.tsx'), 'JourneyEditorPage'),
    },
    {
      path: 'journeys/:id',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/JourneyEditorPage.tsx'), 'JourneyEditorPage'),
    },
  ],
  nav,
  i18n: { en, ru },
  search: journeysSearch,
  panels: { person: [{ key: 'journeys', permission: 'engage:read', component: PersonJourneysPanel }] },
};
