import { webModules } from '../../modules/index.ts';
import type { SearchProvider, WebModule } from '../../modules/types.ts';

export type { SearchHit, SearchProvider } from '../../modules/types.ts';

export const SEARCH_PROVIDERS: SearchProvider[] = (webModules as readonly WebModule[]).flatMap((m) => m.search ?? []);
