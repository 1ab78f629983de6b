/**
 * Insights in a real browser against a real server on a copy of the demo (its planted churners):
 * the churn model is trained from the models page ("train now", the job's progress read from the
 * jobs API until it ends), and the card then shows exactly the metrics and baseline of
 * GET /models/churn; the model's page draws its feature weights and lists its versions; the score
 * histogram counts the people GET /insights/distributions counts; the at-risk view lists the people
 * of GET /insights/at-risk in its order and pages on; chosen people are sent into a retention journey
 * when the server has journeys (else the view says why it cannot); a person's card shows their
 * scores with the top factors, and a person with no history shows every score as unknown. The
 * pages pass the layout guard in Russian and English once they carry a trained model.
 * Needs Debian's chromium (CHROMIUM_PATH to override /usr/bin/chromium).
 */
import { expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, closeToasts, demoSuite, loginAsAdmin, poll, watchPage } from './harness.ts';
import { layoutProblems, settled } from './layout-guard.ts';

let base = '';
let context: BrowserContext;
let apiKey = '';
const browserProblems: string[] = [];

// A server of its own: training rescores the demo's people, which other files' pages show.
demoSuite('insights', (s) => ({ base, context, apiKey } = s), { own: true });

const api = apiClient(
  () => base,
  () => apiKey,
);

/** A GET that may answer 404 (an API another helper is still building): null then. */
async function maybe<T>(path: string): Promise<T | null> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (res.status === 404) return null;
  expect(res.ok, `GET ${path} → ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

interface Model {
  status: string;
  version: number | null;
  trainedAt: string | null;
  metrics: Record<string, unknown>;
  baseline: Record<string, unknown>;
  featureImportance: { feature: string; weight: number }[];
  lastAttempt: { status: string; error: string | null } | null;
  history: { version: number; status: string }[];
}
interface Score {
  kind: string;
  score: number;
  factors: { feature: string; value: number; contribution: number }[];
}
interface AtRisk {
  data: { personId: string; churnProbability: number; predictedLtv: number | null; name: string | null }[];
  nextCursor: string | null;
}

const numbers = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'number')) as Record<string, number>;

/** Nothing broken on the page as it stands: the layout guard in `lang`. */
async function guard(page: Page, lang: 'ru' | 'en', scope?: string) {
  await settled(page);
  const found = await layoutProblems(page, { lang, ...(scope ? { scope } : {}) });
  expect(found.join('\n'), `${lang} ${page.url()}`).toBe('');
}

test('churn trained from the UI, its metrics, the at-risk view, a retention journey, a person’s scores', async () => {
  const tag = `i${Date.now().toString(36)}`;
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  watchPage(page, browserProblems);
  await loginAsAdmin(page, base);

  // ---- The models page: five kinds; churn trained with "train now", its job followed to the end.
  await page.goto(`${base}/insights`);
  await page.getByTestId('models-list').waitFor();
  for (const kind of ['churn', 'propensity', 'recommendations', 'payment-risk', 'ltv'])
    await page.getByTestId(`model-${kind}`).waitFor();
  const before = await api<Model>('GET', '/models/churn');
  await page.getByTestId('train-churn-button').click();
  const train = page.getByTestId('train-churn');
  await poll(() => train.getAttribute('data-job')).not.toBe('');
  const jobId = (await train.getAttribute('data-job'))!;
  // Followed through the jobs API until it ends (the server is busy while it trains: room for that).
  await expect.poll(() => train.getAttribute('data-state'), { timeout: 300_000 }).toBe('completed');
  const job = await api<{ state: string; name: string }>('GET', `/jobs/${jobId}`);
  expect(job.state).toBe('completed');
  expect(await page.getByTestId('train-churn-progress').innerText()).toMatch(/100\s?%/);
  await closeToasts(page);

  // The card shows the new version with the API's quality metrics beside the baseline's.
  const churn = await api<Model>('GET', '/models/churn');
  expect(churn.history.length).toBe(before.history.length + 1);
  await poll(() => page.getByTestId('model-churn').getAttribute('data-status')).toBe(churn.status);
  if (churn.status !== 'ready') {
    // Too little data: the reason is shown, the last good model (if any) kept.
    expect(churn.lastAttempt?.status).toBe('insufficient_data');
    expect(await page.getByTestId('model-churn-reason').innerText()).toContain(churn.lastAttempt?.error ?? '');
    throw new Error(`the demo's churn model did not train: ${churn.lastAttempt?.error}`);
  }
  const metrics = numbers(churn.metrics);
  const baseline = numbers(churn.baseline);
  expect(metrics.auc).toBeGreaterThan(0);
  /** The metric rows of a table: what each shows for the model and the baseline (the API's numbers). */
  const metricRows = (testId: string) =>
    page.getByTestId(testId).evaluateAll((els) =>
      els.map((e) => ({
        metric: e.getAttribute('data-metric')!,
        model: e.getAttribute('data-model')!,
        baseline: e.getAttribute('data-baseline')!,
      })),
    );
  const sameAsApi = (rows: { metric: string; model: string; baseline: string }[]) => {
    for (const r of rows) {
      if (!(r.metric in metrics) && !(r.metric in baseline)) continue; // a name (the algorithm), a date
      expect(r.model, r.metric).toBe(r.metric in metrics ? String(metrics[r.metric]) : '');
      expect(r.baseline, r.metric).toBe(r.metric in baseline ? String(baseline[r.metric]) : '');
    }
  };
  await poll(async () => (await metricRows('model-churn-metrics-row')).map((r) => r.metric)).toContain('auc');
  const onCard = await metricRows('model-churn-metrics-row');
  expect(onCard.map((r) => r.metric)).toContain('topDecileLift');
  sameAsApi(onCard);
  expect(await page.getByTestId('model-churn-trained').innerText()).not.toMatch(/never/);

  // ---- The model's page: every metric, feature weights drawn (largest first), every version listed.
  await page.getByTestId('model-churn-open').click();
  await page.getByTestId('model-page').waitFor();
  expect(await page.getByTestId('model-page').getAttribute('data-kind')).toBe('churn');
  await poll(() => page.getByTestId('model-history-row').count()).toBe(churn.history.length);
  const full = await metricRows('model-metrics-row');
  for (const k of Object.keys(metrics)) expect(full.map((r) => r.metric)).toContain(k);
  sameAsApi(full);
  if (churn.featureImportance.length > 0) {
    const drawn = (await page.getByTestId('model-importance').getAttribute('data-features'))!.split(',');
    const top = [...churn.featureImportance].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))[0]!;
    expect(drawn[drawn.length - 1]).toBe(top.feature); // drawn bottom-up: the largest is the last bar, on top
    expect(await page.locator('[data-testid="model-importance-chart"] svg text').count()).toBeGreaterThan(0);
  }

  // ---- Score distributions: the churn histogram counts whom the API counts.
  const dists = await api<{ data: { kind: string; count: number }[] }>('GET', '/insights/distributions');
  const churnCount = dists.data.find((d) => d.kind === 'churn')?.count ?? 0;
  expect(churnCount).toBeGreaterThan(0);
  await page.getByTestId('insights-tab-scores').click();
  await page.getByTestId('score-distributions').waitFor();
  await poll(() => page.getByTestId('distribution-churn').getAttribute('data-count')).toBe(String(churnCount));
  await page.getByTestId('distribution-churn-chart').waitFor();

  // ---- At-risk valuable customers: the API's people in its order, 25 a page.
  const first = await api<AtRisk>('GET', '/insights/at-risk?minChurn=0.5&limit=25');
  await page.getByTestId('insights-tab-atRisk').click();
  if (first.data.length === 0) {
    await page.getByTestId('at-risk-empty').waitFor();
    throw new Error('no one is at risk after training churn on the demo');
  }
  await page.getByTestId('at-risk-table').waitFor();
  const ids = () => page.getByTestId('at-risk-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await poll(ids).toEqual(first.data.map((r) => r.personId));
  const churns = await page
    .getByTestId('at-risk-row')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-churn'))));
  expect(churns.every((c) => c >= 0.5)).toBe(true);
  // Each named as the API names them (the CRM's name).
  const names = await page.getByTestId('at-risk-person').allInnerTexts();
  for (const [i, r] of first.data.entries()) if (r.name) expect(names[i]).toBe(r.name);
  if (first.nextCursor) {
    const second = await api<AtRisk>(
      'GET',
      `/insights/at-risk?minChurn=0.5&limit=25&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    await page.getByTestId('load-more').click();
    await poll(ids).toEqual([...first.data, ...second.data].map((r) => r.personId));
  }
  // A higher threshold lists fewer (or as many) people, each at or above it.
  const high = await api<AtRisk>('GET', '/insights/at-risk?minChurn=0.9&limit=25');
  await page.getByTestId('at-risk-min-churn').click();
  await page.getByRole('option', { name: /90/ }).click();
  if (high.data.length === 0) await page.getByTestId('at-risk-empty').waitFor();
  else await poll(ids).toEqual(high.data.map((r) => r.personId));
  await page.getByTestId('at-risk-min-churn').click();
  await page.getByRole('option', { name: /50/ }).click();
  // Back at 50 %: the pages already loaded come back, starting with the first.
  await poll(async () => (await ids()).slice(0, first.data.length)).toEqual(first.data.map((r) => r.personId));

  // ---- A retention journey for two of them, when the server has journeys.
  const chosen = first.data.slice(0, 2).map((r) => r.personId);
  const journeysApi = await maybe<{ data: unknown[] }>('/journeys?status=active');
  if (journeysApi === null) {
    await page.getByTestId('at-risk-no-journeys').waitFor();
    expect(await page.getByTestId('at-risk-start-journey').count()).toBe(0);
  } else {
    const journey = await api<{ id: string }>('POST', '/journeys', {
      name: `Удержание ${tag}`,
      definition: {
        entry: { api: true },
        steps: [{ id: 'mark', type: 'update_trait', trait: `retention_${tag}`, value: 'удержание' }],
      },
    });
    await api('POST', `/journeys/${journey.id}/publish`, {});
    await page.reload();
    await page.getByTestId('at-risk-table').waitFor();
    for (const id of chosen) await page.locator(`[data-testid="at-risk-row"][data-id="${id}"] input`).check();
    await poll(() => page.getByTestId('at-risk-selected').getAttribute('data-value')).toBe(String(chosen.length));
    await page.getByTestId('at-risk-start-journey').click();
    await page.getByTestId('start-journey-pick').click();
    await page.getByRole('option', { name: new RegExp(`Удержание ${tag}`) }).click();
    await page.getByTestId('start-journey-go').click();
    const result = page.getByTestId('start-journey-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-entered')).toBe(String(chosen.length));
    for (const id of chosen) {
      const mine = await api<{ data: { journeyId: string }[] }>('GET', `/people/${id}/journeys`);
      expect(mine.data.map((j) => j.journeyId)).toContain(journey.id);
    }
    await page.keyboard.press('Escape');
    await closeToasts(page);
  }

  // ---- A person's card: the scores panel with the API's scores and their top factors.
  const personId = first.data[0]!.personId;
  const scores = await api<{ data: Score[] }>('GET', `/people/${personId}/scores`);
  const churnScore = scores.data.find((s) => s.kind === 'churn')!;
  expect(churnScore.score).toBe(first.data[0]!.churnProbability);
  await page.getByTestId('at-risk-person').first().click();
  await page.waitForURL((u) => u.pathname === `/people/${personId}`);
  const panel = page.getByTestId('person-scores');
  await panel.waitFor();
  await poll(() => page.getByTestId('person-score-churn').getAttribute('data-score')).toBe(String(churnScore.score));
  if (churnScore.factors.length > 0)
    expect(
      await page
        .getByTestId('person-score-churn')
        .getByTestId('person-score-factor')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-feature'))),
    ).toEqual(churnScore.factors.slice(0, 3).map((f) => f.feature));
  for (const kind of ['ltv', 'payment-risk']) {
    const s = scores.data.find((x) => x.kind === kind);
    expect(await page.getByTestId(`person-score-${kind}`).getAttribute('data-known')).toBe(s ? 'true' : 'false');
  }

  // A person with no history: every score unknown, never a number.
  const nobody = await api<{ id: string }>('POST', '/people', { firstName: 'Без', lastName: `Истории ${tag}` });
  expect((await api<{ data: Score[] }>('GET', `/people/${nobody.id}/scores`)).data).toEqual([]);
  await page.goto(`${base}/people/${nobody.id}`);
  await page.getByTestId('person-scores').waitFor();
  for (const kind of ['churn', 'ltv', 'payment-risk']) {
    await page.getByTestId(`person-score-${kind}-unknown`).waitFor();
    expect(await page.getByTestId(`person-score-${kind}`).getAttribute('data-known')).toBe('false');
  }
  expect(await page.getByTestId('person-problem-client').count()).toBe(0);

  // ---- The pages with a trained model, in Russian and English: nothing clipped, overlapping or untranslated.
  for (const lang of ['ru', 'en'] as const) {
    await page.getByTestId(`lang-${lang}`).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const path of ['/insights', '/insights/models/churn', '/insights/scores', '/insights/at-risk']) {
      await page.goto(base + path);
      await guard(page, lang);
    }
    // The person card: its Scores panel (the rest is other modules' and the demo's data).
    await page.goto(`${base}/people/${personId}`);
    await page.getByTestId('person-scores').waitFor();
    await guard(page, lang, '[data-testid="person-scores"]');
  }
  await page.getByTestId('lang-en').click();

  expect(browserProblems).toEqual([]);
}, 600_000); // training on the demo keeps the server busy for a minute or two
