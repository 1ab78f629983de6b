import { lazy } from 'react';
import { lazyPage, type WebModule } from '../types.ts';
import { IconGift } from './components/icons.tsx';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import { loyaltySearch } from './search.ts';

const nav = {
  modules: [{ key: 'promotions', path: '/promotions', permission: 'loyalty:read', icon: IconGift }],
} as const;

const PointsPanel = lazy(async () => ({ default: (await import('./components/PointsPanel.tsx')).PointsPanel }));

/**
 * Promotions and bonus points (issue 16), over the loyalty module's API (src/loyalty): the
 * promotions with their editor, the product catalogue, and the bonus points panel of the person card.
 */
export const loyalty: WebModule<typeof en, typeof nav> = {
  name: 'loyalty',
  routes: [
    {
      path: 'promotions',
      permission: 'loyalty:read',
      page: lazyPage(() => import('./pages/PromotionsPage.tsx'), 'PromotionsPage'),
    },
    {
      path: 'promotions/new',
      permission: 'loyalty:write',
      page: lazyPage(() => import('./pages/PromotionEditPage.tsx'), 'PromotionEditPage'),
    },
    {
      path: 'promotions/products',
      permission: 'loyalty:read',
      page: lazyPage(() => import('./pages/ProductsPage.tsx'), 'ProductsPage'),
    },
    {
      path: 'promotions/:id',
      permission: 'loyalty:read',
      page: lazyPage(() => import('./pages/PromotionEditPage.tsx'), 'PromotionEditPage'),
    },
  ],
  nav,
  i18n: { en, ru },
  search: loyaltySearch,
  panels: { person: [{ key: 'points', permission: 'loyalty:read', component: PointsPanel }] },
};
