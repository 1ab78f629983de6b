import { IconPulse } from '../../../components/icons.tsx';
import type { WebRoute } from '../../types.ts';

/** The mentions' pages (paths under /). */
export const mentionsRoutes: readonly WebRoute[] = [];
/** Its menu entry (its title is `nav.mentions`, its description `modules.mentions.description`). */
export const mentionsNav = [{ key: 'mentions', path: '/mentions', permission: 'cx:read', icon: IconPulse }] as const;
