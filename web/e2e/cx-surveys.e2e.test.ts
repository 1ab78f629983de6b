/**
 * Surveys: an NPS survey with one detractor shows −100 on its results page; a customer answers 10
 * through the hosted page of their signed link (a plain form, no script), and the results page shows
 * the NPS moved to 0 (one promoter, one detractor).
 */
import { expect, test } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { apiClient, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';

let base = '';
let key = '';
let context: BrowserContext;
demoSuite('cx-surveys', (s) => ({ base, context, apiKey: key } = s));
const api = apiClient(
  () => base,
  () => key,
);

test('answer a survey on its hosted page and see the NPS move', async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  watchPage(page, problems);
  const stamp = Date.now();
  const survey = await api<{ id: string }>('POST', '/surveys', {
    name: `E2E NPS ${stamp}`,
    type: 'nps',
    question: { ru: 'Порекомендуете нас друзьям?', en: 'Would you recommend us?' },
  });
  const person = async (n: string) =>
    (await api<{ id: string }>('POST', '/people', { firstName: n, emails: [`${n}-${stamp}@e2e.example`] })).id;
  await api('POST', `/surveys/${survey.id}/responses`, {
    personId: await person('critic'),
    score: 2,
    comment: 'Долго',
  });
  const { url } = await api<{ url: string }>('POST', `/surveys/${survey.id}/links`, { personId: await person('fan') });

  await loginAsAdmin(page, base);
  await page.goto(`${base}/surveys/${survey.id}`);
  await poll(() => page.getByTestId('survey-score').innerText()).toBe('-100');

  // The hosted page, as the customer opens it from the message (the path of the signed link).
  await page.goto(`${base}${new URL(url).pathname}`);
  await page.getByText('Порекомендуете нас друзьям?').waitFor();
  await page.locator('input[name="score"][value="10"]').check();
  await page.locator('textarea[name="comment"]').fill('Всё отлично');
  await page.locator('button[type="submit"]').click();
  await page.locator('[role="status"]').waitFor();

  await page.goto(`${base}/surveys/${survey.id}`);
  await poll(() => page.getByTestId('survey-score').innerText()).toBe('0');
  await poll(() => page.getByTestId('survey-responses').innerText()).toBe('2');
  await page.getByTestId('survey-verbatims').getByText('Всё отлично').waitFor();
  expect(problems).toEqual([]);
}, 180_000);
