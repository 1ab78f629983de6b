#!/usr/bin/env node
// Builds the browser SDK (sdk/src/*.ts) into one minified IIFE, sdk/dist/kartoteka.js, and prints
// its size; fails above the 10 KB gzip budget. Run: node sdk/build.mjs [--quiet]
// Also importable: `await buildSdk()` (the server builds on demand when dist is missing).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SDK_OUT = join(HERE, 'dist/kartoteka.js');
export const GZIP_BUDGET = 10 * 1024;

export async function buildSdk({ quiet = false } = {}) {
  const { version } = JSON.parse(readFileSync(join(HERE, '../package.json'), 'utf8'));
  const result = await build({
    entryPoints: [join(HERE, 'src/index.ts')],
    bundle: true,
    format: 'iife',
    target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
    minify: true,
    write: false,
    legalComments: 'none',
    define: { __VERSION__: JSON.stringify(version) },
    logLevel: 'silent',
  });
  const code = `/*! kartoteka.js ${version} | AGPL-3.0-only */\n${result.outputFiles[0].text}`;
  const gz = gzipSync(code, { level: 9 }).length;
  if (gz > GZIP_BUDGET) throw new Error(`sdk: ${gz} bytes gzipped, over the ${GZIP_BUDGET}-byte budget`);
  mkdirSync(dirname(SDK_OUT), { recursive: true });
  // Write then rename: a server reading the file never sees half of it.
  const tmp = `${SDK_OUT}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, SDK_OUT);
  if (!quiet)
    console.log(`sdk: sdk/dist/kartoteka.js — ${code.length} bytes, ${gz} bytes gzipped (budget ${GZIP_BUDGET})`);
  return { path: SDK_OUT, bytes: code.length, gzipBytes: gz };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildSdk({ quiet: process.argv.includes('--quiet') }).catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
