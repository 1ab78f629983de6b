/**
 * The sales screens in a real browser against a real server: a pipeline and a deal made through
 * the API, the deal dragged to the next stage on the kanban board with real pointer moves (dnd-kit
 * listens to pointer events), the move checked through the API (stage and stage history), then
 * the funnel report drawn by ECharts, in English and in Russian. Needs Debian's chromium
 * (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, demoSuite, drag, loginAsAdmin, watchPage } from './harness.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('crm-deals', (s) => ({ base, context, apiKey } = s));

const watch = (page: Page) => watchPage(page, browserProblems);

const api = apiClient(
  () => base,
  () => apiKey,
);

test('drag a deal to the next stage on the board, then see it in the funnel report', async () => {
  const tag = Date.now().toString(36);
  const stageNames = [`Lead ${tag}`, `Meeting ${tag}`, `Proposal ${tag}`, `Won ${tag}`, `Lost ${tag}`];
  const pipeline = await api('POST', '/pipelines', {
    name: `E2E pipeline ${tag}`,
    currency: 'RUB',
    stages: [
      { name: stageNames[0], probability: 10, kind: 'open' },
      { name: stageNames[1], probability: 40, kind: 'open' },
      { name: stageNames[2], probability: 70, kind: 'open' },
      { name: stageNames[3], probability: 100, kind: 'won' },
      { name: stageNames[4], probability: 0, kind: 'lost' },
    ],
  });
  const [first, second] = pipeline.stages;
  const deal = await api('POST', '/deals', {
    title: `Поставка оборудования ${tag}`,
    pipelineId: pipeline.id,
    stageId: first.id,
    amount: 150000,
    currency: 'RUB',
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watch(page);
  await loginAsAdmin(page, base);

  // The board of the new pipeline: the deal sits in the first column.
  await page.getByTestId('nav-deals').click();
  await page.goto(`${base}/deals?pipeline=${pipeline.id}`);
  const firstCol = page.getByTestId(`board-column-${first.id}`);
  const secondCol = page.getByTestId(`board-column-${second.id}`);
  const card = firstCol.getByTestId(`deal-card-${deal.id}`);
  await card.waitFor();
  expect(await firstCol.getByTestId('column-count').innerText()).toBe('1');
  expect(await secondCol.getByTestId('column-count').innerText()).toBe('0');
  expect(await firstCol.getByTestId('column-amount').innerText()).toMatch(/150[,\s\u00a0\u202f]?000/);

  const c = (await card.boundingBox())!;
  const target = (await secondCol.getByTestId('column-cards').boundingBox())!;
  await drag(
    page,
    { x: c.x + c.width / 2, y: c.y + c.height / 2 },
    { x: target.x + target.width / 2, y: target.y + 30 },
  );

  // The card lands in the next column at once and stays there after the server answers.
  await secondCol.getByTestId(`deal-card-${deal.id}`).waitFor();
  await expect.poll(() => secondCol.getByTestId('column-count').innerText()).toBe('1');
  await expect.poll(() => firstCol.getByTestId('column-count').innerText()).toBe('0');
  await expect.poll(async () => (await api('GET', `/deals/${deal.id}`)).stageId).toBe(second.id);
  const history = await api<{ data: { fromStageId: string | null; toStageId: string }[] }>(
    'GET',
    `/deals/${deal.id}/stage-history`,
  );
  expect(history.data.some((h) => h.fromStageId === first.id && h.toStageId === second.id)).toBe(true);
  // A reload shows the server's state, not the optimistic one.
  await page.reload();
  await secondCol.getByTestId(`deal-card-${deal.id}`).waitFor();

  // The deal page lists the move in its stage history.
  await secondCol.getByTestId(`deal-card-${deal.id}`).click();
  await page.getByTestId('deal-page').waitFor();
  await expect
    .poll(() => page.getByTestId('stage-history').innerText())
    .toContain(`${stageNames[0]} → ${stageNames[1]}`);

  // A deal in another currency: reports never add RUB and USD up; they offer one currency at a time.
  await api('POST', '/deals', {
    title: `Export ${tag}`,
    pipelineId: pipeline.id,
    stageId: first.id,
    amount: 2500,
    currency: 'USD',
  });
  await page.goto(`${base}/deals?pipeline=${pipeline.id}`);
  await expect.poll(() => firstCol.getByTestId('column-amount').innerText()).toMatch(/\$2,500/);
  expect(await firstCol.getByTestId('column-amount').innerText()).not.toMatch(/150/);
  // The RUB column shows RUB only; had the sums been added, it would read 152,500.
  expect(await secondCol.getByTestId('column-amount').innerText()).toMatch(/150,000/);

  // The funnel of this pipeline: an ECharts drawing plus the table, both naming the stages.
  await page.getByTestId('nav-reports').click();
  const funnel = page.getByTestId('report-funnel');
  await funnel.waitFor();
  await funnel.getByTestId('funnel-pipeline').click();
  await page.getByRole('option', { name: pipeline.name }).click();
  const table = funnel.getByTestId('funnel-table');
  await expect.poll(() => table.innerText()).toContain(stageNames[1]);
  for (const name of stageNames.slice(0, 3)) expect(await table.innerText()).toContain(name);
  const meetingCount = Number(
    await funnel.getByTestId(`funnel-row-${second.id}`).getByTestId('funnel-count').innerText(),
  );
  expect(meetingCount).toBeGreaterThanOrEqual(1);
  const chart = funnel.getByTestId('funnel-chart');
  await chart.locator('svg').first().waitFor();
  await expect
    .poll(() =>
      chart
        .locator('svg text')
        .allTextContents()
        .then((a) => a.join(' | ')),
    )
    .toContain(stageNames[1]);
  expect(await funnel.innerText()).toContain('Conversion to next');
  // At 1280px the chart's labels do not run into one another (ECharts' funnel wrote them inside
  // narrow bands, on top of each other), and no stage name is cut.
  const overlapping = () =>
    chart.locator('svg text').evaluateAll((els) => {
      const boxes = els.map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0);
      const pairs: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            pairs.push(`${els[i].textContent} / ${els[j].textContent}`);
        }
      return pairs;
    });
  expect(await overlapping()).toEqual([]);
  // RUB and USD deals: the pipeline's RUB first, 150,000 reached the first stage; in USD, 2,500.
  const currency = funnel.getByTestId('report-currency');
  await currency.waitFor();
  expect(await currency.innerText()).toMatch(/RUB[\s\S]*USD/);
  const firstRow = funnel.getByTestId(`funnel-row-${first.id}`);
  await expect.poll(() => firstRow.getByTestId('funnel-amount').innerText()).toMatch(/150,000/);
  await currency.getByText('USD').click();
  await expect.poll(() => firstRow.getByTestId('funnel-amount').innerText()).toMatch(/\$2,500/);
  expect(await firstRow.getByTestId('funnel-count').innerText()).toBe('1');
  const chartTexts = await chart.locator('svg text').allTextContents();
  for (const name of stageNames) expect(chartTexts).toContain(name);

  // The report's dates: ISO in English; in Russian дд.мм.гггг (below). A day typed into “from” is
  // asked of the API as the start of that local day.
  expect(await page.getByTestId('report-from').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // Switch language once: the same report in Russian.
  await page.getByTestId('lang-ru').click();
  await expect.poll(() => page.getByTestId('nav-reports').innerText()).toContain('Отчёты');
  await expect.poll(() => funnel.innerText()).toContain('Воронка продаж');
  expect(await table.innerText()).toContain('Конверсия в следующий');
  expect(await table.innerText()).toContain(stageNames[1]);
  expect(await overlapping()).toEqual([]);

  const from = page.getByTestId('report-from');
  await expect.poll(() => from.inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(await from.getAttribute('placeholder')).toBe('дд.мм.гггг');
  const asked = page.waitForRequest(
    (r) =>
      r.url().includes('/reports/funnel') && new URL(r.url()).searchParams.get('from')?.startsWith('2020') === true,
  );
  await from.fill('02.01.2020');
  await from.press('Tab');
  // The period lives in the address: the field shows the typed day once the navigation lands.
  await expect.poll(() => from.inputValue()).toBe('02.01.2020');
  const askedFrom = new URL((await asked).url()).searchParams.get('from');
  expect(askedFrom).toBe(await page.evaluate(() => new Date('2020-01-02T00:00:00').toISOString()));

  expect(browserProblems).toEqual([]);
});
