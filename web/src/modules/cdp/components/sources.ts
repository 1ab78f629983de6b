import { get } from '../../../api.ts';
import type { Page, Source } from '../../../types.ts';

/** The sources list is shared by the Sources page and the live debugger's filter. */
export const SOURCES_KEY = ['sources'] as const;
export const fetchSources = () => get<Page<Source>>('/sources');
