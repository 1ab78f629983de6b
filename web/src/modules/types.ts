import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** One entry of the side menu: MODULES (the product), DATA (customer data) or SETTINGS. */
export interface NavEntry<K extends string = string> {
  key: K;
  path: string;
  permission: string;
  icon: ComponentType<{ size?: number }>;
}

/** A page of a module: its path under `/`, the permission it needs (none: any signed-in user), the page itself. */
export interface WebRoute {
  path: string;
  permission?: string;
  page: LazyExoticComponent<ComponentType> | ComponentType;
}

export interface WebModuleNav {
  modules?: readonly NavEntry[];
  data?: readonly NavEntry[];
  settings?: readonly NavEntry[];
}

/**
 * What one module adds to the web app (web/src/modules/<name>/index.ts). The shell (App.tsx, nav.ts,
 * i18n/en.ts and ru.ts, the global search) composes routes, the menu, texts and search from the list
 * in web/src/modules/index.ts. `S` is the shape of its texts (ru has the same keys as en); `N` keeps
 * the menu keys literal so that `t(`nav.${key}`)` stays type-checked.
 */
export interface WebModule<S extends object = object, N extends WebModuleNav = WebModuleNav> {
  name: string;
  routes: readonly WebRoute[];
  nav: N;
  i18n: { en: S; ru: S };
  /** Kinds of records the global search (Ctrl/⌘+K) looks through. */
  search?: readonly SearchProvider[];
  /** A module still to come: its menu entries open the honest placeholder page (pages/ModulePage.tsx). */
  planned?: boolean;
  /**
   * Its part of the home page: `team` for an admin (the team's day), `personal` for everyone else
   * (their own day); shown to those who have `permission`.
   */
  home?: { permission: string; team?: ComponentType; personal?: ComponentType };
  /**
   * Panels it adds to another module's record card: `person` panels show on the person card (the CRM's
   * /people/:id, web/src/components/ModulePanels.tsx), each to those who have its permission.
   */
  panels?: { person?: readonly RecordPanel[] };
}

/** A panel of a record card, given the record's id; load it lazily (`lazy(() => import(…))`) to keep the card light. */
export interface RecordPanel {
  key: string;
  permission: string;
  component: ComponentType<{ personId: string }>;
}

/** A page loaded when first opened: `lazyPage(() => import('./pages/XPage.tsx'), 'XPage')`. */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

/** One hit of the global search: what to show and where Enter takes the user. */
export interface SearchHit {
  id: string;
  title: string;
  subtitle?: string;
  path: string;
}

/**
 * A kind of record the global search (Ctrl/⌘+K) looks through. A module adds its records by listing
 * providers in its definition (`search`): a permission, a label key under `search.groups`, and a
 * function that asks its own list endpoint. Each group shows at most `limit` hits.
 */
export interface SearchProvider {
  key: string;
  permission: string;
  icon: ComponentType<{ size?: number }>;
  search: (q: string, limit: number) => Promise<SearchHit[]>;
}
