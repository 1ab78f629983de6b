import { z } from 'zod';
import { resolve } from 'node:path';
import { int, type SettingsOf, type SettingsSpec } from '../core/config.ts';

/** The CRM's settings (`kartoteka config` lists them after core's). */
export const crmSettings = {
  reminderScanSeconds: {
    env: 'KARTOTEKA_REMINDER_SCAN_SECONDS',
    schema: int(1, 3600),
    default: 30,
    description:
      'How often each worker process looks for task reminders that are due and sends them (in-app notification and the activity.reminder webhook); each reminder is sent once whichever worker finds it',
  },
  searchFuzzyBudgetMs: {
    env: 'KARTOTEKA_SEARCH_FUZZY_BUDGET_MS',
    schema: int(1, 60_000),
    default: 40,
    description:
      'Time budget of the typo-tolerant fallback of people search (when the exact search finds nothing); past it the answer is empty',
  },
  importDir: {
    env: 'KARTOTEKA_IMPORT_DIR',
    schema: z.string(),
    default: '',
    resolve: (dir: string, config) => (dir ? resolve(dir) : resolve(config.dataDir, 'imports')),
    description:
      'Where uploaded CSV imports and their error reports are kept (default: <data dir>/imports); API and worker processes must share it',
  },
  importMaxBytes: {
    env: 'KARTOTEKA_IMPORT_MAX_BYTES',
    schema: int(1024, 64 * 1024 * 1024 * 1024),
    default: 200 * 1024 * 1024,
    description: 'Largest CSV file accepted for import (bytes); larger uploads get 413',
  },
} as const satisfies SettingsSpec;

export type CrmSettings = SettingsOf<typeof crmSettings>;
