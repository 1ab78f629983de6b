import { IconChart } from '../../../components/icons.tsx';
import type { WebRoute } from '../../types.ts';

/** The surveys' pages (paths under /). */
export const surveysRoutes: readonly WebRoute[] = [];
/** Its menu entry (its title is `nav.surveys`, its description `modules.surveys.description`). */
export const surveysNav = [{ key: 'surveys', path: '/surveys', permission: 'cx:read', icon: IconChart }] as const;
