import type { ComponentType } from 'react';
import * as I from './components/icons.tsx';

/**
 * The product modules. Those still to come get a nav entry and an honest empty page until they ship;
 * People already has the profile lookup and the 360 card from the CDP (the list arrives with the CRM).
 */
export const MODULES = [
  { key: 'agenda', path: '/agenda', permission: 'crm:read', icon: I.IconCalendar },
  { key: 'people', path: '/people', permission: 'cdp:read', icon: I.IconPeople },
  { key: 'companies', path: '/companies', permission: 'crm:read', icon: I.IconBuilding },
  { key: 'deals', path: '/deals', permission: 'crm:read', icon: I.IconDeal },
  { key: 'activities', path: '/activities', permission: 'crm:read', icon: I.IconPhone },
  { key: 'reports', path: '/reports', permission: 'crm:read', icon: I.IconChart },
  { key: 'segments', path: '/segments', permission: 'cdp:read', icon: I.IconSegments },
  { key: 'campaigns', path: '/campaigns', permission: 'engage:read', icon: I.IconCampaign },
  { key: 'journeys', path: '/journeys', permission: 'engage:read', icon: I.IconJourney },
  { key: 'inbox', path: '/inbox', permission: 'service:read', icon: I.IconInbox },
  { key: 'tickets', path: '/tickets', permission: 'service:read', icon: I.IconTicket },
  { key: 'insights', path: '/insights', permission: 'insights:read', icon: I.IconInsights },
] as const;
export type ModuleKey = (typeof MODULES)[number]['key'];
/** Modules whose page is (partly) real: they have their own route instead of the placeholder. */
export const BUILT_MODULES: readonly ModuleKey[] = ['people', 'companies', 'agenda', 'deals', 'activities', 'reports'];

/** The customer data platform: where data comes in. */
export const DATA = [
  { key: 'sources', path: '/data/sources', permission: 'cdp:read', icon: I.IconPlug },
  { key: 'events', path: '/data/events', permission: 'cdp:read', icon: I.IconPulse },
  { key: 'catalogue', path: '/data/catalogue', permission: 'cdp:read', icon: I.IconJobs },
  { key: 'computedTraits', path: '/data/computed-traits', permission: 'cdp:read', icon: I.IconInsights },
] as const satisfies readonly { key: string; path: string; permission: string; icon: ComponentType<any> }[];
export type DataKey = (typeof DATA)[number]['key'];

export const SETTINGS = [
  { key: 'profile', path: '/settings/profile', permission: 'account:self', icon: I.IconUser },
  { key: 'workspace', path: '/settings/workspace', permission: 'settings:read', icon: I.IconWorkspace },
  { key: 'users', path: '/settings/users', permission: 'settings:read', icon: I.IconPeople },
  { key: 'roles', path: '/settings/roles', permission: 'settings:read', icon: I.IconShield },
  { key: 'apiKeys', path: '/settings/api-keys', permission: 'settings:manage', icon: I.IconKey },
  { key: 'webhooks', path: '/settings/webhooks', permission: 'settings:manage', icon: I.IconWebhook },
  { key: 'jobs', path: '/settings/jobs', permission: 'jobs:read', icon: I.IconJobs },
  { key: 'audit', path: '/settings/audit', permission: 'audit:read', icon: I.IconHistory },
  { key: 'customFields', path: '/settings/custom-fields', permission: 'crm:write', icon: I.IconTools },
  { key: 'pipelines', path: '/settings/pipelines', permission: 'crm:read', icon: I.IconFunnel },
  { key: 'callScripts', path: '/settings/call-scripts', permission: 'crm:read', icon: I.IconPhone },
] as const satisfies readonly { key: string; path: string; permission: string; icon: ComponentType<any> }[];
export type SettingsKey = (typeof SETTINGS)[number]['key'];
