import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints `N passed, N failed, N skipped` as the last line (what CI reads), and writes the same
 * counts to $KARTOTEKA_TEST_SUMMARY so scripts/test.mjs can add up the runs.
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // The names of what failed travel with the counts: CI keeps only the tail of its output.
    const failures: string[] = [];
    for (const m of modules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') {
          failedHere++;
          failures.push(`${m.moduleId.replace(process.cwd() + '/', '')} › ${t.fullName}`);
        } else skipped++;
      }
      // A file that failed to load, or whose beforeAll/afterAll failed (its tests then show as
      // skipped), must still count as a failure.
      if (m.state() === 'failed' && failedHere === 0) {
        failedHere = 1;
        failures.push(`${m.moduleId.replace(process.cwd() + '/', '')} (the file failed: load, beforeAll or afterAll)`);
      }
      failed += failedHere;
    }
    if (errors.length) {
      failed += errors.length;
      for (const e of errors) failures.push(`unhandled error: ${String((e as Error)?.message ?? e).slice(0, 200)}`);
    }
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}\n`);
    process.stdout.write(`\n${line}\n`);
    if (process.env.KARTOTEKA_TEST_SUMMARY)
      writeFileSync(process.env.KARTOTEKA_TEST_SUMMARY, JSON.stringify({ passed, failed, skipped, failures }));
  }
}
