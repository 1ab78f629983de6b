import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Its own results cache (file durations, which order files run in): npm test runs this beside the
  // database runs (scripts/test.mjs), and two runs writing one results.json could leave it half written.
  cacheDir: 'node_modules/.vite-e2e',
  test: {
    include: ['web/e2e/**/*.e2e.test.ts'],
    // Seeds the demo once, starts the shared server and one chromium for the whole run (see there).
    globalSetup: ['web/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll gives up after 1 s by default: on this shared 2-core box a page or the server can
    // take longer to answer. Waiting longer only waits for the answer; a wrong one still fails.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default', './test/count-reporter.ts'],
  },
});
