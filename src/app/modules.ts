import { cdp } from '../cdp/index.ts';
import { crm } from '../crm/index.ts';
import { loyalty } from '../loyalty/index.ts';
import { engage } from '../engage/index.ts';
import { insights } from '../insights/index.ts';
import { service } from '../service/index.ts';
import { cx } from '../cx/index.ts';

/**
 * Every domain module, in dependency order (a module comes after those it depends on). The
 * kernel, HTTP app, migrations, settings and demo are built from this list (src/app/index.ts);
 * adding a module is its folder plus its entry here.
 */
export const modules = [cdp, crm, loyalty, engage, insights, service, cx] as const;
