/**
 * Offers at a till (issue 16): POST /api/v1/offers/evaluate with 20 active promotions and a
 * 10-line cart, the person named by email. Latency p50/p99 from one till at a time (one
 * connection, the latency a cashier sees) and under load (`--connections`, default 32), and
 * requests/s under load as a ratio to the http-baseline reads measured in the same run, on the same
 * server: GET /healthz (no database) and GET /api/v1/users (key lookup + one query).
 *
 *   npm run bench -- offers [--db=pglite|postgres|both] [--seconds=10] [--connections=32]
 *
 * Budget: p99 ≤ 20 ms (one till), evaluate ≥ 0.3× the baseline API read's requests/s.
 */
import autocannon from 'autocannon';
import { parseArgs, postgresAvailable, startServer } from './support.ts';

const args = parseArgs();
const seconds = Number(args.seconds ?? 10);
const connections = Number(args.connections ?? 32);
const dbs =
  (args.db ?? 'pglite') === 'both'
    ? (['pglite', 'postgres'] as const)
    : ([args.db ?? 'pglite'] as ('pglite' | 'postgres')[]);

const CATEGORIES = [
  'Витамины',
  'Простуда и грипп',
  'Горло',
  'Обезболивающие',
  'Косметика',
  'Гигиена',
  'Пищеварение',
  'Аллергия',
  'Мама и малыш',
  'Медтехника',
];
const REGIONS = ['Москва', 'Санкт-Петербург', 'Поволжье', 'Центр', 'Юг', 'Урал'];
/** 60 products, 6 per category. */
const PRODUCTS = CATEGORIES.flatMap((category, c) =>
  Array.from({ length: 6 }, (_, i) => ({
    sku: `SKU-${c}-${i}`,
    name: `${category} ${i + 1}`,
    category,
    price: 100 + 37 * i + 11 * c,
  })),
);

async function load(opts: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
}) {
  await autocannon({ ...opts, duration: 2 });
  const r = await autocannon({ ...opts, duration: seconds });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const rows: string[] = [];
for (const db of dbs) {
  if (db === 'postgres' && !(await postgresAvailable())) {
    console.log('postgres: server not reachable, skipped');
    continue;
  }
  const s = await startServer(db);
  try {
    const headers = { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${s.base}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<any>;
    };
    await call('PUT', '/products', { products: PRODUCTS });
    const person = await call('POST', '/people', {
      firstName: 'Анна',
      lastName: 'Покупатель',
      emails: ['anna.bench@offers.test'],
    });
    const list = await call('POST', '/segments', { name: 'Клуб', kind: 'list' });
    await call('POST', `/segments/${list.id}/members`, { personIds: [person.id] });
    // 20 active promotions: 5 buy-N-get-M, 6 percent-offs over distinct categories, 4 gifts, 3 multipliers, 2 for the club's members.
    const promos: Record<string, unknown>[] = [
      ...[0, 1, 2, 3, 4].map((c) => ({
        name: `Купи 2 — третий в подарок: ${CATEGORIES[c]}`,
        mechanic: 'buy_n_get_m',
        params: { n: 2, m: 1, categories: [CATEGORIES[c]] },
        geography: { regions: [REGIONS[c], 'Поволжье'] },
        limitPerPerson: 100_000,
      })),
      ...[4, 5, 6, 7, 8, 9].map((c) => ({
        name: `${CATEGORIES[c]} −${5 + c} %`,
        mechanic: 'percent_off',
        params: { percent: 5 + c, categories: [CATEGORIES[c]] },
        limitTotal: 100_000_000,
      })),
      ...[0, 2, 5, 7].map((c) => ({
        name: `Подарок к покупке: ${CATEGORIES[c]}`,
        mechanic: 'gift',
        params: { giftSku: `SKU-${c}-5`, minTotal: 300, categories: [CATEGORIES[c]] },
      })),
      ...[2, 3, 5].map((m) => ({ name: `${m}× баллов`, mechanic: 'points_multiplier', params: { multiplier: m } })),
      { name: 'Клуб: 7× баллов', mechanic: 'points_multiplier', params: { multiplier: 7 }, segmentId: list.id },
      {
        name: 'Клуб: подарок',
        mechanic: 'gift',
        params: { giftSku: 'SKU-9-0', skus: ['SKU-1-1'] },
        segmentId: list.id,
        limitPerPerson: 100_000,
      },
    ];
    for (const p of promos) {
      const created = await call('POST', '/promotions', p);
      await call('POST', `/promotions/${created.id}/activate`, {});
    }
    const active = (await call('GET', '/promotions?status=active&limit=200')).data.length;
    // 10 lines over 8 categories, in the Volga region.
    const cart = {
      lines: [0, 0, 1, 2, 3, 4, 5, 6, 7, 8].map((c, i) => ({
        sku: `SKU-${c}-${i % 6}`,
        quantity: 1 + (i % 3),
        price: PRODUCTS[c * 6 + (i % 6)].price,
      })),
      store: 'AP-050',
      region: 'Поволжье',
    };
    const body = JSON.stringify({ person: { kind: 'email', value: 'anna.bench@offers.test' }, cart });
    const sample = await call('POST', '/offers/evaluate', JSON.parse(body));
    const url = `${s.base}/api/v1/offers/evaluate`;
    const till = await load({ url, method: 'POST', headers, body, connections: 1 });
    const loaded = await load({ url, method: 'POST', headers, body, connections });
    const health = await load({ url: `${s.base}/healthz`, connections });
    const read = await load({
      url: `${s.base}/api/v1/users`,
      headers: { authorization: headers.authorization },
      connections,
    });
    rows.push(
      `${db.padEnd(9)} ${active} active promotions, 10-line cart: ${sample.promotions.length} applied, discount ${sample.totalDiscount} of ${sample.subtotal}, ${sample.pointsEarned} points`,
    );
    rows.push(
      `${db.padEnd(9)} evaluate, 1 till     ${String(till.rps).padStart(6)} req/s  p50 ${till.p50} ms  p99 ${till.p99} ms  (non-2xx ${till.non2xx})`,
    );
    rows.push(
      `${db.padEnd(9)} evaluate, ${String(connections).padStart(2)} conns   ${String(loaded.rps).padStart(6)} req/s  p50 ${loaded.p50} ms  p99 ${loaded.p99} ms  (non-2xx ${loaded.non2xx})`,
    );
    rows.push(
      `${db.padEnd(9)} baseline healthz    ${String(health.rps).padStart(6)} req/s  p50 ${health.p50} ms  p99 ${health.p99} ms`,
    );
    rows.push(
      `${db.padEnd(9)} baseline api-read   ${String(read.rps).padStart(6)} req/s  p50 ${read.p50} ms  p99 ${read.p99} ms`,
    );
    rows.push(
      `${db.padEnd(9)} evaluate = ${(loaded.rps / read.rps).toFixed(2)}× api-read, ${(loaded.rps / health.rps).toFixed(2)}× healthz  (budget ≥ 0.3×; p99 one till ${till.p99} ms, budget ≤ 20 ms)`,
    );
  } finally {
    await s.stop();
  }
}
console.log(`\noffers (${seconds} s per measure after a 2 s warm-up, client in a separate process, 2-core machine)`);
for (const r of rows) console.log(r);
