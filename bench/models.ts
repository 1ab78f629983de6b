/**
 * Insights models against their baselines, and their speed.
 *
 *   npm run bench -- models [--db=pglite|postgres] [--people=100000] [--demo=1|0] [--second-members=10000]
 *                           [--parts=demo,second,payment,speed]
 *
 * Churn population: active customers — an order in the 120 days before the cut-off (now − 90
 * days); churn = no order in the 90 days since (src/insights/churn.ts). The generator plants
 * decliners (src/cdp/demo-events.ts planMember: slowing rhythm, shrinking baskets, unopened
 * newsletters, a complaint) whose last order is usually recent at the cut-off, plus unforeseeable
 * dropouts and lapsers recency does see.
 *
 * 1. The demo (src/cdp/demo-events.ts, fixed seed, signal 1) through the real pipeline: seeded by
 *    `seedCdpDemo` through ingest, features from `cdp.personFacts`. Churn AUC and top-decile lift
 *    against recency alone (targets: AUC ≥ 0.80, lift ≥ 1.5× recency's), on the held-out members
 *    (apt-002701 …) and by 5-fold cross-validation over all active customers (steadier: the
 *    held-out part's top decile is ~15 people); the same computed in memory from the plan
 *    (src/insights/demo-facts.ts) to show the in-memory path agrees with the SQL one.
 *    Recommendations: precision@10 and recall@10 against popularity on held-out people (a seeded
 *    20 %; orders after now − 90 days are the truth). Versioned trainings of churn and LTV.
 * 2. A second data set from the same generator with another seed and half the signal strength
 *    (`--second-members`, in memory): the same churn and recommendation metrics.
 * 3. Payment risk on generated invoices (src/insights/synthetic.ts), two seeds/signals.
 * 4. Speed for `--people` (100k) generated members in memory: features, training (logistic
 *    regression, Newton/IRLS), scoring with top factors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './support.ts';
import { benchKernel } from './crm-import.ts';
import { seedCdpDemo, DEMO_HOLDOUT_FROM, planCdpDemo, type DemoMember } from '../src/cdp/demo-events.ts';
import { churnDataset, CHURN_HORIZON_DAYS, isCustomer } from '../src/insights/churn.ts';
import { FEATURES, featureTable } from '../src/insights/features.ts';
import {
  crossValidate,
  fitBinary,
  isHeldOut,
  predictLogistic,
  topFactors,
  trainLogistic,
} from '../src/insights/models.ts';
import { trainAndEvaluate, type Order } from '../src/insights/recommendations.ts';
import { REC_EVAL_DAYS } from '../src/insights/recommendations-model.ts';
import { synthFacts, synthPeople } from '../src/insights/synthetic.ts';
import { fitCustomerTypes } from '../src/insights/customer-types.ts';
import { demoMemberFacts } from '../src/insights/demo-facts.ts';
import type { PersonFacts } from '../src/cdp/index.ts';

const DAY = 86_400_000;
const args = parseArgs();
const db = (args.db ?? 'pglite') as 'pglite' | 'postgres';
const bigN = Number(args.people ?? 100_000);
const secondN = Number(args['second-members'] ?? 10_000);
const withDemo = (args.demo ?? '1') !== '0';
const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
const SEED = 20;

type Fit = Pick<ReturnType<typeof fitBinary>, 'metrics' | 'baseline'>;
function churnLine(label: string, fit: Fit) {
  const m = fit.metrics;
  const b = fit.baseline;
  const ratio =
    typeof m.topDecileLift === 'number' && typeof b.topDecileLift === 'number'
      ? m.topDecileLift / b.topDecileLift
      : NaN;
  console.log(
    `${label}: n=${m.n} churn rate ${f3(m.positiveRate)} | model AUC ${f3(m.auc)} lift ${f3(m.topDecileLift)}` +
      `${m.forestAuc !== undefined ? ` (forest AUC ${f3(m.forestAuc)})` : ''} | recency AUC ${f3(b.auc)} lift ${f3(b.topDecileLift)}` +
      ` | lift ratio ${f3(ratio)}`,
  );
}

/** Churn on a feature table: the held-out split (given or seeded) and 5-fold cross-validation. */
function churnReport(
  label: string,
  ids: string[],
  rows: number[][],
  labels: number[],
  heldOut?: (id: string) => boolean,
) {
  const names = FEATURES.map((f) => f.name);
  const recency = names.indexOf('recencyDays');
  const baseline = { name: 'recency', score: (r: readonly number[]) => r[recency] };
  churnLine(`${label}, held out`, fitBinary(ids, rows, labels, names, { seed: SEED, baseline, heldOut }));
  churnLine(`${label}, 5-fold CV`, crossValidate(ids, rows, labels, names, { seed: SEED, baseline }));
}

function recsLine(label: string, orders: Order[], now: number) {
  const t0 = performance.now();
  const { evaluation: e } = trainAndEvaluate(orders, (p) => isHeldOut(p, SEED), now - REC_EVAL_DAYS * DAY);
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
  console.log(
    `${label} recommendations (${e.model.people} held-out people, ${fmt(performance.now() - t0)}): ` +
      `precision@10 ${f3(e.model.precision)} vs popularity ${f3(e.popularity.precision)} (${ratio(e.model.precision, e.popularity.precision)}×), ` +
      `recall@10 ${f3(e.model.recall)} vs ${f3(e.popularity.recall)} (${ratio(e.model.recall, e.popularity.recall)}×)`,
  );
}

/** A plan's churn set in memory: facts of its members at the cut-off, active customers, labelled. */
function planChurn(plan: DemoMember[], now: number) {
  const cutoff = now - CHURN_HORIZON_DAYS * DAY;
  const facts: PersonFacts[] = [];
  const labels: number[] = [];
  for (const m of plan) {
    const f = demoMemberFacts(m, m.userId, cutoff);
    if (!f || !isCustomer(f, new Date(cutoff))) continue;
    facts.push(f);
    labels.push(m.orders.some((o) => o.at >= cutoff && o.at < now) ? 0 : 1);
  }
  return { table: featureTable(facts, new Date(cutoff)), labels };
}

const planOrders = (plan: DemoMember[]): Order[] =>
  plan.flatMap((m) => m.orders.map((o) => ({ personId: m.userId, at: o.at, items: o.items.map((i) => i.sku) })));

async function demo() {
  const dir = mkdtempSync(join(tmpdir(), 'kt-bench-models-'));
  const { kernel, close } = await benchKernel(db, dir);
  try {
    const ws = await kernel.auth.ensureWorkspace('bench-models');
    const now = Date.now();
    let t0 = performance.now();
    await seedCdpDemo(kernel, { workspaceId: ws.id, log: () => {}, now });
    await kernel.cdp.settled(ws.id);
    console.log(`demo (${db}): seeded through ingest in ${fmt(performance.now() - t0)}`);
    const cutoff = new Date(now - CHURN_HORIZON_DAYS * DAY);
    t0 = performance.now();
    const { table, labels } = await churnDataset(kernel.insights.features, ws.id, cutoff);
    const featMs = performance.now() - t0;
    // The held-out members by their loyalty card (members who never logged in have no user id).
    const plan = planCdpDemo(now);
    const heldOut = new Set<string>();
    for (const m of plan.filter((x) => x.holdout)) {
      const p = await kernel.cdp.lookup(ws.id, 'external:loyalty_card', m.card).catch(() => null);
      if (p) heldOut.add(p.id);
    }
    console.log(
      `demo: ${table.ids.length} active customers at now−90d (features ${fmt(featMs)}), ${heldOut.size} held-out members`,
    );
    churnReport('demo churn (pipeline)', table.ids, table.rows, labels, (id) => heldOut.has(id));
    // The same from the plan in memory (what the second data set uses).
    const mem = planChurn(plan, now);
    const memHeld = (id: string) => Number(id.slice(4)) >= DEMO_HOLDOUT_FROM;
    churnReport('demo churn (in memory)', mem.table.ids, mem.table.rows, mem.labels, memHeld);
    // Recommendations on the stored baskets.
    const { baskets } = await kernel.cdp.orderBaskets(ws.id, { before: new Date(now) });
    recsLine(
      'demo (pipeline)',
      baskets.map((b) => ({ personId: b.personId, at: b.occurredAt.getTime(), items: b.items })),
      now,
    );
    // The product path: versioned trainings with scoring.
    t0 = performance.now();
    const out = await kernel.insights.train(ws.id, 'churn', { now: new Date(now), seed: SEED });
    console.log(
      `demo: insights.train('churn') ${out.status} v${out.version} scored ${'scored' in out ? out.scored : 0} in ${fmt(performance.now() - t0)}`,
    );
    t0 = performance.now();
    const rec = await kernel.insights.train(ws.id, 'recommendations', { now: new Date(now), seed: SEED });
    console.log(
      `demo: insights.train('recommendations') ${rec.status} in ${fmt(performance.now() - t0)}: ${JSON.stringify('metrics' in rec ? rec.metrics : rec)}`,
    );
    t0 = performance.now();
    const ltv = await kernel.insights.train(ws.id, 'ltv', { now: new Date(now), seed: SEED });
    console.log(
      `demo: LTV ${ltv.status} in ${fmt(performance.now() - t0)}; held-out 180-day revenue: ${JSON.stringify('metrics' in ltv ? ltv.metrics : ltv)} vs ${JSON.stringify('baseline' in ltv ? ltv.baseline : null)}`,
    );
    t0 = performance.now();
    const types = await kernel.insights.train(ws.id, 'customer-types', { now: new Date(now), seed: SEED });
    const tm = ('metrics' in types ? types.metrics : {}) as TypesMetrics;
    const tb = ('baseline' in types ? types.baseline : {}) as { silhouette?: number | null };
    console.log(
      `demo: customer types ${types.status} in ${fmt(performance.now() - t0)} (k-means, trait written for every customer): ${typesLine(tm, tb)}`,
    );
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The second data set: the demo generator with another seed and half the signal, in memory. */
function second(seed: number, signal: number) {
  const now = Date.now();
  const t0 = performance.now();
  const plan = planCdpDemo(now, [], { seed, signal, members: secondN });
  const { table, labels } = planChurn(plan, now);
  console.log(
    `second set (seed ${seed}, signal ${signal}, ${secondN} members): planned in ${fmt(performance.now() - t0)}`,
  );
  churnReport(`second set churn`, table.ids, table.rows, labels);
  recsLine(`second set`, planOrders(plan), now);
}

function paymentRisk(seed: number, signal: number) {
  const now = Date.UTC(2026, 11, 1);
  const people = synthPeople({ people: 20_000, seed, now, signal, invoiceShare: 0.3, prefix: `s${seed}` });
  const cutoff = now - CHURN_HORIZON_DAYS * DAY;
  const pf: PersonFacts[] = [];
  const py: number[] = [];
  people.forEach((p, i) => {
    const f = synthFacts(p, `p${seed}-${i}`, cutoff);
    if (!f || !f.invoices || f.defaulted) return;
    pf.push(f);
    py.push((synthFacts(p, `p${seed}-${i}`, now)?.defaulted ?? 0) > 0 ? 1 : 0);
  });
  const pt = featureTable(pf, new Date(cutoff));
  const late = pt.names.indexOf('meanDaysLate');
  const pr = fitBinary(pt.ids, pt.rows, py, pt.names, {
    seed,
    baseline: { name: 'mean days late', score: (r) => r[late] },
  });
  console.log(
    `payment risk (generated, seed ${seed} signal ${signal}): n(test)=${pr.metrics.n} default rate ${f3(pr.metrics.positiveRate)} | model AUC ${f3(pr.metrics.auc)} lift ${f3(pr.metrics.topDecileLift)} | days-late AUC ${f3(pr.baseline.auc)} lift ${f3(pr.baseline.topDecileLift)}`,
  );
}

type TypesMetrics = {
  k?: number;
  silhouette?: number | null;
  trainSilhouette?: number | null;
  n?: number;
  clusters?: { key: string; share: number }[];
};
/** k chosen by silhouette, held-out silhouette against recency quantiles (same k, same space), cluster shares. */
const typesLine = (m: TypesMetrics, b: { silhouette?: number | null }) =>
  `k ${m.k} of ${m.n} customers; held-out silhouette ${f3(m.silhouette)} vs recency quantiles ${f3(b.silhouette)}; ${(m.clusters ?? []).map((c) => `${c.key} ${(c.share * 100).toFixed(0)} %`).join(', ')}`;

function speed() {
  const now = Date.now();
  let t0 = performance.now();
  // About 78 % of members are customers at the cut-off: enough members for `bigN` customers.
  const plan = planCdpDemo(now, [], { seed: 99, members: Math.ceil(bigN * 1.35) });
  const planMs = performance.now() - t0;
  const cutoff = now - CHURN_HORIZON_DAYS * DAY;
  t0 = performance.now();
  const facts: PersonFacts[] = [];
  const labels: number[] = [];
  for (const m of plan) {
    if (facts.length >= bigN) break;
    const f = demoMemberFacts(m, m.userId, cutoff);
    if (!f?.orders) continue;
    facts.push(f);
    labels.push(m.orders.some((o) => o.at >= cutoff && o.at < now) ? 0 : 1);
  }
  const table = featureTable(facts, new Date(cutoff));
  const featMs = performance.now() - t0;
  t0 = performance.now();
  const model = trainLogistic(table.rows, labels, table.names);
  const trainMs = performance.now() - t0;
  t0 = performance.now();
  let s = 0;
  for (const row of table.rows) {
    s += predictLogistic(model, row);
    topFactors(model, row);
  }
  const scoreMs = performance.now() - t0;
  console.log(
    `speed (${plan.length} members generated in ${fmt(planMs)}; ${facts.length} customers, ${FEATURES.length} features, in memory): features ${fmt(featMs)}, training ${fmt(trainMs)} (logistic regression, Newton/IRLS), scoring with top factors ${fmt(scoreMs)} (mean p ${(s / facts.length).toFixed(3)})`,
  );
  t0 = performance.now();
  const types = fitCustomerTypes(facts, new Date(cutoff), SEED);
  const typesMs = performance.now() - t0;
  if (types)
    console.log(
      `speed: customer types on the same ${facts.length} customers: ${fmt(typesMs)} (k-means for k 4–6 with silhouettes on samples); ${typesLine(types.metrics, types.baseline)}`,
    );
}

const parts = new Set(String(args.parts ?? 'demo,second,payment,speed').split(','));
if (withDemo && parts.has('demo')) await demo();
if (parts.has('second')) second(7, 0.5);
if (parts.has('payment')) {
  paymentRisk(1, 1);
  paymentRisk(2, 0.5);
}
if (parts.has('speed')) speed();
