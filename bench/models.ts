/**
 * Insights models against their baselines, and their speed.
 *
 *   npm run bench -- models [--db=pglite|postgres] [--people=100000] [--synthetic=20000] [--demo=1|0]
 *
 * 1. The demo (src/cdp/demo-events.ts, its fixed seed and planted churners) through the real
 *    pipeline: seeded by `seedCdpDemo` through ingest, features from `cdp.personFacts` at now − 90
 *    days, churn = no order in the 90 days since; trained on members below DEMO_HOLDOUT_FROM and
 *    evaluated on the held-out members (apt-002701 …): churn AUC and top-decile lift against a
 *    recency-only baseline (targets: AUC ≥ 0.80, lift ≥ 1.5× the baseline's). The random forest's AUC
 *    on the same split is printed beside it.
 * 2. Two generated data sets (src/insights/synthetic.ts) with different seeds and signal strengths
 *    (1.0 = the demo's ×1.3–1.6 slowing; 0.5 = half of it, plus unforeseeable dropouts in both),
 *    in memory: churn and payment-risk metrics on a seeded 20 % held-out part.
 * 3. Speed for `--people` (100k) in memory: features, training (the logistic regression) and
 *    scoring with top factors. Recommendations' precision@10 is printed by I-RECS's part when present.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './support.ts';
import { benchKernel } from './crm-import.ts';
import { seedCdpDemo, DEMO_HOLDOUT_FROM } from '../src/cdp/demo-events.ts';
import { churnDataset, CHURN_HORIZON_DAYS } from '../src/insights/churn.ts';
import { FEATURES, featureTable } from '../src/insights/features.ts';
import { fitBinary, predictLogistic, topFactors, trainLogistic } from '../src/insights/models.ts';
import { synthFacts, synthPeople } from '../src/insights/synthetic.ts';
import type { PersonFacts } from '../src/cdp/index.ts';

const DAY = 86_400_000;
const args = parseArgs();
const db = (args.db ?? 'pglite') as 'pglite' | 'postgres';
const bigN = Number(args.people ?? 100_000);
const synthN = Number(args.synthetic ?? 20_000);
const withDemo = (args.demo ?? '1') !== '0';
const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));

function churnLine(label: string, fit: ReturnType<typeof fitBinary>) {
  const m = fit.metrics;
  const b = fit.baseline;
  const ratio =
    typeof m.topDecileLift === 'number' && typeof b.topDecileLift === 'number'
      ? m.topDecileLift / b.topDecileLift
      : NaN;
  console.log(
    `${label}: n(test)=${m.n} churn rate ${f3(m.positiveRate)} | model AUC ${f3(m.auc)} lift ${f3(m.topDecileLift)}` +
      `${m.forestAuc !== undefined ? ` (forest AUC ${f3(m.forestAuc)})` : ''} | recency AUC ${f3(b.auc)} lift ${f3(b.topDecileLift)}` +
      ` | lift ratio ${f3(ratio)}`,
  );
}

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
    const heldOut = new Set<string>();
    for (let no = DEMO_HOLDOUT_FROM; no <= 3000; no++) {
      const p = await kernel.cdp.lookup(ws.id, 'user_id', `apt-${String(no).padStart(6, '0')}`).catch(() => null);
      if (p) heldOut.add(p.id);
    }
    t0 = performance.now();
    const recency = table.names.indexOf('recencyDays');
    const fit = fitBinary(table.ids, table.rows, labels, table.names, {
      seed: 20,
      baseline: { name: 'recency', score: (r) => r[recency] },
      forest: true,
      heldOut: (id) => heldOut.has(id),
    });
    console.log(
      `demo: ${table.ids.length} customers at now−90d (features ${fmt(featMs)}), held out ${heldOut.size} members, fit ${fmt(performance.now() - t0)}`,
    );
    churnLine('demo churn (held-out members)', fit);
    // The product path: a versioned training with scoring of every customer.
    t0 = performance.now();
    const out = await kernel.insights.train(ws.id, 'churn', { now: new Date(now), seed: 20 });
    console.log(
      `demo: insights.train('churn') ${out.status} v${out.version} scored ${'scored' in out ? out.scored : 0} in ${fmt(performance.now() - t0)}`,
    );
    t0 = performance.now();
    const ltv = await kernel.insights.train(ws.id, 'ltv', { now: new Date(now), seed: 20 });
    console.log(
      `demo: LTV ${ltv.status} in ${fmt(performance.now() - t0)}; held-out 180-day revenue: ${JSON.stringify('metrics' in ltv ? ltv.metrics : ltv)} vs ${JSON.stringify('baseline' in ltv ? ltv.baseline : null)}`,
    );
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function synthTables(n: number, seed: number, signal: number, invoiceShare: number) {
  const now = Date.UTC(2026, 11, 1);
  const people = synthPeople({ people: n, seed, now, signal, invoiceShare, prefix: `s${seed}` });
  const ids = people.map((_, i) => `p${seed}-${i}`);
  return { now, people, ids };
}

function synthetic(seed: number, signal: number) {
  const { now, people, ids } = synthTables(synthN, seed, signal, 0.3);
  const cutoff = now - CHURN_HORIZON_DAYS * DAY;
  const at: PersonFacts[] = [];
  const labels: number[] = [];
  people.forEach((p, i) => {
    const f = synthFacts(p, ids[i], cutoff);
    if (!f || !f.orders) return;
    at.push(f);
    labels.push(p.orders.some((o) => o.at >= cutoff && o.at < now) ? 0 : 1);
  });
  const table = featureTable(at, new Date(cutoff));
  const recency = table.names.indexOf('recencyDays');
  churnLine(
    `synthetic seed ${seed} signal ${signal} churn`,
    fitBinary(table.ids, table.rows, labels, table.names, {
      seed,
      baseline: { name: 'recency', score: (r) => r[recency] },
      forest: true,
    }),
  );
  // Payment risk: people with invoices and no default by the cut-off; a new default within 90 days.
  const pf: PersonFacts[] = [];
  const py: number[] = [];
  people.forEach((p, i) => {
    const f = synthFacts(p, ids[i], cutoff);
    if (!f || !f.invoices || f.defaulted) return;
    pf.push(f);
    py.push((synthFacts(p, ids[i], now)?.defaulted ?? 0) > 0 ? 1 : 0);
  });
  const pt = featureTable(pf, new Date(cutoff));
  const late = pt.names.indexOf('meanDaysLate');
  const pr = fitBinary(pt.ids, pt.rows, py, pt.names, {
    seed,
    baseline: { name: 'mean days late', score: (r) => r[late] },
  });
  console.log(
    `synthetic seed ${seed} signal ${signal} payment risk: n(test)=${pr.metrics.n} default rate ${f3(pr.metrics.positiveRate)} | model AUC ${f3(pr.metrics.auc)} lift ${f3(pr.metrics.topDecileLift)} | days-late AUC ${f3(pr.baseline.auc)} lift ${f3(pr.baseline.topDecileLift)}`,
  );
}

function speed() {
  const { now, people, ids } = synthTables(bigN, 99, 1, 0.3);
  const cutoff = now - CHURN_HORIZON_DAYS * DAY;
  let t0 = performance.now();
  const facts: PersonFacts[] = [];
  const labels: number[] = [];
  people.forEach((p, i) => {
    const f = synthFacts(p, ids[i], cutoff);
    if (!f) return;
    facts.push(f);
    labels.push(p.orders.some((o) => o.at >= cutoff && o.at < now) ? 0 : 1);
  });
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
    `speed (${facts.length} people, ${FEATURES.length} features, in memory): features ${fmt(featMs)}, training ${fmt(trainMs)} (logistic regression, Newton/IRLS), scoring with top factors ${fmt(scoreMs)} (mean p ${(s / facts.length).toFixed(3)})`,
  );
}

if (withDemo) await demo();
synthetic(1, 1);
synthetic(2, 0.5);
speed();
