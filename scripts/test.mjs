#!/usr/bin/env node
// The whole suite: unit/integration tests on PGlite, again on a PostgreSQL server, and the browser
// tests. Prints one total `N passed, N failed` line at the end.
//
// The three runs go one after the other. `--parallel` (or KARTOTEKA_TEST_PARALLEL=1) runs the
// browser tests ALONGSIDE the two database runs (their output kept in a file, printed after the
// others). Measured on CI's 2 cores it was slower, not faster: the PGlite run took 1,689 s beside
// the browser tests against 627 s alone, the browser tests 1,640 s against 801 s, and a CLI test
// that migrates a fresh data directory passed its 60 s limit. Kept as an option for bigger machines.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7); // pglite | postgres | e2e
const serial = !(args.includes('--parallel') || process.env.KARTOTEKA_TEST_PARALLEL === '1');
const vitestArgs = args.filter((a) => !a.startsWith('--only=') && a !== '--parallel' && a !== '--serial');
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(join(tmpdir(), 'kt-test-'));
const runs = [
  { name: 'pglite', config: 'vitest.config.ts', env: { KARTOTEKA_TEST_DB: 'pglite' } },
  { name: 'postgres', config: 'vitest.config.ts', env: { KARTOTEKA_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl } },
  { name: 'e2e', config: 'vitest.e2e.config.ts', env: {} },
].filter((r) => !only || only.split(',').includes(r.name));

/** Runs one vitest run; its output goes to the terminal, or (`logFile`) to a file. Resolves to its counts. */
function start(run, logFile) {
  const summary = join(dir, `${run.name}.json`);
  const started = Date.now();
  const out = logFile ? openSync(logFile, 'w') : null;
  const child = spawn('npx', ['vitest', 'run', '--config', run.config, ...vitestArgs], {
    stdio: out === null ? 'inherit' : ['ignore', out, out],
    env: { ...process.env, ...run.env, KARTOTEKA_TEST_SUMMARY: summary },
  });
  return new Promise((resolve) => {
    let finished = false;
    const done = (status) => {
      if (finished) return; // 'error' and 'exit' may both come
      finished = true;
      if (out !== null) closeSync(out);
      let counts = { passed: 0, failed: 1, skipped: 0 };
      let note = '';
      try {
        counts = JSON.parse(readFileSync(summary, 'utf8'));
      } catch {
        note = `(${run.name}: no summary — counted as a failure)\n`;
      }
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
      resolve({ run, status, counts, note, seconds: Math.round((Date.now() - started) / 1000), logFile });
    };
    child.on('error', () => done(1));
    child.on('exit', (code) => done(code ?? 1));
  });
}

const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let code = 0;
function report(r) {
  if (r.logFile) {
    process.stdout.write(`\n=== ${r.run.name} (ran alongside the others; its output) ===\n`);
    process.stdout.write(readFileSync(r.logFile, 'utf8'));
  }
  process.stdout.write(r.note);
  if (r.status !== 0) code = 1;
  for (const k of Object.keys(total)) total[k] += r.counts[k];
  for (const f of r.counts.failures ?? []) failures.push(`${r.run.name}: ${f}`);
  process.stdout.write(
    `${r.run.name}: ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped (${r.seconds} s)\n`,
  );
}

const e2e = runs.find((r) => r.name === 'e2e');
const aside = !serial && e2e && runs.length > 1 ? e2e : null;
const alongside = aside ? start(aside, join(dir, 'e2e.log')) : null;
if (aside) process.stdout.write(`\n(e2e runs alongside the database runs; its output is printed after them)\n`);
for (const run of runs.filter((r) => r !== aside)) {
  process.stdout.write(`\n=== ${run.name} ===\n`);
  report(await start(run));
}
if (alongside) report(await alongside);
rmSync(dir, { recursive: true, force: true });
// Repeated just above the total: CI shows only the end of what it printed.
if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}\n`);
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(code);
