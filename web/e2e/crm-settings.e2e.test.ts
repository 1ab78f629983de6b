/**
 * CRM settings in a real browser against a real server, each followed to where it is used: a
 * custom field of type "one of a list" (created from its Russian label) is set on a person through
 * the person form and filters the people list; a pipeline built in the pipeline editor (a stage
 * renamed, one removed, one added and moved up) is the board's columns; a call script with steps
 * opens beside the call logging form and the call is logged with it; a cadence made in the cadence
 * form for a person puts a task on today's agenda; the settings read in Russian. Needs Debian's
 * chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, demoSuite, loginAsAdmin, openSettings, poll, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('crm-settings', (s) => ({ base, context, apiKey } = s));

const watch = (page: Page) => watchPage(page, browserProblems);

const api = apiClient(
  () => base,
  () => apiKey,
);

/** Picks an option of a Mantine select (the listbox is portalled to the body). */
async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

let page: Page;
const tag = Date.now().toString(36);

test('a select custom field: created in settings, set on the person form, used as a list filter', async () => {
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);
  await loginAsAdmin(page, base);
  const person = await api('POST', '/people', { firstName: 'Ирина', lastName: `Тарифова${tag}` });
  const other = await api('POST', '/people', { firstName: 'Олег', lastName: `Бестарифов${tag}` });

  await openSettings(page, 'customFields');
  await page.getByTestId('cf-tab-person').click();
  await page.getByTestId('cf-new').click();
  // A Russian label suggests a Latin key.
  await page.getByTestId('cf-label').fill('Тариф');
  expect(await page.getByTestId('cf-key').inputValue()).toBe('tarif');
  await page.getByTestId('cf-key').fill(`tarif_${tag}`);
  const key = `tarif_${tag}`;
  await choose(page, 'cf-type', 'One of a list');
  const options = page.getByTestId('cf-options');
  await options.fill('Базовый');
  await options.press('Enter');
  await options.fill('Премиум');
  await options.press('Enter');
  await page.getByTestId('cf-save').click();
  const row = page.getByTestId(`cf-row-${key}`);
  await row.waitFor();
  expect(await row.innerText()).toContain('Тариф');
  expect(await row.innerText()).toContain('Базовый');
  expect(await row.innerText()).toContain('Премиум');
  const defs = await api<{ data: { key: string; type: string; options: string[] }[] }>(
    'GET',
    '/custom-fields?entity=person',
  );
  expect(defs.data.find((d) => d.key === key)).toMatchObject({ type: 'select', options: ['Базовый', 'Премиум'] });

  // The person form has the field; set it.
  await page.goto(`${base}/people/${person.id}`);
  await page.getByTestId('person-edit').click();
  await choose(page, `cf-${key}`, 'Премиум');
  await page.getByTestId('person-save').click();
  await poll(() => page.getByTestId(`person-cf-${key}`).innerText()).toBe('Премиум');
  expect((await api('GET', `/people/${person.id}`)).customFields[key]).toBe('Премиум');

  // The people list filters by it.
  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-search').fill(tag);
  const rows = page.getByTestId('people-row');
  await poll(() => rows.count()).toBe(2);
  await choose(page, 'filter-cf-key', 'Тариф');
  // A select field is filtered by a choice of its options (once the value input has become that choice).
  await page.locator('[data-testid="filter-cf-value"][data-type="select"]').waitFor();
  await choose(page, 'filter-cf-value', 'Премиум');
  await poll(() => page.url()).toContain(`cf.${key}=`);
  await poll(() => rows.count()).toBe(1);
  expect(await rows.first().getAttribute('data-id')).toBe(person.id);
  expect(await page.locator(`[data-testid="people-row"][data-id="${other.id}"]`).count()).toBe(0);
});

test('a pipeline built in the editor is the deals board', async () => {
  const name = `Партнёрские продажи ${tag}`;
  await openSettings(page, 'pipelines');
  await page.getByTestId('new-pipeline').click();
  await page.getByTestId('pipeline-name').fill(name);
  // The editor starts from the default stages: rename the first, drop "Negotiation", add a pilot before "Won".
  expect(await page.getByTestId('stage-name-3').inputValue()).toBe('Negotiation');
  await page.getByTestId('stage-name-0').fill(`Заявка ${tag}`);
  await page.getByTestId('stage-row-3').getByRole('button', { name: 'Remove stage' }).click();
  await page.getByTestId('add-stage').click();
  await page.getByTestId('stage-name-5').fill(`Пилот ${tag}`);
  await page.getByTestId('stage-row-5').getByRole('button', { name: 'Move up' }).click();
  await page.getByTestId('stage-row-4').getByRole('button', { name: 'Move up' }).click();
  const expected = [`Заявка ${tag}`, 'Contact made', 'Proposal', `Пилот ${tag}`, 'Won', 'Lost'];
  for (const [i, n] of expected.entries()) expect(await page.getByTestId(`stage-name-${i}`).inputValue()).toBe(n);
  await page.getByTestId('pipeline-save').click();
  await page.getByTestId('pipeline-name').waitFor({ state: 'detached' });

  const pipelines = await api<{
    data: { id: string; name: string; stages: { name: string; kind: string; position: number }[] }[];
  }>('GET', '/pipelines');
  const pipeline = pipelines.data.find((p) => p.name === name)!;
  expect(pipeline).toBeTruthy();
  expect([...pipeline.stages].sort((a, b) => a.position - b.position).map((s) => [s.name, s.kind])).toEqual([
    [expected[0], 'open'],
    ['Contact made', 'open'],
    ['Proposal', 'open'],
    [expected[3], 'open'],
    ['Won', 'won'],
    ['Lost', 'lost'],
  ]);
  await poll(() => page.getByTestId(`pipeline-${pipeline.id}`).innerText()).toContain(`Пилот ${tag}`);

  // The board of that pipeline has those columns, in that order.
  await page.getByTestId('nav-deals').click();
  await choose(page, 'pipeline-switch', name);
  await poll(() =>
    page
      .locator('[data-testid^="board-column-"]')
      .evaluateAll((cols) => cols.map((c) => c.getAttribute('data-stage-name'))),
  ).toEqual(expected);
  expect(new URL(page.url()).searchParams.get('pipeline')).toBe(pipeline.id);
});

test('a call script with steps opens from the call logging form', async () => {
  const name = `Холодный звонок ${tag}`;
  await openSettings(page, 'callScripts');
  await page.getByTestId('new-script').click();
  await page.getByTestId('script-name').fill(name);
  await page.getByTestId('script-step-title-0').fill('Приветствие');
  await page.getByTestId('script-step-text-0').fill('Здравствуйте! Меня зовут Анна, компания «Картотека».');
  await page.getByTestId('script-add-step').click();
  await page.getByTestId('script-step-title-1').fill('Квалификация');
  await page.getByTestId('script-step-text-1').fill('Сколько у вас менеджеров по продажам?');
  await page.getByTestId('script-save').click();
  await page.getByTestId('scripts-table').getByText(name).waitFor();
  const scripts = await api<{ data: { id: string; name: string; steps: { title: string; text: string }[] }[] }>(
    'GET',
    '/call-scripts',
  );
  const script = scripts.data.find((s) => s.name === name)!;
  expect(script.steps.map((s) => s.title)).toEqual(['Приветствие', 'Квалификация']);

  // Log a call on a person: pick the script, it opens beside the form with its steps.
  const person = await api('POST', '/people', {
    firstName: 'Степан',
    lastName: `Звонков${tag}`,
    phones: ['+7 903 555 12 34'],
  });
  await page.goto(`${base}/people/${person.id}`);
  await page.getByTestId('log-activity').first().click();
  await page.getByTestId('activity-kind-call').click();
  await choose(page, 'activity-script', name);
  const panel = page.getByTestId('call-script-panel');
  await panel.waitFor();
  expect(await panel.innerText()).toContain(name);
  expect(await panel.innerText()).toContain('Приветствие');
  expect(await panel.innerText()).toContain('Квалификация');
  expect(await panel.innerText()).toContain('Меня зовут Анна');
  // Hide and open it again with the button.
  await page.getByTestId('open-script').click();
  await panel.waitFor({ state: 'detached' });
  await page.getByTestId('open-script').click();
  await panel.waitFor();
  await page.getByTestId('activity-subject').fill('Первый звонок');
  await page.getByTestId('activity-save').click();
  await page.getByTestId('activity-composer').waitFor({ state: 'detached' });
  await poll(async () =>
    (
      await api<{ data: { kind: string; scriptId: string | null; subject: string }[] }>(
        'GET',
        `/activities?personId=${person.id}`,
      )
    ).data.map((a) => [a.kind, a.subject, a.scriptId]),
  ).toEqual([['call', 'Первый звонок', script.id]]);
});

test("a cadence made for a person in the cadence form puts a task on today's agenda; settings in Russian", async () => {
  const person = await api('POST', '/people', { firstName: 'Кирилл', lastName: `Регулярный${tag}` });
  const subject = `Созвон раз в неделю ${tag}`;
  await page.getByTestId('nav-activities').click();
  await page.getByTestId('tab-cadences').click();
  await page.getByTestId('new-cadence').click();
  await page.getByTestId('cadence-subject').fill(subject);
  await page.getByTestId('cadence-interval').fill('7');
  // The person is found by typing part of the name.
  await page.getByTestId('cadence-person').fill(`регулярный${tag}`);
  await page.getByRole('option', { name: `Кирилл Регулярный${tag}` }).click();
  expect(await page.getByTestId('cadence-assignee').inputValue()).not.toBe('');
  await page.getByTestId('cadence-save').click();
  await page.getByTestId('cadence-subject').waitFor({ state: 'detached' });
  const table = page.getByTestId('cadences-table');
  await poll(() => table.innerText()).toContain(subject);
  expect(await table.innerText()).toContain(`Кирилл Регулярный${tag}`);
  const cadences = await api<{
    data: { id: string; personId: string; subject: string; intervalDays: number; kind: string }[];
  }>('GET', `/cadences?personId=${person.id}`);
  expect(cadences.data.map((c) => [c.subject, c.intervalDays, c.kind])).toEqual([[subject, 7, 'call']]);

  // Today's agenda has the task, marked with its rhythm.
  await page.getByTestId('nav-agenda').click();
  const today = page.getByTestId('agenda-today');
  await poll(() => today.innerText()).toContain(subject);
  expect(await today.textContent()).toContain('every 7 d');
  // …and with what the cadence plans: a call, not just "a task".
  expect(await today.getByTestId('agenda-cadence-badge').first().textContent()).toBe('Call · every 7 d');

  // The person's card sets one up too: the same form, about this person without asking.
  await page.goto(`${base}/people/${person.id}`);
  await page.getByTestId('person-actions').click();
  await page.getByTestId('person-cadence').click();
  await page.getByTestId('cadence-subject').fill(`Письмо с новостями ${tag}`);
  expect(await page.getByTestId('cadence-person').count()).toBe(0);
  await page.getByRole('dialog').getByText('Email', { exact: true }).click();
  await page.getByTestId('cadence-interval').fill('30');
  await page.getByTestId('cadence-save').click();
  await page.getByTestId('cadence-subject').waitFor({ state: 'detached' });
  await poll(async () =>
    (
      await api<{ data: { subject: string; kind: string; intervalDays: number }[] }>(
        'GET',
        `/cadences?personId=${person.id}`,
      )
    ).data
      .map((c) => [c.subject, c.kind, c.intervalDays])
      .sort(),
  ).toEqual([
    [`Письмо с новостями ${tag}`, 'email', 30],
    [subject, 'call', 7],
  ]);
  await page.getByTestId('nav-activities').click();
  await page.getByTestId('tab-cadences').click();
  await poll(() => table.innerText()).toContain(`Письмо с новостями ${tag}`);

  // Russian: the agenda and the settings pages.
  await page.getByTestId('nav-agenda').click();
  await page.getByTestId('lang-ru').click();
  await poll(() => today.textContent()).toContain('раз в 7 дн.');
  expect(await today.getByTestId('agenda-cadence-badge').first().textContent()).toBe('Звонок · раз в 7 дн.');
  await openSettings(page, 'callScripts');
  await poll(() => page.locator('h2').first().innerText()).toBe('Скрипты звонков');
  await openSettings(page, 'customFields');
  await poll(() => page.getByTestId('cf-table').innerText()).toContain('Один из списка');

  expect(browserProblems).toEqual([]);
});
