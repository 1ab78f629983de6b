/**
 * Duplicates in a real browser against a real server: two people with the same name (ё and е) at
 * the same company are made through the API; the duplicates page suggests the pair; they are
 * merged with a field-by-field choice (the city and the position taken from the one that goes);
 * the surviving card and the API show the merged person; the merge is undone from the card and
 * the API shows both people back as they were. Needs Debian's chromium (CHROMIUM_PATH to override
 * /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

// A pristine copy of the demo: on the shared workspace other files' people add pairs, and this one's
// pair need not be on the duplicates page's first screen.
demoSuite('crm-dedupe', (s) => ({ base, context, apiKey } = s), { own: true });

const watch = (page: Page) => watchPage(page, browserProblems);

const api = apiClient(
  () => base,
  () => apiKey,
);

test('the duplicates page suggests a pair; merge with a choice per field, then unmerge from the card', async () => {
  const tag = Date.now().toString(36);
  const company = await api('POST', '/companies', { name: `ООО Двойники ${tag}` });
  const first = await api('POST', '/people', {
    firstName: 'Алёна',
    lastName: `Королёва${tag}`,
    companyId: company.id,
    emails: [`alena.${tag}@example.ru`],
    phones: ['8 (916) 111-22-33'],
    position: 'Менеджер',
    city: 'Москва',
  });
  const second = await api('POST', '/people', {
    firstName: 'Алена',
    lastName: `Королева${tag}`,
    companyId: company.id,
    emails: [`korolyova.${tag}@example.ru`],
    phones: ['+7 916 444 55 66'],
    position: 'Директор по закупкам',
    city: 'Санкт-Петербург',
    tags: ['vip'],
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);
  await loginAsAdmin(page, base);

  // The duplicates page, reached from the people list: the pair is there with its reason.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-more').click();
  await page.getByTestId('people-duplicates-link').click();
  await page.getByTestId('duplicates-page').waitFor();
  const pair = page
    .getByTestId('duplicate-pair')
    .filter({ hasText: `Королёва${tag}` })
    .filter({ hasText: `Королева${tag}` });
  await pair.waitFor();
  expect(await pair.getByTestId('dupe-reason-name_company').innerText()).toBe('Same name and company');
  expect(await pair.innerText()).toContain(company.name);

  // Merge: the dialog lists the fields that differ; take the city and the position from the one that goes.
  await pair.getByTestId('dupe-merge').click();
  const dialog = page.getByTestId('merge-fields');
  await dialog.waitFor();
  // The pair is ordered by id, and its first person is the one that stays unless swapped.
  const [keep, gone] = first.id < second.id ? [first, second] : [second, first];
  expect(await dialog.locator('thead').innerText()).toContain(`Stays: ${keep.firstName} ${keep.lastName}`);
  expect(await page.getByTestId('merge-field-city').innerText()).toContain(keep.city);
  expect(await page.getByTestId('merge-field-city').innerText()).toContain(gone.city);
  expect(await page.getByTestId('merge-field-position').count()).toBe(1);
  // Same company on both sides: nothing to choose there.
  expect(await page.getByTestId('merge-field-companyId').count()).toBe(0);
  expect(await page.getByTestId('merge-city-this').isChecked()).toBe(true);
  await page.getByTestId('merge-city-other').check();
  await page.getByTestId('merge-position-other').check();
  expect(await page.getByTestId('merge-city-this').isChecked()).toBe(false);
  await page.getByTestId('merge-confirm').click();

  // The survivor's card: the chosen values, both emails and phones, the other one's tag.
  await page.waitForURL(`${base}/people/${keep.id}`);
  await page.getByTestId('person-crm').waitFor();
  await poll(() => page.getByTestId('person-address').innerText()).toContain(gone.city);
  await poll(() => page.getByTestId('person-emails').innerText()).toContain(gone.emails[0]);
  expect(await page.getByTestId('person-emails').innerText()).toContain(keep.emails[0]);
  expect(await page.getByTestId('person-phones').innerText()).toContain('+79161112233');
  expect(await page.getByTestId('person-phones').innerText()).toContain('+79164445566');
  expect(await page.getByTestId('person-summary').innerText()).toContain(gone.position);
  expect(await page.getByTestId('person-tags').innerText()).toContain('vip');

  // The API agrees; the one that went now answers with the survivor.
  const merged = await api('GET', `/people/${keep.id}`);
  expect(merged.city).toBe(gone.city);
  expect(merged.position).toBe(gone.position);
  expect(merged.firstName).toBe(keep.firstName);
  expect(merged.lastName).toBe(keep.lastName);
  expect([...merged.emails].sort()).toEqual([keep.emails[0], gone.emails[0]].sort());
  expect([...merged.phones].sort()).toEqual(['+79161112233', '+79164445566']);
  expect(merged.tags).toContain('vip');
  expect((await api('GET', `/people/${gone.id}`)).id).toBe(keep.id);
  const merges = await api<{
    data: {
      id: string;
      fromPerson: string;
      intoPerson: string;
      choices: Record<string, string>;
      undoneAt: string | null;
    }[];
  }>('GET', `/people/${keep.id}/merges`);
  expect(merges.data).toHaveLength(1);
  expect(merges.data[0]).toMatchObject({ fromPerson: gone.id, intoPerson: keep.id, undoneAt: null });
  expect(merges.data[0].choices).toMatchObject({ city: 'other', position: 'other', firstName: 'this' });
  // The pair is no longer suggested.
  const after = await api<{ data: { a: { id: string }; b: { id: string } }[] }>('GET', '/people/duplicates?limit=500');
  expect(after.data.some((d) => [d.a.id, d.b.id].includes(gone.id))).toBe(false);

  // One merge is one entry in the card's merge history, in words, with one undo (CRM and profile together).
  const history = page.getByTestId('person-merges');
  await poll(() => history.getByTestId('merge-undo').count()).toBe(1);
  expect(await page.getByTestId('person-crm-merges').count()).toBe(0);
  const entry = history.locator('[data-testid^="merge-"]').filter({ has: page.getByTestId('merge-title') });
  expect(await entry.count()).toBe(1);
  const words = await entry.innerText();
  expect(words).toContain('Another profile was merged into this one');
  expect(words).toContain('Merged as duplicates');
  expect(words).toContain(gone.emails[0]);
  expect(words).not.toMatch(/[0-9a-f]{8}…/);
  expect(words).not.toContain('crm: merged');
  await history.getByTestId('merge-undo').click();
  await page.getByTestId('confirm-ok').click();
  await poll(() => history.getByTestId('merge-undo').count()).toBe(0);
  await poll(async () => (await api('GET', `/people/${gone.id}`)).id).toBe(gone.id);

  // Both back exactly as they were.
  const back = await api('GET', `/people/${keep.id}`);
  const returned = await api('GET', `/people/${gone.id}`);
  for (const [now, was] of [
    [back, keep],
    [returned, gone],
  ]) {
    expect(now.city).toBe(was.city);
    expect(now.position).toBe(was.position);
    expect(now.emails).toEqual(was.emails);
    expect(now.phones).toEqual(was.phones);
    expect(now.tags).toEqual(was.tags);
    expect(now.companyId).toBe(company.id);
  }
  // The card shows the survivor's own values again, and the pair is suggested again.
  await poll(() => page.getByTestId('person-address').innerText()).toContain(keep.city);
  expect(await page.getByTestId('person-emails').innerText()).not.toContain(gone.emails[0]);
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-more').click();
  await page.getByTestId('people-duplicates-link').click();
  await pair.waitFor();

  // "Not a duplicate" takes the pair off the list for good.
  await pair.getByTestId('dupe-dismiss').click();
  await poll(() => pair.count()).toBe(0);
  const dismissed = await api<{ data: { a: { id: string }; b: { id: string } }[] }>(
    'GET',
    '/people/duplicates?limit=500',
  );
  expect(dismissed.data.some((d) => [d.a.id, d.b.id].includes(gone.id) && [d.a.id, d.b.id].includes(keep.id))).toBe(
    false,
  );

  expect(browserProblems).toEqual([]);
}, 240_000);
