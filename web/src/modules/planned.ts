import type { ComponentType } from 'react';
import type { NavEntry, WebModule } from './types.ts';

/**
 * A module still to come: one menu entry that opens the honest placeholder page, with its texts under
 * `nav.<key>` and `modules.<key>` of the shell's dictionary. Building it means replacing its line in
 * web/src/modules/index.ts with the real module.
 */
export function plannedModule<K extends string>(
  key: K,
  permission: string,
  icon: ComponentType<{ size?: number }>,
): WebModule<object, { modules: readonly NavEntry<K>[] }> {
  return {
    name: key,
    planned: true,
    routes: [],
    nav: { modules: [{ key, path: `/${key}`, permission, icon }] },
    i18n: { en: {}, ru: {} },
  };
}
