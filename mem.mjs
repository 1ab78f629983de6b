import { PGlite } from '@electric-sql/pglite';
const r = () => Math.round(process.memoryUsage().rss/1e6);
const opts = JSON.parse(process.argv[2] || '{}');
const t=Date.now();
const db = await PGlite.create('/tmp/m2', opts);
console.log('created rss', r(), Date.now()-t);
await db.query('select 1');
console.log(JSON.stringify(opts), 'rss', r(), 'ms', Date.now()-t, (await db.query("show shared_buffers")).rows, (await db.query("show work_mem")).rows);
await db.close();
