import * as I from '../../../components/icons.tsx';
import { lazyPage, type WebModule } from '../../types.ts';
import en from './i18n/en.ts';
import ru from './i18n/ru.ts';
import { campaignsSearch } from './search.ts';

const nav = {
  modules: [{ key: 'campaigns', path: '/campaigns', permission: 'engage:read', icon: I.IconCampaign }],
} as const;

/**
 * Campaigns (issue 16), part of the engage module: a segment, a control group, waves of messages,
 * the conversion event; the wizard, the campaign with its estimate or results, the uplift of several
 * campaigns compared. A menu entry of its own (MODULES), over src/engage/campaigns*.ts.
 */
export const campaigns: WebModule<typeof en, typeof nav> = {
  name: 'campaigns',
  routes: [
    {
      path: 'campaigns',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/CampaignsPage.tsx'), 'CampaignsPage'),
    },
    {
      path: 'campaigns/new',
      permission: 'engage:write',
      page: lazyPage(() => import('./pages/CampaignEditPage.tsx'), 'CampaignEditPage'),
    },
    {
      path: 'campaigns/:id',
      permission: 'engage:read',
      page: lazyPage(() => import('./pages/CampaignPage.tsx'), 'CampaignPage'),
    },
    {
      path: 'campaigns/:id/edit',
      permission: 'engage:write',
      page: lazyPage(() => import('./pages/CampaignEditPage.tsx'), 'CampaignEditPage'),
    },
  ],
  nav,
  i18n: { en, ru },
  search: campaignsSearch,
};
