import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const INCLUDE = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const EXCLUDE = ['web/**', 'node_modules/**'];

/*
 * The suite runs twice (scripts/test.mjs): on PGlite, then with KARTOTEKA_TEST_DB=postgres on a
 * PostgreSQL server. A test file that never opens a database gains nothing from the second run, so
 * that run leaves out the files that CANNOT reach one — decided from the code, not from a list:
 * a file opens no database when nothing it imports at run time (relative imports followed through
 * every file, `import type` ignored) is a database driver or job queue (`pg`,
 * `@electric-sql/pglite`, `pg-boss`), and no file on the way starts the `kartoteka` command
 * (bin/kartoteka) or reads DATABASE_URL. Anything else — every file using test/helpers.ts, which
 * imports the kernel and so the drivers — runs on both, so a new database test cannot be skipped
 * on PostgreSQL by mistake; at worst a pure file runs twice.
 */
const DB_PACKAGES = new Set(['pg', '@electric-sql/pglite', 'pg-boss']);
const DB_TEXT = /bin\/kartoteka|DATABASE_URL/;
const IMPORT = /(?:^|[;\n\r])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const sources = new Map<string, { text: string; imports: string[] } | null>();
/** A file's text and its run-time imports (relative ones resolved), read once. */
function source(file: string) {
  if (!sources.has(file)) {
    let text: string | null = null;
    let actual = file;
    for (const candidate of [file, `${file}.ts`, join(file, 'index.ts')]) {
      try {
        text = readFileSync(candidate, 'utf8');
        actual = candidate;
        break;
      } catch {
        // not this one
      }
    }
    const imports: string[] = [];
    for (const m of text?.matchAll(IMPORT) ?? []) {
      const spec = m[3] ?? m[4];
      if (!spec || m[2] !== undefined) continue; // `import type` is gone at run time
      imports.push(spec.startsWith('.') || spec.startsWith('/') ? resolve(dirname(actual), spec) : spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
    sources.set(file, text === null ? null : { text, imports });
  }
  return sources.get(file)!;
}

/** Whether any run-time import path from `file` reaches a database (a fresh `seen` per test file). */
function reachesDatabase(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false; // already being followed further up this path
  seen.add(file);
  const src = source(file);
  if (!src) return true; // an import this reading cannot follow: assume the worst
  if (DB_TEXT.test(src.text)) return true;
  return src.imports.some((i) => (i.startsWith('/') ? reachesDatabase(i, seen) : DB_PACKAGES.has(i)));
}

/** Test files no import path of which reaches a database (see above): run on PGlite only. */
function filesWithoutDatabase(): string[] {
  const root = dirname(fileURLToPath(import.meta.url));
  // The files of INCLUDE: *.test.ts under src/ and test/.
  const files = ['src', 'test'].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts')).map((f) => join(dir, f).replaceAll('\\', '/')),
  );
  return files.filter((f) => !reachesDatabase(join(root, f)));
}

const postgresRun = process.env.KARTOTEKA_TEST_DB === 'postgres';
const pureFiles = postgresRun ? filesWithoutDatabase() : [];
if (postgresRun && pureFiles.length && !process.env.VITEST_WORKER_ID) {
  process.stdout.write(`postgres run: ${pureFiles.length} test files reach no database (vitest.config.ts): left to the PGlite run: ${pureFiles.join(', ')}\n`);
}

export default defineConfig({
  test: {
    include: INCLUDE,
    exclude: [...EXCLUDE, ...pureFiles],
    // `npm test -- some.test.ts` of a file that reaches no database: nothing left for this run.
    passWithNoTests: postgresRun,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Each worker keeps its imports from one file to the next: every file imports the whole app
    // (each module, the drivers), and re-importing it per file was a third of the run. Measured on
    // src/crm's 21 files: import 367 s → 44 s summed, the run 716 s → 486 s. Tests share no module
    // state (each builds its own kernel and database), and vi.spyOn is on kernel objects only.
    isolate: false,
    reporters: ['default', './test/count-reporter.ts'],
  },
});
