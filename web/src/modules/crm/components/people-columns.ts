import { useCallback, useState } from 'react';
import type { CustomField } from './people-api.ts';

/**
 * The people list's columns: the person's fields as the API names them (the server checks a saved
 * view's columns against the same list, PERSON_VIEW_COLUMNS in src/crm/saved-views.ts) and `cf.KEY`
 * for each person custom field.
 */
export const PERSON_COLUMNS = [
  'name',
  'emails',
  'phones',
  'company',
  'position',
  'owner',
  'lifecycleStage',
  'source',
  'city',
  'region',
  'country',
  'tags',
  'createdAt',
  'updatedAt',
] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];

/** What the list shows when nothing was chosen (and for a view saved before columns could be). */
export const DEFAULT_PERSON_COLUMNS: string[] = [
  'name',
  'emails',
  'phones',
  'company',
  'lifecycleStage',
  'owner',
  'city',
  'createdAt',
];

/** The column that names the row and links to the card: always shown. */
export const FIXED_COLUMN = 'name';

/** Grid width of a column and the list sort it toggles, if any. The defaults fit 1440px; at 1280px the list scrolls with the name pinned. */
export const COLUMN_LAYOUT: Record<PersonColumn, { width: string; min: number; sort?: string }> = {
  name: { width: 'minmax(170px, 2fr)', min: 170, sort: 'lastName' },
  emails: { width: 'minmax(160px, 1.6fr)', min: 160 },
  phones: { width: 'minmax(125px, 1fr)', min: 125 },
  company: { width: 'minmax(140px, 1.4fr)', min: 140 },
  position: { width: 'minmax(120px, 1fr)', min: 120 },
  owner: { width: 'minmax(120px, 1fr)', min: 120 },
  lifecycleStage: { width: '130px', min: 130, sort: 'lifecycleStage' }, // “ПОТЕНЦИАЛЬНЫЙ” fits
  source: { width: 'minmax(90px, 0.8fr)', min: 90 },
  city: { width: 'minmax(90px, 0.8fr)', min: 90, sort: 'city' },
  region: { width: 'minmax(110px, 1fr)', min: 110 },
  country: { width: 'minmax(70px, 0.6fr)', min: 70 },
  tags: { width: 'minmax(120px, 1.2fr)', min: 120 },
  createdAt: { width: '100px', min: 100, sort: 'createdAt' },
  updatedAt: { width: '100px', min: 100, sort: 'updatedAt' },
};
export const CF_LAYOUT = { width: 'minmax(110px, 1fr)', min: 110 };

export const isPersonColumn = (c: string): c is PersonColumn => (PERSON_COLUMNS as readonly string[]).includes(c);

/** Every column the chooser offers: the fields, then the workspace's custom fields. */
export const allColumns = (cfs: CustomField[] | undefined): string[] => [
  ...PERSON_COLUMNS,
  ...(cfs ?? []).map((c) => `cf.${c.key}`),
];

/**
 * Columns as they can be shown: unknown ones (a custom field since deleted, a name an older view
 * kept) and repeats dropped, the name column kept; nothing left → the defaults. While the custom
 * fields are still loading (`cfs` undefined), `cf.*` columns are kept.
 */
export function usableColumns(columns: string[] | null | undefined, cfs: CustomField[] | undefined): string[] {
  const keys = cfs ? new Set(cfs.map((c) => c.key)) : null;
  const out: string[] = [];
  for (const c of columns ?? []) {
    const ok = isPersonColumn(c) || (c.startsWith('cf.') && (keys === null || keys.has(c.slice(3))));
    if (ok && !out.includes(c)) out.push(c);
  }
  if (!out.length) return [...DEFAULT_PERSON_COLUMNS];
  if (!out.includes(FIXED_COLUMN)) out.unshift(FIXED_COLUMN);
  return out;
}

export const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/** The unsaved list's columns, kept per user and workspace in this browser. */
export function useStoredColumns(scope: string) {
  const key = `kartoteka.people.columns.${scope}`;
  const read = () => {
    try {
      const v = JSON.parse(localStorage.getItem(key) ?? 'null');
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
    } catch {
      return null;
    }
  };
  const [stored, setStored] = useState<{ key: string; value: string[] | null }>(() => ({ key, value: read() }));
  const value = stored.key === key ? stored.value : read();
  const set = useCallback(
    (v: string[] | null) => {
      if (v) localStorage.setItem(key, JSON.stringify(v));
      else localStorage.removeItem(key);
      setStored({ key, value: v });
    },
    [key],
  );
  return [value, set] as const;
}
