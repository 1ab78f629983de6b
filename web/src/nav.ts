import * as I from './components/icons.tsx';
import { webModules } from './modules/index.ts';
import type { WebModule } from './modules/types.ts';

type Nav = (typeof webModules)[number]['nav'];
type EntryOf<G extends string> = Nav extends infer N
  ? N extends { readonly [P in G]: readonly (infer E)[] }
    ? E
    : never
  : never;

/**
 * The menu, composed from the modules' definitions (web/src/modules/index.ts), in their order.
 * MODULES: the product; those still to come get a nav entry and an honest empty page until they ship.
 */
const all: readonly WebModule[] = webModules;
export const MODULES = all.flatMap((m) => m.nav.modules ?? []) as EntryOf<'modules'>[];
export type ModuleKey = (typeof MODULES)[number]['key'];
/** Modules whose page is (partly) real: they have their own route instead of the placeholder. */
export const BUILT_MODULES: readonly ModuleKey[] = all
  .filter((m) => !m.planned)
  .flatMap((m) => m.nav.modules ?? [])
  .map((e) => e.key as ModuleKey);

/** The customer data platform: where data comes in. */
export const DATA = all.flatMap((m) => m.nav.data ?? []) as EntryOf<'data'>[];
export type DataKey = (typeof DATA)[number]['key'];

/** The platform's own settings; each module's follow them. */
const PLATFORM_SETTINGS = [
  { key: 'profile', path: '/settings/profile', permission: 'account:self', icon: I.IconUser },
  { key: 'workspace', path: '/settings/workspace', permission: 'settings:read', icon: I.IconWorkspace },
  { key: 'users', path: '/settings/users', permission: 'settings:read', icon: I.IconPeople },
  { key: 'roles', path: '/settings/roles', permission: 'settings:read', icon: I.IconShield },
  { key: 'apiKeys', path: '/settings/api-keys', permission: 'settings:manage', icon: I.IconKey },
  { key: 'webhooks', path: '/settings/webhooks', permission: 'settings:manage', icon: I.IconWebhook },
  { key: 'jobs', path: '/settings/jobs', permission: 'jobs:read', icon: I.IconJobs },
  { key: 'audit', path: '/settings/audit', permission: 'audit:read', icon: I.IconHistory },
] as const;
export const SETTINGS = [...PLATFORM_SETTINGS, ...all.flatMap((m) => m.nav.settings ?? [])] as (
  | (typeof PLATFORM_SETTINGS)[number]
  | EntryOf<'settings'>
)[];
export type SettingsKey = (typeof SETTINGS)[number]['key'];
