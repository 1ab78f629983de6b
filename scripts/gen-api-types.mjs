#!/usr/bin/env node
// The browser's API types, generated from the server's OpenAPI document (issue 12, item 3):
//   node scripts/gen-api-types.mjs            writes web/src/api/schema.d.ts and enums.ts (checked in)
//   node scripts/gen-api-types.mjs --check    regenerates them to a temp folder and fails on any drift
// The document is built in-process (the app on a throwaway in-memory database, no port, no data).
import { register } from 'tsx/esm/api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'web/src/api');
const check = process.argv.includes('--check');

async function openApiDocument() {
  const { loadConfig, openDatabase, createKernel, buildApp } = await import(join(root, 'src/app/index.ts'));
  // A throwaway secret key: no key file is written for a document.
  const config = loadConfig({ logLevel: 'silent', dataDir: 'memory', secretKey: '00'.repeat(32) }, {});
  const database = await openDatabase({ dataDir: 'memory', migrate: false });
  const kernel = await createKernel(config, { database });
  const app = await buildApp(kernel, { serveWeb: false, logger: false });
  try {
    await app.ready();
    const r = await app.inject({ method: 'GET', url: '/api/docs/json' });
    if (r.statusCode !== 200) throw new Error(`GET /api/docs/json → ${r.statusCode}: ${r.body.slice(0, 300)}`);
    return r.json();
  } finally {
    await app.close();
    await database.close();
  }
}

/**
 * The server's value lists the UI needs at run time (menus, filters, sort choices), taken from the
 * document: an operation's query parameter or body field, a response field, or a named schema's field.
 */
const ENUMS = {
  ROLES: { op: 'createUser', body: 'role' },
  LIFECYCLE_STAGES: { schema: 'Person', at: 'lifecycleStage' },
  PEOPLE_SORTS: { op: 'listPeople', query: 'sort' },
  COMPANY_SORTS: { op: 'listCompanies', query: 'sort' },
  DUPLICATE_REASONS: { op: 'listDuplicatePeople', response: 'data[].reasons[]' },
  CONSENT_CHANNELS: { op: 'createPersonConsent', body: 'channel' },
  CONSENT_PURPOSES: { op: 'createPersonConsent', body: 'purpose' },
  CUSTOM_FIELD_TYPES: { op: 'createCustomField', body: 'type' },
  CUSTOM_FIELD_ENTITIES: { op: 'createCustomField', body: 'entity' },
  DEAL_STATUSES: { schema: 'Deal', at: 'status' },
  STAGE_KINDS: { schema: 'Pipeline', at: 'stages[].kind' },
  DELIVERY_STATUSES: { op: 'listWebhookDeliveries', query: 'status' },
  JOB_STATES: { op: 'listJobs', response: 'data[].state' },
  AUDIT_CHANNELS: { op: 'listAuditEntries', query: 'channel' },
  SOURCE_KINDS: { schema: 'Source', at: 'kind' },
  ORIGINS: { schema: 'Source', at: 'origin' },
  TRAIT_AGGREGATIONS: { op: 'listComputedTraits', response: 'data[].aggregation' },
  RFM_SEGMENTS: { schema: 'Profile', at: 'computedTraits.rfm.segment' },
};

function enumsOf(doc) {
  const deref = (s) =>
    s && s.$ref
      ? deref(
          s.$ref
            .split('/')
            .slice(1)
            .reduce((o, k) => o[k], doc),
        )
      : s;
  const operation = (id) => {
    for (const methods of Object.values(doc.paths))
      for (const op of Object.values(methods)) if (op?.operationId === id) return op;
    throw new Error(`enums: no operation ${id}`);
  };
  // Walks `a.b[].c` through properties and items, looking inside anyOf/oneOf/allOf (nullable fields).
  const walk = (schema, at) => {
    let s = deref(schema);
    for (const step of at ? at.split('.') : []) {
      const name = step.replace(/\[\]/g, '');
      const variants = (x) => [x, ...(x.anyOf ?? []), ...(x.oneOf ?? []), ...(x.allOf ?? [])].map(deref);
      if (name) s = deref(variants(s).find((v) => v.properties?.[name])?.properties[name]);
      for (let n = step.split('[]').length - 1; n > 0; n--) s = deref(variants(s).find((v) => v.items)?.items);
      if (!s) throw new Error(`enums: nothing at ${at}`);
    }
    const values = [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])].map(deref).find((v) => Array.isArray(v.enum))?.enum;
    if (!values) throw new Error(`enums: no enum at ${at}`);
    return values.filter((v) => v !== null);
  };
  return Object.entries(ENUMS).map(([name, where]) => {
    let values;
    if (where.schema) values = walk(doc.components.schemas[where.schema], where.at);
    else {
      const op = operation(where.op);
      if (where.query) values = walk(op.parameters.find((p) => p.in === 'query' && p.name === where.query).schema, '');
      else if (where.body) values = walk(op.requestBody.content['application/json'].schema, where.body);
      else values = walk(op.responses['200'].content['application/json'].schema, where.response);
    }
    return [name, values];
  });
}

const NOTE = ` *
 * Generated from the server's OpenAPI document by scripts/gen-api-types.mjs: do not edit. Change the route
 * schemas, then run \`npm run gen:api\`; CI fails on drift (\`npm run check:api\`).`;

/** In the repo's Biome format, so that formatting the tree never makes the check see drift. */
function formatted(name, text) {
  const biome = join(root, 'node_modules/.bin/biome');
  const r = spawnSync(biome, ['format', `--stdin-file-path=web/src/api/${name}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`biome format of ${name} failed: ${r.stderr}`);
  return r.stdout;
}

const doc = await openApiDocument();
const files = {
  'schema.d.ts': formatted(
    'schema.d.ts',
    `/**\n * The API's paths, operations and schemas (openapi-typescript).\n${NOTE}\n */\n\n` +
      astToString(await openapiTS(doc, { alphabetize: true })),
  ),
  'enums.ts': formatted(
    'enums.ts',
    `/**\n * The server's value lists, as the document gives them.\n${NOTE}\n */\n\n` +
      enumsOf(doc)
        .map(
          ([name, values]) =>
            `export const ${name} = [${values.map((v) => JSON.stringify(v).replace(/^"|"$/g, "'")).join(', ')}] as const;\n`,
        )
        .join(''),
  ),
};

if (!check) {
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(outDir, name), text);
    console.log(`wrote web/src/api/${name} (${text.length} characters)`);
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), 'kt-api-'));
  let drift = false;
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    let current = '';
    try {
      current = readFileSync(join(outDir, name), 'utf8');
    } catch {
      /* missing: drift */
    }
    if (current === text) continue;
    drift = true;
    const a = current.split('\n');
    const b = text.split('\n');
    let i = 0;
    while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
    console.error(
      `web/src/api/${name} is out of date: it differs from what the server's OpenAPI document gives (first at line ${i + 1}).\n` +
        `  checked in: ${a[i] ?? '(end of file)'}\n  generated:  ${b[i] ?? '(end of file)'}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  if (drift) {
    console.error('The API changed: run `npm run gen:api` and commit web/src/api/ with the route change.');
    process.exit(1);
  }
  console.log('web/src/api/ matches the OpenAPI document');
}
// Open handles of the kernel (timers, pools) must not keep the process alive.
process.exit(0);
