import { cdp, segments } from './cdp/index.ts';
import { crm } from './crm/index.ts';
import { campaigns, engage, journeys } from './engage/index.ts';
import { insights } from './insights/index.ts';
import { loyalty } from './loyalty/index.ts';
import { service } from './service/index.ts';
import { cx } from './cx/index.ts';

/**
 * The modules of the web app, in menu order. The shell builds its routes (App.tsx), the menu (nav.ts),
 * the dictionaries (i18n/en.ts, ru.ts) and the global search from this list: adding a module is its
 * folder under web/src/modules/ plus one line here (replacing its placeholder, if it had one).
 */
export const webModules = [cdp, crm, segments, engage, campaigns, loyalty, journeys, service, cx, insights] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The texts all modules add to the shell's dictionary (the same shape in both languages). */
export type WebModuleStrings = UnionToIntersection<(typeof webModules)[number]['i18n']['en']>;
