import type { SettingsOf, SettingsSpec } from '../core/config.ts';
import { mentionsSettings } from './mentions/settings.ts';
import { surveysSettings } from './surveys/settings.ts';

/** The customer-experience module's settings (`kartoteka config` lists them after the modules before it). */
export const cxSettings = { ...mentionsSettings, ...surveysSettings } satisfies SettingsSpec;
export type CxSettings = SettingsOf<typeof cxSettings>;
