/**
 * Email broadcast: N personalised emails (Liquid + MJML) from a broadcast to a local SMTP server,
 * against the floor — a bare nodemailer pool (the same pool size) sending the same number of
 * pre-rendered messages to the same server in the same run. Then a kill -9 mid-broadcast and a
 * restart: the duplicates the SMTP server received (budget 0). Then the open-pixel and click
 * endpoints in requests/s against GET /healthz of the same server.
 *
 *   npm run bench -- send-email [--db=postgres|pglite] [--people=100000] [--crash-people=20000] [--seconds=10]
 *
 * Setup (not measured): people by the tracking API's batch identify, their email consent by SQL
 * on PostgreSQL (by the API on PGlite, slower), a rule segment on a trait they all carry.
 * The SMTP server runs in its own process (test/peers/smtp-sink-process.ts), counting Message-IDs.
 * Budgets (shared/DESIGN.md): ≥ 0.5× the floor and ≥ 1,000 messages/s; 0 duplicates; tracking ≥ 0.5× healthz.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { ROOT, parseArgs, postgresAvailable, rssMb, startServer } from './support.ts';
import { Secrets } from '../src/core/secrets.ts';
import { signLink } from '../src/engage/link-tokens.ts';
import { htmlToText } from '../src/engage/template-render.ts';

const args = parseArgs();
const db = (args.db ?? 'postgres') as 'pglite' | 'postgres';
const N = Number(args.people ?? 100_000);
const CRASH_N = Number(args['crash-people'] ?? 20_000);
const seconds = Number(args.seconds ?? 10);
const POOL = 5;
/** The server's key, so that the bench can sign tracking links of its messages as the server does. */
const SECRET_KEY = 'ab'.repeat(32);

const MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text font-size="18px">Здравствуйте, {{ person.firstName | default: "покупатель" }}!</mj-text>
<mj-text>Для вас в городе {{ person.traits.city }} — скидка {{ data.discount | default: 10 }}% на витамины до конца недели.</mj-text>
<mj-button href="https://shop.example/vitamins?src=mail">Выбрать</mj-button>
<mj-text font-size="11px">Аптека Плюс · <a href="{{ unsubscribe_url }}">отписаться</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

// ---- the SMTP server, in its own process
function startSink(): Promise<{ child: ChildProcess; ask(cmd: string): Promise<any> }> {
  const child = fork(join(ROOT, 'test/peers/smtp-sink-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let seq = 0;
  const pending = new Map<number, (v: any) => void>();
  return new Promise((resolve) => {
    child.on('message', (m: any) => {
      if (m.ready) resolve({ child, ask });
      else pending.get(m.id)?.(m), pending.delete(m.id);
    });
  });
  function ask(cmd: string) {
    const id = ++seq;
    return new Promise((r) => {
      pending.set(id, r);
      child.send({ cmd, id });
    });
  }
}

/** Ends the run early (`--only=broadcast`). */
class Done extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function floor(port: number, n: number) {
  // Pre-rendered, as the product renders them: MJML once, Liquid per person (not timed).
  const html = (await mjml2html(MJML)).html;
  const liquid = new Liquid();
  const tpl = liquid.parse(html);
  // The same MIME shape as the product's: HTML with a plain-text alternative (the product derives it
  // the same way) and the one-click unsubscribe headers of a marketing email.
  const textTpl = liquid.parse(htmlToText(html));
  const msgs: { to: string; html: string; text: string; unsubscribe: string }[] = [];
  for (let i = 0; i < n; i++) {
    const scope = {
      person: { firstName: `Имя${i}`, traits: { city: 'Самара' } },
      data: {},
      unsubscribe_url: `https://kt.example/u/${i}`,
    };
    msgs.push({
      to: `p${i}@bench.test`,
      html: await liquid.render(tpl, scope),
      text: await liquid.render(textTpl, scope),
      unsubscribe: `<https://kt.example/u/${i}>`,
    });
  }
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    pool: true,
    maxConnections: POOL,
    maxMessages: 1000,
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: POOL * 4 }, async () => {
      while (next < n) {
        const m = msgs[next++]!;
        await t.sendMail({
          from: 'Аптека Плюс <news@apteka.example>',
          to: m.to,
          subject: 'Скидка на витамины',
          text: m.text,
          html: m.html,
          headers: { 'List-Unsubscribe': m.unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          messageId: `<floor-${next}@apteka.example>`,
        });
      }
    }),
  );
  const ms = performance.now() - t0;
  t.close();
  return { ms, rate: rate(n, ms) };
}

type Server = Awaited<ReturnType<typeof startServer>>;
async function api(s: Server, method: string, path: string, body?: unknown) {
  const r = await fetch(`${s.base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${s.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** People with an email, a first name, a city and a `bench` trait; their email marketing consent. */
async function loadPeople(s: Server, tag: string, n: number) {
  const source = await api(s, 'POST', '/sources', { name: `Bench ${tag}`, kind: 'server' });
  const auth = `Basic ${Buffer.from(`${source.writeKey}:`).toString('base64')}`;
  for (let i = 0; i < n; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 500); j++)
      batch.push({
        type: 'identify',
        userId: `${tag}-${j}`,
        traits: { email: `${tag}${j}@bench.test`, firstName: `Имя${j}`, city: 'Самара', bench: tag },
      });
    const r = await fetch(`${s.base}/v1/batch`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ batch }),
    });
    if (!r.ok) throw new Error(`batch → ${r.status}`);
  }
  if (s.databaseUrl) {
    const c = new pg.Client({ connectionString: s.databaseUrl });
    await c.connect();
    // Setup shortcut (not the measured path): one consent row per person, as POST /people/{id}/consents writes.
    for (let tries = 0; ; tries++) {
      const r = await c.query(
        `INSERT INTO crm_consents (workspace_id, id, person_id, channel, purpose, granted, source, actor, occurred_at)
         SELECT p.workspace_id, gen_random_uuid(), p.id, 'email', 'marketing', true, 'bench', 'bench', now()
         FROM persons p WHERE p.traits->>'bench' = $1
           AND NOT EXISTS (SELECT 1 FROM crm_consents c WHERE c.workspace_id = p.workspace_id AND c.person_id = p.id)`,
        [tag],
      );
      const have = await c.query(`SELECT count(*)::int AS n FROM persons WHERE traits->>'bench' = $1`, [tag]);
      if (have.rows[0].n >= n || tries > 120) break;
      void r;
      await sleep(1000);
    }
    await c.end();
  } else {
    // PGlite: the server holds the data directory, so through the API.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < n) {
          const j = next++;
          const p = await api(s, 'GET', `/people/lookup?kind=user_id&value=${tag}-${j}`);
          await api(s, 'POST', `/people/${p.id}/consents`, {
            channel: 'email',
            purpose: 'marketing',
            granted: true,
            source: 'bench',
          });
        }
      }),
    );
  }
}

async function broadcast(s: Server, tag: string, n: number, channelId: string, templateId: string) {
  const segment = await api(s, 'POST', '/segments', {
    name: `Bench ${tag}`,
    rule: { trait: 'bench', op: 'eq', value: tag },
  });
  // Its first computation runs as a job: the broadcast freezes the audience it finds.
  for (;;) {
    const seg = await api(s, 'GET', `/segments/${segment.id}`);
    if (seg.computedAt && seg.size >= n) break;
    await sleep(250);
  }
  const b = await api(s, 'POST', '/broadcasts', { name: `Bench ${tag}`, segmentId: segment.id, channelId, templateId });
  return b.id as string;
}

async function waitDone(s: Server, id: string, onTick?: (st: any) => void | Promise<void>) {
  for (;;) {
    const st = await api(s, 'GET', `/broadcasts/${id}/stats`);
    await onTick?.(st);
    const b = await api(s, 'GET', `/broadcasts/${id}`);
    if (['finished', 'failed', 'cancelled'].includes(b.status)) return { st, b };
    await sleep(250);
  }
}

if (db === 'postgres' && !(await postgresAvailable())) {
  console.log('postgres: server not reachable');
  process.exit(0);
}
const sink = await startSink();
const { port: sinkPort } = await sink.ask('port');
const out: string[] = [];
const line = (s: string) => (console.log(s), out.push(s));

const f = args['no-floor'] ? { ms: 1, rate: 1 } : await floor(sinkPort, N);
line(
  `floor: bare nodemailer pool (${POOL} connections), ${N} pre-rendered messages: ${f.rate} msg/s (${(f.ms / 1000).toFixed(1)} s)`,
);
await sink.ask('reset');

const s = await startServer(
  db,
  { KARTOTEKA_OUTBOUND_ALLOW: '127.0.0.0/8', KARTOTEKA_SECRET_KEY: SECRET_KEY },
  args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [],
);
try {
  const channel = await api(s, 'POST', '/channels', {
    type: 'email',
    name: 'Bench SMTP',
    config: {
      host: '127.0.0.1',
      port: sinkPort,
      secure: false,
      from: 'Аптека Плюс <news@apteka.example>',
      maxConnections: POOL,
    },
  });
  const template = await api(s, 'POST', '/templates', {
    channel: 'email',
    name: 'Bench vitamins',
    subject: '{{ person.firstName }}, скидка на витамины',
    body: MJML,
  });
  let t = performance.now();
  await loadPeople(s, 'b', N);
  line(`setup: ${N} people with consent in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // ---- the broadcast
  const id = await broadcast(s, 'b', N, channel.id, template.id);
  let peakRss = 0;
  t = performance.now();
  await api(s, 'POST', `/broadcasts/${id}/send`, {});
  const { st } = await waitDone(s, id, () => {
    peakRss = Math.max(peakRss, rssMb(s.pid));
  });
  const ms = performance.now() - t;
  const got = await sink.ask('stats');
  const r = rate(got.received, ms);
  line(
    `${db}: broadcast of ${N}: ${r} msg/s (${(ms / 1000).toFixed(1)} s) = ${(r / f.rate).toFixed(2)}× floor; sent ${st.sent}, received ${got.received}, duplicates ${got.received - got.unique}; server peak RSS ${peakRss} MB`,
  );
  await sink.ask('reset');
  if (args.only === 'broadcast') throw new Done();

  // ---- kill -9 mid-broadcast, restart
  await loadPeople(s, 'c', CRASH_N);
  const crashId = await broadcast(s, 'c', CRASH_N, channel.id, template.id);
  await api(s, 'POST', `/broadcasts/${crashId}/send`, {});
  for (;;) {
    const g = await sink.ask('stats');
    if (g.received >= CRASH_N * 0.3) break;
    await sleep(50);
  }
  await s.kill9();
  await s.restart();
  const crash = await waitDone(s, crashId);
  const g2 = await sink.ask('stats');
  line(
    `${db}: kill -9 at 30% of ${CRASH_N}, restart: received ${g2.received}, unique ${g2.unique}, duplicates ${g2.received - g2.unique}; ledger: sent ${crash.st.sent}, failed ${crash.st.failed ?? '?'} (interrupted in flight)`,
  );

  // ---- tracking endpoints: opens and clicks spread over the broadcast's messages, as readers make them
  const ws = (await api(s, 'GET', '/workspace')).id as string;
  const msgs = (await api(s, 'GET', `/messages?broadcastId=${id}&limit=200`)).data as { id: string }[];
  const secrets = new Secrets(Buffer.from(SECRET_KEY, 'hex'));
  const opens = msgs.map((m) => `/t/o/${signLink(secrets, 'open', { workspaceId: ws, messageId: m.id })}.gif`);
  const clicks = msgs.map(
    (m) =>
      `/t/c/${signLink(secrets, 'click', { workspaceId: ws, messageId: m.id, url: 'https://shop.example/vitamins' })}`,
  );
  const load = async (paths: string[]) => {
    let i = 0;
    const opts = {
      url: s.base,
      connections: 32,
      requests: [{ setupRequest: (req: any) => ({ ...req, path: paths[i++ % paths.length] }) }],
    };
    await autocannon({ ...opts, duration: 2 });
    i = 0;
    const a = await autocannon({ ...opts, duration: seconds });
    return {
      rps: Math.round(a.requests.average),
      p99: a.latency.p99,
      codes: `2xx ${a['2xx']}, 3xx ${a['3xx']}, other ${a.non2xx - a['3xx']}`,
    };
  };
  const health = await load(['/healthz']);
  const read = await (async () => {
    const a = await autocannon({
      url: `${s.base}/api/v1/users`,
      headers: { authorization: `Bearer ${s.key}` },
      connections: 32,
      duration: seconds,
    });
    return Math.round(a.requests.average);
  })();
  line(`${db}: baseline healthz ${health.rps} req/s (p99 ${health.p99} ms), api-read ${read} req/s`);
  for (const [name, paths] of [
    ['open pixel', opens],
    ['click redirect', clicks],
  ] as const) {
    const x = await load(paths);
    line(
      `${db}: ${name} over ${paths.length} messages ${x.rps} req/s (p99 ${x.p99} ms; ${x.codes}) = ${(x.rps / health.rps).toFixed(2)}× healthz, ${(x.rps / read).toFixed(2)}× api-read`,
    );
  }
} catch (e) {
  if (!(e instanceof Done)) throw e;
} finally {
  await s.stop();
  sink.child.disconnect();
}
console.log(`\nsend-email (${db}, 2-core machine)`);
for (const l of out) console.log(l);
