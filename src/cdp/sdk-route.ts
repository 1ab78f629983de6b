import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CdpKernel as Kernel } from './kernel.ts';
import { AppError } from '../core/errors.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const SDK_FILE = join(ROOT, 'sdk/dist/kartoteka.js');
const SDK_BUILD = join(ROOT, 'sdk/build.mjs');
const SETTINGS_CACHE_MS = 5_000;

interface Built {
  mtimeMs: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * The browser SDK at GET /sdk.js (sdk/dist/kartoteka.js, built by `npm ci` or on the first request
 * when missing; 503 when it cannot be built), loadable from any site; and the per-source settings
 * the SDK asks for on load, GET /v1/projects/{writeKey}/settings → {requireConsent}, from the
 * workspace setting `requireConsent` (boolean).
 */
export async function sdkRoutes(app: FastifyInstance, k: Kernel) {
  let built: Built | null = null;
  let building: Promise<void> | null = null;

  const load = async (): Promise<Built> => {
    if (!existsSync(SDK_FILE)) {
      if (!existsSync(SDK_BUILD))
        throw new AppError('UNAVAILABLE', 'The browser SDK is not built and its sources are missing (sdk/build.mjs)');
      building ??= (async () => {
        try {
          const { buildSdk } = await import(pathToFileURL(SDK_BUILD).href);
          await buildSdk({ quiet: true });
          k.log.info('built the browser SDK on demand (sdk/dist/kartoteka.js)');
        } finally {
          building = null;
        }
      })();
      try {
        await building;
      } catch (e: any) {
        k.log.error({ err: e }, 'building the browser SDK failed');
        throw new AppError(
          'UNAVAILABLE',
          `The browser SDK is not built and building it failed: run \`node sdk/build.mjs\` (${e?.message ?? e})`,
        );
      }
    }
    const { mtimeMs } = statSync(SDK_FILE);
    if (built?.mtimeMs !== mtimeMs) {
      const body = readFileSync(SDK_FILE);
      built = {
        mtimeMs,
        body,
        gzip: gzipSync(body, { level: 9 }),
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      };
    }
    return built;
  };

  app.get('/sdk.js', { schema: { hide: true } }, async (req, reply) => {
    const b = await load();
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      // Unversioned URL: caches revalidate hourly (ETag), and may serve a stale copy meanwhile.
      .header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400')
      .header('etag', b.etag)
      .header('vary', 'Accept-Encoding')
      // Pages on any site load it: helmet's same-origin resource policy would block the script.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*');
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(/\s*,\s*/).includes(b.etag)) return reply.status(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(b.gzip);
    return reply.send(b.body);
  });

  const settings = new Map<string, { value: { requireConsent: boolean } | null; until: number }>();
  app.get<{ Params: { writeKey: string } }>(
    '/v1/projects/:writeKey/settings',
    { schema: { hide: true } },
    async (req, reply) => {
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
      const key = req.params.writeKey;
      const now = Date.now();
      let hit = settings.get(key);
      if (!hit || hit.until <= now) {
        const source = await k.cdp.authenticateWriteKey(key);
        const ws = source ? await k.auth.getWorkspace(source.workspaceId) : null;
        hit = {
          value: ws ? { requireConsent: ws.settings?.requireConsent === true } : null,
          until: now + SETTINGS_CACHE_MS,
        };
        if (settings.size > 10_000) settings.clear();
        settings.set(key, hit);
      }
      if (!hit.value) throw new AppError('UNAUTHENTICATED', 'Unknown write key');
      reply.header('cache-control', 'public, max-age=300');
      return hit.value;
    },
  );
}
