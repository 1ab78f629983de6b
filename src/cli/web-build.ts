import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from '../core/http/app.ts';

/** `npm ci` builds the UI (prepare); if someone deleted web/dist, rebuild it instead of serving nothing. */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  try {
    const { build } = await import('vite');
    process.stderr.write('Building the web UI (first start)…\n');
    await build({ configFile: join(WEB_DIST, '..', 'vite.config.ts'), logLevel: 'warn' });
  } catch (e) {
    process.stderr.write(`Web UI not built (${(e as Error).message}); the API still works. Run: npm run build:web\n`);
  }
}
