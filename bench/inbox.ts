/**
 * Service desk inbound (issue 18): messages/s filed through the built-in SMTP receiver (nodemailer
 * clients, each message answered 250 only once committed) and through the chat WebSocket (visitors
 * each waiting for the ack of one message before the next), as a ratio to the http-baseline reads
 * measured in the same run on the same server (GET /healthz: no database; GET /api/v1/users: key
 * lookup + one query). Then the agent UI's event latency: 200 visitors chatting at once, one agent
 * socket; from a visitor's send to the agent's `conversation.*` event of that message, p50/p99.
 *
 *   npm run bench -- inbox [--db=pglite|postgres|both] [--seconds=5] [--mails=400] [--smtp-clients=8]
 *                          [--chat-messages=400] [--chats=200] [--rounds=3] [--interval-ms=2000]
 *
 * Budget: agent-UI event p99 ≤ 300 ms with 200 simultaneous chats.
 */
import autocannon from 'autocannon';
import { createTransport } from 'nodemailer';
import WebSocket from 'ws';
import { freePort, parseArgs, postgresAvailable, startServer } from './support.ts';

const args = parseArgs();
const seconds = Number(args.seconds ?? 5);
const mails = Number(args.mails ?? 400);
const smtpClients = Number(args['smtp-clients'] ?? 8);
const chatMessages = Number(args['chat-messages'] ?? 400);
const chats = Number(args.chats ?? 200);
const rounds = Number(args.rounds ?? 3);
const intervalMs = Number(args['interval-ms'] ?? 2000);
const dbs =
  (args.db ?? 'pglite') === 'both'
    ? (['pglite', 'postgres'] as const)
    : ([args.db ?? 'pglite'] as ('pglite' | 'postgres')[]);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
};

async function baseline(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, headers, connections: 32, duration: 1 });
  const r = await autocannon({ url, headers, connections: 32, duration: seconds });
  return Math.round(r.requests.average);
}

interface Visitor {
  ws: WebSocket;
  send(o: unknown): void;
  onMessage: (m: any) => void;
}

function openVisitor(base: string, inbox: string, onMessage: (m: any) => void): Promise<Visitor> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/chat/ws?inbox=${inbox}`);
    const v: Visitor = { ws, send: (o) => ws.send(JSON.stringify(o)), onMessage };
    ws.on('message', (d) => v.onMessage(JSON.parse(String(d))));
    ws.once('error', reject);
    ws.once('open', () => {
      const prev = v.onMessage;
      v.onMessage = (m) => {
        if (m.type === 'welcome') {
          v.onMessage = prev;
          resolve(v);
        } else if (m.type === 'refused' && !m.id) setTimeout(() => v.send({ type: 'hello' }), m.retryAfterMs ?? 1000);
        else prev(m);
      };
      v.send({ type: 'hello' });
    });
  });
}

const rows: string[] = [];
for (const db of dbs) {
  if (db === 'postgres' && !(await postgresAvailable())) {
    console.log('postgres: server not reachable, skipped');
    continue;
  }
  const smtpPort = await freePort();
  const s = await startServer(db, {
    KARTOTEKA_INBOUND_SMTP_PORT: String(smtpPort),
    KARTOTEKA_INBOUND_SMTP_HOST: '127.0.0.1',
    // The bench measures throughput, not the flood gate.
    KARTOTEKA_CHAT_BURST: '10000',
    KARTOTEKA_CHAT_PER_MINUTE: '100000',
  });
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
    await call('POST', '/inboxes', { name: 'Почта', channel: 'email', address: 'support@bank.bench' });
    const chat = await call('POST', '/inboxes', { name: 'Чат', channel: 'chat' });

    const began = performance.now();
    const step = (what: string) =>
      process.stderr.write(`  ${db}: ${what} (${((performance.now() - began) / 1000).toFixed(0)} s)\n`);
    step('baseline');
    const health = await baseline(`${s.base}/healthz`);
    const read = await baseline(`${s.base}/api/v1/users`, { authorization: headers.authorization });

    // SMTP: `mails` messages from `smtpClients` pooled connections, a new client for every 4th
    // message (the rest answer in its thread), so identity resolution and threading both run.
    const transport = createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: smtpClients,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    for (let i = 0; i < 100; i++) {
      try {
        await transport.verify();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const mail = (i: number) => {
      const client = Math.floor(i / 4);
      const first = i % 4 === 0;
      return {
        from: `Клиент ${client} <client${client}@mail.bench>`,
        to: 'support@bank.bench',
        subject: first ? `Вопрос ${client}` : `Re: Вопрос ${client}`,
        text: `Сообщение ${i}: добрый день, у меня вопрос по карте и переводу.`,
        messageId: `<m${i}@mail.bench>`,
        ...(first ? {} : { inReplyTo: `<m${client * 4}@mail.bench>` }),
      };
    };
    step('SMTP');
    await transport.sendMail(mail(0)); // warm-up
    const t0 = performance.now();
    let next = 1;
    await Promise.all(
      Array.from({ length: smtpClients * 2 }, async () => {
        while (next < mails) await transport.sendMail(mail(next++));
      }),
    );
    const smtpRate = Math.round((mails - 1) / ((performance.now() - t0) / 1000));
    transport.close();

    step('chat');
    // Chat: 50 visitors, each sending its next message once the previous one is acknowledged.
    const senders = Math.min(50, chatMessages);
    const perSender = Math.ceil(chatMessages / senders);
    const chatStart = performance.now();
    await Promise.all(
      Array.from({ length: senders }, async (_, vi) => {
        let pending: ((m: any) => void) | null = null;
        const v = await openVisitor(s.base, chat.id, (m) => {
          if ((m.type === 'ack' || m.type === 'refused') && pending) pending(m);
        });
        for (let j = 0; j < perSender; j++) {
          const acked = new Promise<any>((r) => (pending = r));
          v.send({ type: 'message', id: `v${vi}m${j}`, text: `Сообщение ${j} от посетителя ${vi}` });
          const a = await Promise.race([
            acked,
            new Promise((_, reject) => setTimeout(() => reject(new Error('no ack within 60 s')), 60_000)),
          ]);
          if (a.type !== 'ack') throw new Error(`chat message refused: ${JSON.stringify(a)}`);
        }
        v.ws.close();
      }),
    );
    const chatRate = Math.round((senders * perSender) / ((performance.now() - chatStart) / 1000));

    // Agent UI: one agent socket, `chats` visitors online at once, each sending a message every
    // `intervalMs` (staggered), `rounds` times: send → agent event latency.
    step(`agent-UI latency, ${chats} chats`);
    const agentEvents = new Map<string, number>();
    const agent = new WebSocket(`${s.base.replace('http', 'ws')}/api/v1/service/live`, {
      headers: { authorization: headers.authorization },
    });
    agent.on('message', (d) => {
      const m = JSON.parse(String(d));
      if ((m.type === 'conversation.message' || m.type === 'conversation.created') && m.messageId)
        agentEvents.set(m.messageId, performance.now());
    });
    await new Promise((r) => agent.once('open', r));
    const sentAt = new Map<string, number>();
    const idOf = new Map<string, string>();
    const visitors = await Promise.all(
      Array.from({ length: chats }, (_, i) =>
        openVisitor(s.base, chat.id, (m) => {
          if (m.type === 'ack') idOf.set(m.id, m.messageId);
        }).then((v) => ({ v, i })),
      ),
    );
    await Promise.all(
      visitors.map(async ({ v, i }) => {
        await new Promise((r) => setTimeout(r, (i / chats) * intervalMs));
        for (let round = 0; round < rounds; round++) {
          const id = `lat${i}r${round}`;
          sentAt.set(id, performance.now());
          v.send({ type: 'message', id, text: `Живой чат ${i}, сообщение ${round}` });
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      }),
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && [...idOf.values()].filter((id) => agentEvents.has(id)).length < chats * rounds)
      await new Promise((r) => setTimeout(r, 100));
    const lat: number[] = [];
    for (const [cid, t] of sentAt) {
      const mid = idOf.get(cid);
      const at = mid ? agentEvents.get(mid) : undefined;
      if (at !== undefined) lat.push(at - t);
    }
    for (const { v } of visitors) v.ws.close();
    agent.close();

    step('done');
    rows.push(`${db.padEnd(9)} baseline: healthz ${health} req/s, api-read ${read} req/s`);
    rows.push(
      `${db.padEnd(9)} SMTP receiver  ${String(smtpRate).padStart(5)} messages/s (${mails - 1} mails, ${smtpClients} connections) = ${(smtpRate / read).toFixed(3)}× api-read, ${(smtpRate / health).toFixed(3)}× healthz`,
    );
    rows.push(
      `${db.padEnd(9)} chat socket    ${String(chatRate).padStart(5)} messages/s (${senders * perSender} messages, ${senders} visitors, ack before next) = ${(chatRate / read).toFixed(3)}× api-read, ${(chatRate / health).toFixed(3)}× healthz`,
    );
    rows.push(
      `${db.padEnd(9)} agent-UI event latency, ${chats} chats at once (${lat.length}/${chats * rounds} events, ${((chats * 1000) / intervalMs).toFixed(0)} msg/s): p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms (budget p99 ≤ 300 ms)`,
    );
  } finally {
    await s.stop();
  }
}
console.log(`\ninbox (server in a separate process, clients here, 2-core machine shared with other work)`);
for (const r of rows) console.log(r);
