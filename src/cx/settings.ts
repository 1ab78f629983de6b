import type { SettingsOf, SettingsSpec } from '../core/config.ts';

/** The customer-experience module's settings (`kartoteka config` lists them after the modules before it). */
export const cxSettings = {} satisfies SettingsSpec;
export type CxSettings = SettingsOf<typeof cxSettings>;
