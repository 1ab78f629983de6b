#!/usr/bin/env node
// `npm run train:sentiment` retrains the sentiment model's trained layer (src/insights/text/sentiment-train.ts)
// on bench/labelled/train-{ru,en}.jsonl, the `dev` half of sentiment-{ru,en}.jsonl (never `heldout`) and
// the retired validation sets (valid-en.jsonl; never the current valid-en-2.jsonl), and writes
// src/insights/text/sentiment-model.json. `--check` only compares: exit 1 if the file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { trainSentimentModel } = await import('../src/insights/text/sentiment-train.ts');
const { serializeModel } = await import('../src/insights/text/sentiment-model.ts');
const path = new URL('../src/insights/text/sentiment-model.json', import.meta.url);
const t0 = performance.now();
const text = serializeModel(trainSentimentModel());
const ms = Math.round(performance.now() - t0);
if (process.argv.includes('--check')) {
  // Compared as data: a formatter may lay the file out differently.
  const same = JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(JSON.parse(text));
  process.stdout.write(
    same
      ? `sentiment-model.json is up to date (${ms} ms)\n`
      : 'sentiment-model.json differs from a fresh training: run npm run train:sentiment\n',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(path, text);
process.stdout.write(`wrote src/insights/text/sentiment-model.json (${text.length} bytes, ${ms} ms)\n`);
