/**
 * Segments in a real browser against a real server: a segment built with the visual rule builder
 * (a trait condition and an event-count condition) shows its live size and sample while it is
 * edited, names a refused condition beside it, is saved, and its detail page lists the members once
 * the recompute job has run. A list is made in the UI, a person added by a search, a CSV of emails
 * uploaded with its per-row report, and a member removed. Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, apiClient, closeToasts, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('segments', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

async function sendBatch(writeKey: string, batch: Record<string, unknown>[]) {
  const res = await fetch(`${base}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

let signedInPage: Page | undefined;
/** The file's page, signed in as the demo admin (once: the tests share the browser context). */
async function signedIn(): Promise<Page> {
  if (signedInPage) return signedInPage;
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  await loginAsAdmin(page, base);
  signedInPage = page;
  return page;
}

/** The person ids a page lists (`data-id` of the rows with this test id). */
const ids = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? '').sort());

test('a segment built in the visual builder: live size, a refused condition named, saved, members after the recompute', async () => {
  const tag = `s${Date.now().toString(36)}`;
  const event = `Checkout ${tag}`;
  const source = await api('POST', '/sources', { name: `Segments e2e ${tag}`, kind: 'server' });
  // Four people: three carry the run's trait, and they checked out 2, 1, 3 times; the fourth (2 times) has no trait.
  const people = [
    { key: 'anna', traits: { segTag: tag, name: `Анна ${tag}` }, checkouts: 2 },
    { key: 'boris', traits: { segTag: tag, name: `Борис ${tag}` }, checkouts: 1 },
    { key: 'vera', traits: { name: `Вера ${tag}` }, checkouts: 2 },
    { key: 'gleb', traits: { segTag: tag, name: `Глеб ${tag}` }, checkouts: 3 },
  ];
  let n = 0;
  await sendBatch(
    source.writeKey,
    people.flatMap((p) => [
      { type: 'identify', userId: `${tag}-${p.key}`, traits: p.traits, messageId: `${tag}-${n++}` },
      ...Array.from({ length: p.checkouts }, () => ({
        type: 'track',
        userId: `${tag}-${p.key}`,
        event,
        properties: { total: 100 },
        messageId: `${tag}-${n++}`,
      })),
    ]),
  );
  const personId = async (key: string) => {
    let found = '';
    await poll(async () => {
      const res = await fetch(`${base}/api/v1/people/lookup?kind=user_id&value=${tag}-${key}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      found = res.ok ? ((await res.json()) as { id: string }).id : '';
      return found;
    }).not.toBe('');
    return found;
  };
  const gleb = await personId('gleb');
  const expected = [await personId('anna'), gleb].sort();

  const page = await signedIn();

  await page.goto(`${base}/segments`);
  await page.getByTestId('segments-new').click();
  await page.getByTestId('segment-edit-page').waitFor();
  await page.getByTestId('segment-name').fill(`Покупатели ${tag}`);
  // With no conditions everyone matches: the live size is the whole workspace.
  await poll(async () =>
    Number((await page.getByTestId('preview-size').getAttribute('data-size')) || 0),
  ).toBeGreaterThan(3);

  // A trait condition: segTag is the run's tag.
  await page.getByTestId('rule-root-add').click();
  await page.getByTestId('add-trait').click();
  await page.getByTestId('cond-0-trait').fill('segTag');
  await page.getByTestId('cond-0-value').fill(tag);
  await page.getByTestId('cond-0-value').press('Tab');
  await poll(() => page.getByTestId('preview-size').getAttribute('data-size')).toBe('3');

  // An event condition: its empty event name is refused by the server, and the message stands beside it.
  await page.getByTestId('rule-root-add').click();
  await page.getByTestId('add-event').click();
  await page.getByTestId('cond-1-errors').waitFor();
  await poll(() => page.getByTestId('preview-invalid').isVisible()).toBe(true);
  expect(await page.getByTestId('cond-0-errors').count()).toBe(0);
  await page.getByTestId('cond-1-event').fill(event);
  await page.getByTestId('cond-1-event').press('Escape');
  await page.getByTestId('cond-1-bound').fill('2');
  await page.getByTestId('cond-1-bound').press('Tab');
  await poll(() => page.getByTestId('preview-size').getAttribute('data-size')).toBe('2');
  await poll(() => page.getByTestId('cond-1-errors').count()).toBe(0);
  // The sample names the members (the people API), not their ids.
  await poll(() => page.getByTestId('preview-sample').innerText()).toContain(`Анна ${tag}`);
  expect(await page.getByTestId('preview-sample').innerText()).toContain(`Глеб ${tag}`);

  // The JSON view shows the same rule.
  await page.getByTestId('rule-view').getByText('JSON').click();
  const json = JSON.parse(await page.getByTestId('rule-json').inputValue());
  expect(json).toEqual({
    all: [
      { trait: 'segTag', op: 'eq', value: tag },
      { event, count: { gte: 2 } },
    ],
  });
  await page.getByTestId('rule-view').getByText('Builder').click();

  // Saved: the detail page lists the members once the recompute job has run.
  await page.getByTestId('segment-save').click();
  await page.getByTestId('segment-page').waitFor();
  const segmentId = (await page.getByTestId('segment-page').getAttribute('data-id'))!;
  await poll(() => ids(page, 'segment-member')).toEqual(expected);
  // The size comes with the segment, read apart from the members: it may show the next poll.
  await poll(() => page.getByTestId('segment-size').getAttribute('data-size')).toBe('2');
  expect(await page.getByTestId('segment-members').innerText()).toContain(`Анна ${tag}`);
  const stored = await api('GET', `/segments/${segmentId}`);
  expect(stored).toMatchObject({ name: `Покупатели ${tag}`, size: 2, version: 1, computedVersion: 1 });

  // Recompute: queued, then done; the members stay.
  await closeToasts(page);
  await page.getByTestId('segment-recompute').click();
  await poll(async () => (await api('GET', `/segments/${segmentId}`)).computedAt).not.toBe(stored.computedAt);
  await poll(() => page.getByTestId('segment-computing').count()).toBe(0);
  expect(await ids(page, 'segment-member')).toEqual(expected);

  // The list finds it by name; a member links to the person card.
  await page.goto(`${base}/segments`);
  await page.getByTestId('segments-search').fill(tag);
  await poll(() => ids(page, 'segments-row')).toEqual([segmentId]);
  await page.getByTestId('segments-row').first().click();
  await page.getByTestId('segment-member').first().waitFor();
  await page.getByTestId('segment-member').first().getByRole('link').click();
  await page.waitForURL((u) => expected.some((id) => u.pathname === `/people/${id}`));

  // Editing makes version 2, listed with who made it.
  await page.goto(`${base}/segments/${segmentId}/edit`);
  await page.getByTestId('cond-1-bound').fill('3');
  await poll(() => page.getByTestId('preview-size').getAttribute('data-size')).toBe('1');
  await closeToasts(page);
  await page.getByTestId('segment-save').click();
  await page.getByTestId('segment-page').waitFor();
  await poll(() => ids(page, 'segment-member')).toEqual([gleb]);
  await page.goto(`${base}/segments/${segmentId}/edit`);
  await page.getByTestId('segment-version-2').waitFor();
  const users = await api<{ data: { email: string; name: string }[] }>('GET', '/users');
  const admin = users.data.find((u) => u.email === ADMIN.email)!;
  const versions = await page.getByTestId('segment-versions').innerText();
  // Who made it, by name (the server stores “Name <email>”).
  expect(versions).toContain(admin.name);
  expect(versions).not.toContain(ADMIN.email);

  await api('DELETE', `/segments/${segmentId}`);
  expect(browserProblems).toEqual([]);
});

test('a list: made in the UI, a person added by search, a CSV uploaded with a per-row report, a member removed', async () => {
  const tag = `l${Date.now().toString(36)}`;
  const added = await api('POST', '/people', {
    firstName: 'Дарья',
    lastName: `Спискова${tag}`,
    emails: [`daria.${tag}@example.com`],
  });
  const uploaded = await api('POST', '/people', {
    firstName: 'Егор',
    lastName: `Файлов${tag}`,
    emails: [`egor.${tag}@example.com`],
  });

  const page = await signedIn();

  await page.goto(`${base}/segments/new`);
  await page.getByTestId('segment-kind').getByText('List').click();
  // A list has no rule: no builder, no live size.
  expect(await page.getByTestId('rule-builder').count()).toBe(0);
  await page.getByTestId('segment-name').fill(`Список ${tag}`);
  await page.getByTestId('segment-save').click();
  await page.getByTestId('segment-page').waitFor();
  const listId = (await page.getByTestId('segment-page').getAttribute('data-id'))!;
  expect(await api('GET', `/segments/${listId}`)).toMatchObject({ kind: 'list', rule: null, size: 0 });
  await page.getByTestId('segment-members-empty').waitFor();
  await closeToasts(page);

  // A person found by name and added.
  await page.getByTestId('list-add-search').fill(`Спискова${tag}`);
  await page.getByRole('option', { name: new RegExp(`Спискова${tag}`) }).click();
  await page.getByTestId('list-add').click();
  await poll(() => ids(page, 'segment-member')).toEqual([added.id]);
  await poll(() => page.getByTestId('segment-size').getAttribute('data-size')).toBe('1');

  // A CSV of emails: one matches a person, one nobody; the report says so row by row.
  await page.getByTestId('list-upload-file').setInputFiles({
    name: 'list.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`email\negor.${tag}@example.com\nnobody.${tag}@example.com\n`, 'utf8'),
  });
  await page.getByTestId('list-upload-send').click();
  await poll(() => page.getByTestId('list-upload-report').getAttribute('data-status')).toBe('done');
  expect(await page.getByTestId('list-upload-matched').innerText()).toBe('1');
  expect(await page.getByTestId('list-upload-unmatched').innerText()).toBe('1');
  expect(await page.getByTestId('list-upload-report').innerText()).toContain(`nobody.${tag}@example.com`);
  await page.getByTestId('list-upload-rejected').waitFor();
  await poll(() => ids(page, 'segment-member')).toEqual([added.id, uploaded.id].sort());

  // A member removed by hand.
  await closeToasts(page);
  await page
    .locator(`[data-testid="segment-member"][data-id="${added.id}"]`)
    .getByTestId('segment-member-remove')
    .click();
  await poll(() => ids(page, 'segment-member')).toEqual([uploaded.id]);

  await api('DELETE', `/segments/${listId}`);
  expect(browserProblems).toEqual([]);
});
