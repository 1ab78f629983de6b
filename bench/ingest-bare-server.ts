/**
 * The bare ingest floor's server, which bench/ingest.ts starts in its own process (as it starts the
 * product's) and drives with the same requests: HTTP, JSON.parse of each POST body, and the batch's
 * events written by one COPY per request (its own transaction, committed before the answer) into
 * `bare_events`, an empty copy of `events` with its indexes. Nothing else: no authentication, no
 * validation or normalisation, no identity graph (a person id per identifier from a map), no fold
 * queue, no follower. Whatever the product does on top, an HTTP batch ingest into this database
 * costs at least this much on this machine.
 *
 *   tsx bench/ingest-bare-server.ts --port=N (--database-url=URL [--pool=10] | --pglite=DIR)
 *
 * Prints "ready" once it listens; a POST answers 200 when its events are committed.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 } from 'uuid';
import { parseArgs } from './support.ts';

const args = parseArgs();
const port = Number(args.port);
const WS = randomUUID();
const SOURCE = randomUUID();
const COLS =
  'workspace_id, id, message_id, type, event, person_id, user_id, anonymous_id, source_id, origin, occurred_at, received_at, properties, traits, context';
const COPY = `COPY bare_events (${COLS}) FROM STDIN`;
const DDL = 'DROP TABLE IF EXISTS bare_events; CREATE TABLE bare_events (LIKE events INCLUDING ALL)';

// COPY's text format: backslash, tab, newline and carriage return escaped; null is \N.
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const special = /[\\\t\n\r]/;
const esc = (s: string) => (special.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESC[c]) : s);
const text = (v: unknown) => (typeof v === 'string' ? esc(v) : '\\N');

// Spread over persons as the product's rows are (the person index's pages), without a graph.
const persons = new Map<string, string>();
function personOf(id: string): string {
  let p = persons.get(id);
  if (!p) persons.set(id, (p = randomUUID()));
  return p;
}

function copyText(body: string): { rows: string; n: number } {
  const { batch } = JSON.parse(body) as { batch: Record<string, unknown>[] };
  const received = new Date().toISOString();
  let rows = '';
  for (const m of batch) {
    const identify = m.type === 'identify';
    const who = (m.userId ?? m.anonymousId) as string;
    rows += `${WS}\t${v7()}\t${text(m.messageId)}\t${text(m.type)}\t${text(m.event ?? m.name ?? null)}\t${personOf(who)}\t${text(m.userId)}\t${text(m.anonymousId)}\t${SOURCE}\tfirst\t${text(m.timestamp ?? received)}\t${received}\t${identify ? '{}' : esc(JSON.stringify(m.properties ?? {}))}\t${identify ? esc(JSON.stringify(m.traits ?? {})) : '\\N'}\t${esc(JSON.stringify(m.context ?? {}))}\n`;
  }
  return { rows, n: batch.length };
}

let write: (rows: string) => Promise<void>;
if (args['database-url']) {
  const pool = new pg.Pool({ connectionString: args['database-url'], max: Number(args.pool ?? 10) });
  await pool.query(DDL);
  write = async (rows) => {
    const c = await pool.connect();
    try {
      await pipeline(Readable.from([rows]), c.query(copyFrom(COPY)));
    } finally {
      c.release();
    }
  };
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const lite = await PGlite.create(String(args.pglite), { extensions: { pg_trgm } });
  await lite.exec(DDL);
  write = async (rows) => {
    await lite.query(`${COPY.replace('STDIN', "'/dev/blob'")}`, [], { blob: new Blob([rows]) });
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let rows: string;
    try {
      rows = copyText(Buffer.concat(chunks).toString('utf8')).rows;
    } catch (e) {
      res.writeHead(400).end(String(e));
      return;
    }
    write(rows).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'),
      (e) => res.writeHead(500).end(String(e)),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
