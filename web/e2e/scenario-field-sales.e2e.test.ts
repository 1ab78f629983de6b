/**
 * SCENARIOS.md story 2, "ТехноСнаб" (a B2B distributor with a field sales team), walked in a real
 * browser on the demo data. A sales manager opens the morning agenda and finds the cold calls and
 * the visit the cadences planned for today; the office PBX reports a call through
 * POST /telephony/calls and it lands on the person's timeline; the manager opens the call script
 * from the call form, drags a deal to the next stage on the kanban (the stage change is recorded)
 * and logs a visit. Then the head of sales opens the reports: the funnel of a chosen pipeline with
 * conversion and average time in stage, sales by region and month, and outbound calls this month
 * per manager — every figure on the page checked against the same report read through the API.
 */
import { test, expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN, apiClient, demoSuite, drag, poll, watchPage } from './harness.ts';

const MANAGER = { email: 'dmitry.volkov@tekhnosnab.ru', name: 'Дмитрий Волков' };
const HEAD_OF_SALES = { email: 'igor.lebedev@tekhnosnab.ru', name: 'Игорь Лебедев' };
const OFFICE = '+7 495 123-45-00';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

demoSuite('field-sales', (s) => ({ base, context, apiKey } = s));

const api = apiClient(
  () => base,
  () => apiKey,
);

/** Signs in as a demo user (every demo user has the demo password) and switches the UI to English. */
async function loginAs(page: Page, email: string) {
  await context.clearCookies();
  await page.goto(base + '/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome-card').waitFor();
  await page.getByTestId('lang-en').click();
}

/** What the reports page sends for a range of local days (the browser runs on this machine's zone). */
const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
function range(kind: 'thisMonth' | 'quarter') {
  const now = new Date();
  const from = new Date(now.getFullYear(), now.getMonth() - (kind === 'quarter' ? 2 : 0), 1);
  const fromIso = new Date(`${localDay(from)}T00:00:00`).toISOString();
  const toIso = new Date(new Date(`${localDay(now)}T00:00:00`).getTime() + 86_400_000).toISOString();
  return `from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}`;
}
const digits = (s: string) => Number(s.replace(/[^\d]/g, ''));
const percent = (x: number) => new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(x);
/** The UI's duration for time in stage (useDuration, English). */
function duration(s: number | null) {
  if (s === null) return '—';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400 * 2) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} d`;
}

interface Activity {
  id: string;
  kind: string;
  subject: string | null;
  personId: string | null;
  ownerId: string | null;
  cadenceId: string | null;
  doneAt: string | null;
  location: string | null;
  direction: string | null;
  durationSeconds: number | null;
  outcome: string | null;
  occurredAt: string;
}
interface ActivityRow {
  ownerId: string | null;
  ownerName: string | null;
  calls: number;
  callsOut: number;
}

test('a field sales manager’s day and the head of sales’ reports (story 2)', async () => {
  const users = (await api<{ data: { id: string; email: string; name: string }[] }>('GET', '/users')).data;
  const manager = users.find((u) => u.email === MANAGER.email)!;
  expect(manager, 'the demo has the sales manager').toBeTruthy();
  expect(users.some((u) => u.email === HEAD_OF_SALES.email)).toBe(true);
  const pipelines = (
    await api<{ data: { id: string; name: string; stages: { id: string; name: string; kind: string }[] }[] }>(
      'GET',
      '/pipelines',
    )
  ).data;
  expect(pipelines.map((p) => p.name).sort()).toEqual(['Ключевые клиенты', 'Новые клиенты', 'Тендеры']);

  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);

  // ── Morning: the manager opens today's agenda and finds the calls and the visit the cadences planned.
  await loginAs(page, MANAGER.email);
  await page.getByTestId('nav-agenda').click();
  const agendaEl = page.getByTestId('agenda');
  await agendaEl.waitFor();
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const agenda = await api<{ tasks: Activity[]; cadences: { id: string; kind: string; intervalDays: number }[] }>(
    'GET',
    `/agenda?userId=${manager.id}&date=${localDay(new Date())}&tz=${encodeURIComponent(tz)}`,
  );
  const planned = agenda.tasks
    .filter((a) => a.cadenceId)
    .map((a) => ({ ...a, cadence: agenda.cadences.find((c) => c.id === a.cadenceId)! }));
  const calls = planned.filter((a) => a.cadence.kind === 'call' && a.subject?.startsWith('Холодный звонок: '));
  const visit = planned.find((a) => a.cadence.kind === 'visit' && a.subject?.startsWith('Визит: '))!;
  expect(calls.length).toBe(3);
  expect(visit).toBeTruthy();
  for (const a of [...calls, visit]) {
    const item = agendaEl.getByTestId(`activity-${a.id}`);
    await item.waitFor();
    expect(await item.innerText()).toContain(a.subject!);
    expect(await item.getByTestId('agenda-cadence-badge').textContent()).toBe(
      `${a.cadence.kind === 'call' ? 'Call' : 'Visit'} · every ${a.cadence.intervalDays} d`,
    );
  }

  // ── The first cold call: the office PBX reports it (as the webhook integration does).
  const lead = calls[0];
  const person = await api<{ id: string; name: string; phones: string[] }>('GET', `/people/${lead.personId}`);
  const monthQuery = range('thisMonth');
  const before = (await api<{ rows: ActivityRow[] }>('GET', `/reports/activity?${monthQuery}`)).rows.find(
    (r) => r.ownerId === manager.id,
  )!;
  const e164 = person.phones[0];
  const pbxCall = {
    callId: `e2e-${Date.now().toString(36)}`,
    direction: 'out',
    from: OFFICE,
    to: `8 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}`, // the PBX sends the local format
    // Finished four minutes ago (but within this month, even just after midnight on the 1st).
    startedAt: new Date(
      Math.max(Date.now() - 4 * 60_000, new Date(new Date().getFullYear(), new Date().getMonth(), 1).getTime()),
    ).toISOString(),
    durationSeconds: 187,
    answered: true,
    recordingUrl: 'https://pbx.example.ru/records/e2e.mp3',
    operatorEmail: MANAGER.email,
  };
  const send = () =>
    fetch(`${base}/api/v1/telephony/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(pbxCall),
    });
  const first = await send();
  expect(first.status).toBe(201);
  const call = (await first.json()) as Activity;
  expect(call).toMatchObject({
    kind: 'call',
    personId: person.id,
    ownerId: manager.id,
    direction: 'out',
    durationSeconds: 187,
    outcome: 'answered',
  });
  const retry = await send();
  expect(retry.status, 'a PBX retry of the same callId is stored once').toBe(200);
  expect(((await retry.json()) as Activity).id).toBe(call.id);

  // From the agenda to the person: the call is on their timeline and in their activities.
  await agendaEl.getByTestId(`activity-${lead.id}`).getByRole('link', { name: person.name }).click();
  await page.getByTestId('person-page').waitFor();
  expect(page.url()).toContain(`/people/${person.id}`);
  const callEntry = page.getByTestId('timeline-entry').filter({ hasText: `Outgoing · ${e164} · Answered` });
  await poll(() => callEntry.count()).toBe(1);
  expect(await callEntry.getAttribute('data-event')).toBe('call');
  await page.getByTestId('person-activities').getByTestId(`activity-${call.id}`).waitFor();
  expect(await page.getByTestId('person-activities').getByTestId(`activity-${call.id}`).innerText()).toContain('3 min');

  // ── The call form with the cold-call script beside it.
  const scripts = (
    await api<{ data: { id: string; name: string; body: string; steps: { title: string; text: string }[] }[] }>(
      'GET',
      '/call-scripts',
    )
  ).data;
  const cold = scripts.find((s) => s.name === 'Холодный звонок')!;
  await page.getByTestId('person-page').getByTestId('log-activity').first().click();
  const composer = page.getByRole('dialog').getByTestId('activity-composer');
  await composer.waitFor();
  expect(await composer.getByTestId('activity-kind-call').getAttribute('aria-selected')).toBe('true');
  await composer.getByTestId('activity-script').click();
  await page.getByRole('option', { name: cold.name, exact: true }).click();
  const panel = composer.getByTestId('call-script-panel');
  await panel.waitFor();
  for (const step of cold.steps) expect(await panel.innerText()).toContain(step.title);
  expect(await panel.innerText()).toContain(cold.steps[0].text);
  // Hidden and opened again with the form's own button.
  await composer.getByTestId('open-script').click();
  await panel.waitFor({ state: 'detached' });
  await composer.getByTestId('open-script').click();
  await panel.waitFor();
  expect(await panel.innerText()).toContain(cold.body);
  await page.keyboard.press('Escape');
  await composer.waitFor({ state: 'detached' });

  // ── The kanban of "Новые клиенты": the manager drags a deal to the next stage.
  const newClients = pipelines.find((p) => p.name === 'Новые клиенты')!;
  const board = await api<{
    columns: { stage: { id: string; name: string }; deals: { id: string; title: string; personId: string | null }[] }[];
  }>('GET', `/deals/board?pipelineId=${newClients.id}`);
  const [col1, col2] = board.columns;
  const deal = col1.deals[0];
  expect(deal, 'the first stage has deals').toBeTruthy();
  await page.getByTestId('nav-deals').click();
  await page.getByTestId('pipeline-switch').click();
  await page.getByRole('option', { name: newClients.name, exact: true }).click();
  const firstCol = page.getByTestId(`board-column-${col1.stage.id}`);
  const secondCol = page.getByTestId(`board-column-${col2.stage.id}`);
  const card = firstCol.getByTestId(`deal-card-${deal.id}`);
  await card.waitFor();
  const count2 = Number(await secondCol.getByTestId('column-count').innerText());
  const c = (await card.boundingBox())!;
  const target = (await secondCol.getByTestId('column-cards').boundingBox())!;
  await drag(
    page,
    { x: c.x + c.width / 2, y: c.y + c.height / 2 },
    { x: target.x + target.width / 2, y: target.y + 30 },
  );
  await secondCol.getByTestId(`deal-card-${deal.id}`).waitFor();
  await poll(() => secondCol.getByTestId('column-count').innerText()).toBe(String(count2 + 1));
  await poll(async () => (await api('GET', `/deals/${deal.id}`)).stageId).toBe(col2.stage.id);
  const history = (
    await api<{ data: { fromStageId: string | null; toStageId: string; actor?: unknown }[] }>(
      'GET',
      `/deals/${deal.id}/stage-history`,
    )
  ).data;
  expect(history.filter((h) => h.fromStageId === col1.stage.id && h.toStageId === col2.stage.id).length).toBe(1);
  if (deal.personId) {
    const timeline = (
      await api<{ data: { event: string; properties: Record<string, unknown> }[] }>(
        'GET',
        `/people/${deal.personId}/timeline?types=deal`,
      )
    ).data;
    expect(
      timeline.some(
        (e) =>
          e.event === 'deal.stage_changed' &&
          e.properties.dealId === deal.id &&
          e.properties.toStage === col2.stage.name,
      ),
    ).toBe(true);
  }

  // ── On the road: the visit from today's agenda is logged, then the task ticked off.
  await page.getByTestId('nav-agenda').click();
  const visitItem = page.getByTestId('agenda').getByTestId(`activity-${visit.id}`);
  await visitItem.waitFor();
  const client = await api<{ id: string; name: string }>('GET', `/people/${visit.personId}`);
  await visitItem.getByRole('link', { name: client.name }).click();
  await page.getByTestId('person-page').waitFor();
  await page.getByTestId('person-page').getByTestId('log-activity').first().click();
  const visitForm = page.getByRole('dialog').getByTestId('activity-composer');
  await visitForm.getByTestId('activity-kind-visit').click();
  // The start defaults to now, shown in the UI's form (ISO-like in English), not the browser's.
  expect(await visitForm.getByTestId('activity-occurred').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await visitForm.getByTestId('activity-subject').fill('Визит: презентация стеллажей');
  await visitForm.getByTestId('activity-location').fill('Склад клиента, ворота 3');
  await visitForm.getByTestId('activity-body').fill('Показали образцы, ждут КП до пятницы');
  await visitForm.getByTestId('activity-save').click();
  await visitForm.waitFor({ state: 'detached' });
  const visits = (await api<{ data: Activity[] }>('GET', `/activities?personId=${client.id}&kind=visit&limit=5`)).data;
  const logged = visits.find((a) => a.subject === 'Визит: презентация стеллажей')!;
  expect(logged).toMatchObject({ kind: 'visit', location: 'Склад клиента, ворота 3', ownerId: manager.id });
  expect(Math.abs(Date.parse(logged.occurredAt) - Date.now())).toBeLessThan(10 * 60_000);
  await page.getByTestId('person-activities').getByTestId(`activity-${logged.id}`).waitFor();
  await poll(() => page.getByTestId('timeline-entry').filter({ hasText: 'Визит: презентация стеллажей' }).count()).toBe(
    1,
  );
  await page.getByTestId('nav-agenda').click();
  await page.getByTestId('agenda').getByTestId(`activity-${visit.id}`).getByTestId('activity-complete').click();
  await poll(async () => !!(await api<Activity>('GET', `/activities/${visit.id}`)).doneAt).toBe(true);

  // ── The head of sales opens the reports.
  await loginAs(page, HEAD_OF_SALES.email);
  await page.getByTestId('nav-reports').click();
  // The reports open on the last 12 months; the head of sales looks at this month.
  await page.getByTestId('report-presets').getByText('This month', { exact: true }).click();
  await page.waitForURL((u) => u.searchParams.get('period') === 'thisMonth');

  // Outbound calls this month per manager, the PBX call included.
  const activityRows = (await api<{ rows: ActivityRow[] }>('GET', `/reports/activity?${monthQuery}`)).rows;
  const mine = activityRows.find((r) => r.ownerId === manager.id)!;
  expect(mine.callsOut).toBe(before.callsOut + 1);
  const activityTable = page.getByTestId('report-activity').getByTestId('activity-table');
  await activityTable.waitFor();
  await poll(() =>
    activityTable.getByTestId(`activity-row-${manager.id}`).getByTestId('activity-callsOut').innerText(),
  ).toBe(String(mine.callsOut));
  const managers = activityRows.filter((r) => r.ownerId && r.callsOut > 0);
  expect(managers.length).toBeGreaterThanOrEqual(3);
  for (const r of activityRows) {
    const row = activityTable.getByTestId(`activity-row-${r.ownerId ?? 'none'}`);
    expect(await row.getByTestId('activity-manager').innerText()).toBe(r.ownerName ?? 'No owner');
    expect(await row.getByTestId('activity-callsOut').innerText()).toBe(String(r.callsOut));
    expect(await row.getByTestId('activity-calls').innerText()).toBe(String(r.calls));
  }

  // A longer period for the funnel and the sales: the last three months.
  await page.getByTestId('report-presets').getByText('Last 3 months', { exact: true }).click();
  const quarterQuery = range('quarter');

  // The funnel of the key-accounts pipeline: deals per stage, conversion to the next, time in stage.
  const keyAccounts = pipelines.find((p) => p.name === 'Ключевые клиенты')!;
  const funnelEl = page.getByTestId('report-funnel');
  await funnelEl.getByTestId('funnel-pipeline').click();
  await page.getByRole('option', { name: keyAccounts.name, exact: true }).click();
  const funnel = await api<{
    stages: {
      stageId: string;
      name: string;
      count: number;
      amount: number;
      conversionToNext: number | null;
      avgSecondsInStage: number | null;
    }[];
  }>('GET', `/reports/funnel?pipelineId=${keyAccounts.id}&${quarterQuery}`);
  expect(funnel.stages.map((s) => s.name)).toEqual(keyAccounts.stages.map((s) => s.name));
  expect(funnel.stages[0].count).toBeGreaterThan(0);
  expect(
    funnel.stages.filter((s) => s.conversionToNext !== null && s.avgSecondsInStage !== null).length,
  ).toBeGreaterThan(0);
  await poll(() =>
    funnelEl.getByTestId(`funnel-row-${funnel.stages[0].stageId}`).getByTestId('funnel-count').innerText(),
  ).toBe(String(funnel.stages[0].count));
  for (const s of funnel.stages) {
    const row = funnelEl.getByTestId(`funnel-row-${s.stageId}`);
    expect(await row.getByTestId('funnel-count').innerText(), s.name).toBe(String(s.count));
    expect(digits(await row.getByTestId('funnel-amount').innerText()), s.name).toBe(Math.round(s.amount));
    expect(await row.getByTestId('funnel-conversion').innerText(), s.name).toBe(
      s.conversionToNext === null ? '—' : percent(s.conversionToNext),
    );
    expect(await row.getByTestId('funnel-avg-time').innerText(), s.name).toBe(duration(s.avgSecondsInStage));
  }

  // Sales by region and month.
  const salesEl = page.getByTestId('report-sales');
  await salesEl.getByTestId('sales-interval').getByText('Month', { exact: true }).click();
  await salesEl.getByTestId('sales-group').click();
  await page.getByRole('option', { name: 'Region', exact: true }).click();
  const sales = await api<{
    periods: string[];
    series: { key: string; label: string; points: { period: string; count: number; amount: number }[] }[];
  }>('GET', `/reports/sales?interval=month&groupBy=region&tz=${encodeURIComponent(tz)}&${quarterQuery}`);
  expect(sales.series.length).toBeGreaterThanOrEqual(2);
  expect(sales.periods.length).toBe(3);
  const salesTable = salesEl.getByTestId('sales-table');
  await poll(() => salesTable.getByTestId('sales-period').allInnerTexts()).toEqual(
    sales.periods.map((p) => p.slice(0, 7)),
  );
  await poll(() => salesTable.getByTestId('sales-series').count()).toBe(sales.series.length);
  for (const s of sales.series) {
    const row = salesTable.getByTestId(`sales-row-${s.key}`);
    expect(await row.getByTestId('sales-series').innerText()).toBe(s.key === '' ? 'Not set' : s.label);
    for (const p of s.points)
      expect(digits(await row.getByTestId(`sales-cell-${p.period}`).innerText()), `${s.label} ${p.period}`).toBe(
        Math.round(p.amount),
      );
    expect(digits(await row.getByTestId('sales-total').innerText())).toBe(
      Math.round(s.points.reduce((n, p) => n + p.amount, 0)),
    );
  }
  // The same table counts deals when asked to.
  await salesEl.getByTestId('sales-metric').getByText('Deals', { exact: true }).click();
  const top = sales.series[0];
  await poll(() => salesTable.getByTestId(`sales-row-${top.key}`).getByTestId('sales-total').innerText()).toBe(
    String(top.points.reduce((n, p) => n + p.count, 0)),
  );
  // One pipeline only: the tenders' sales, as the API counts them for that pipeline.
  const tenders = pipelines.find((p) => p.name === 'Тендеры')!;
  const tenderSales = await api<typeof sales>(
    'GET',
    `/reports/sales?interval=month&groupBy=region&pipelineId=${tenders.id}&tz=${encodeURIComponent(tz)}&${quarterQuery}`,
  );
  await salesEl.getByTestId('sales-pipeline').click();
  await page.getByRole('option', { name: 'Тендеры', exact: true }).click();
  const tenderTotal = (s: (typeof sales)['series'][number]) => String(s.points.reduce((n, p) => n + p.count, 0));
  await poll(() => salesTable.getByTestId('sales-total').allInnerTexts()).toEqual(tenderSales.series.map(tenderTotal));
  expect(tenderSales.series.map(tenderTotal)).not.toEqual(sales.series.map(tenderTotal));

  expect(browserProblems).toEqual([]);
});
