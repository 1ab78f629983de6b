#!/usr/bin/env node
// `npm run bench -- NAME [args]` runs bench/NAME.ts and prints its figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
const list = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(`bench/${name}.ts`)) {
  process.stderr.write(`usage: npm run bench -- NAME\navailable: ${list.join(', ')}\n`);
  process.exit(2);
}
const r = spawnSync('npx', ['tsx', `bench/${name}.ts`, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
