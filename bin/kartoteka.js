#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx kartoteka` works right after `npm ci`.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { main } = await import(join(root, 'src/cli/main.ts'));
await main(process.argv);
