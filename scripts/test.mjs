#!/usr/bin/env node
// The whole suite: unit/integration tests on PGlite, again on a PostgreSQL server, then the browser
// tests. Prints one total `N passed, N failed` line at the end.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7); // pglite | postgres | e2e
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(join(tmpdir(), 'kt-test-'));
const runs = [
  { name: 'pglite', config: 'vitest.config.ts', env: { KARTOTEKA_TEST_DB: 'pglite' } },
  { name: 'postgres', config: 'vitest.config.ts', env: { KARTOTEKA_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl } },
  { name: 'e2e', config: 'vitest.e2e.config.ts', env: {} },
].filter((r) => !only || only.split(',').includes(r.name));

const total = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let code = 0;
for (const run of runs) {
  const summary = join(dir, `${run.name}.json`);
  process.stdout.write(`\n=== ${run.name} ===\n`);
  const started = Date.now();
  const r = spawnSync(
    'npx',
    ['vitest', 'run', '--config', run.config, ...args.filter((a) => !a.startsWith('--only='))],
    {
      stdio: 'inherit',
      env: { ...process.env, ...run.env, KARTOTEKA_TEST_SUMMARY: summary },
    },
  );
  let counts = { passed: 0, failed: 1, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(summary, 'utf8'));
  } catch {
    process.stdout.write(`(${run.name}: no summary — counted as a failure)\n`);
  }
  if (r.status !== 0) {
    code = 1;
    if (counts.failed === 0) counts.failed = 1;
  }
  for (const k of Object.keys(total)) total[k] += counts[k];
  for (const f of counts.failures ?? []) failures.push(`${run.name}: ${f}`);
  process.stdout.write(
    `${run.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${Math.round((Date.now() - started) / 1000)} s)\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
// Repeated just above the total: CI shows only the end of what it printed.
if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}\n`);
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(code);
