#!/usr/bin/env node
// Runs after `npm ci`: builds the browser SDK (sdk/dist/kartoteka.js, served at /sdk.js) and the web
// UI so that `npx kartoteka serve` serves both right away. The web UI is skipped when dev
// dependencies are absent (a production install that ships web/dist itself); the SDK needs only
// esbuild, which tsx brings along.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (existsSync('node_modules/esbuild') && existsSync('sdk/build.mjs')) {
  const sdk = spawnSync(process.execPath, ['sdk/build.mjs'], { stdio: 'inherit' });
  if (sdk.status !== 0) process.exit(sdk.status ?? 1);
}
if (!existsSync('node_modules/vite') || !existsSync('web/vite.config.ts')) process.exit(0);
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
