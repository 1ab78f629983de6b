import { describe, it, expect } from 'vitest';
import { modules, loadConfig, describeConfig } from './index.ts';
import { migrationFolders } from '../core/kernel.ts';
import { discoverMigrations } from '../core/db/migrations.ts';
import { checkModules, defineModule } from '../core/module.ts';
import { loadConfig as loadCoreConfig, int } from '../core/config.ts';
import { demoSeeders } from '../cli/demo.ts';

/** The module contract as the composition root uses it (src/core/module.ts, src/app). */
describe('composition root', () => {
  it('finds every migration under the name a database already recorded, in one ordered history', async () => {
    const names = Object.keys(await discoverMigrations(migrationFolders(modules))).sort();
    // The names kysely_migration holds on existing databases (the list core kept by hand before).
    expect(names.slice(0, 17)).toEqual([
      '2026-11-23-0001-core',
      '2026-11-23-0101-cdp',
      '2026-11-23-0102-computed-traits',
      '2026-11-23-0110-cdp-event-rules',
      '2026-11-23-0120-trait-meta',
      '2026-11-23-0201-crm',
      '2026-11-23-0211-crm-people-indexes',
      '2026-11-30-0130-identities-without-fk',
      '2026-11-30-0212-crm-people-drop-unused-indexes',
      '2026-12-01-0002-notifications',
      '2026-12-01-0213-crm-restore',
      '2026-12-01-0214-activity-reminders',
      '2026-12-01-0215-cdp-revenue-by-currency',
      '2026-12-01-0216-cdp-identity-epochs',
      '2026-12-02-0003-memberships-invitations',
      '2026-12-02-0004-webhook-attempts-no-response-body',
      '2026-12-03-0217-crm-dedupe-name-idx',
    ]);
  });

  it("settings: each module's own, same variables, defaults resolved against core's", () => {
    const envs = describeConfig().map((s) => s.env);
    for (const env of [
      'KARTOTEKA_INGEST_WRITERS',
      'KARTOTEKA_REMINDER_SCAN_SECONDS',
      'KARTOTEKA_SEARCH_FUZZY_BUDGET_MS',
      'KARTOTEKA_IMPORT_DIR',
      'KARTOTEKA_IMPORT_MAX_BYTES',
    ])
      expect(envs).toContain(env);
    expect(new Set(envs).size).toBe(envs.length);
    const c = loadConfig({}, { KARTOTEKA_DATA_DIR: '/tmp/kt-x', KARTOTEKA_REMINDER_SCAN_SECONDS: '7' });
    expect(c.importDir).toBe('/tmp/kt-x/imports');
    expect(c.reminderScanSeconds).toBe(7);
    expect(c.ingestWriters).toBe(3);
    expect(() => loadConfig({}, { KARTOTEKA_IMPORT_MAX_BYTES: 'lots' })).toThrow(/KARTOTEKA_IMPORT_MAX_BYTES/);
    // A module may not take a variable another already uses.
    expect(() =>
      loadCoreConfig({}, {}, [{ again: { env: 'PORT', schema: int(1, 2), default: 1, description: 'a second PORT' } }]),
    ).toThrow(/defined twice/);
  });

  it('modules come after those they depend on; names are unique', () => {
    expect(() => checkModules(modules)).not.toThrow();
    expect(() => checkModules([...modules].reverse())).toThrow(
      /(crm|engage|insights|service|cx).*depends on "(cdp|crm)"/,
    );
    const dup = defineModule({ name: 'cdp', create: () => ({}) });
    expect(() => checkModules([...modules, dup])).toThrow(/listed twice/);
  });

  it("demo: users and keys first, then each module's seeder after those it reads, then the finish steps", () => {
    const seeders = demoSeeders(modules);
    const crm = modules.find((m) => m.name === 'crm')!;
    const cdp = modules.find((m) => m.name === 'cdp')!;
    const engage = modules.find((m) => m.name === 'engage')!;
    const loyalty = modules.find((m) => m.name === 'loyalty')!;
    const insights = modules.find((m) => m.name === 'insights')!;
    const service = modules.find((m) => m.name === 'service')!;
    const cx = modules.find((m) => m.name === 'cx')!;
    // Loyalty's seed reads the CDP's orders; the CRM's finish (members' consents) runs before the
    // CDP's (segments that read them), and engage's (broadcasts and campaigns to those segments), then
    // insights' (instalment invoices of the members), then the service desk's (the bank's contact centre),
    // then customer experience's (mentions and the NPS survey).
    expect(seeders.slice(1)).toEqual([
      crm.demo!.seed,
      cdp.demo!.seed,
      loyalty.demo!.seed,
      crm.demo!.finish,
      cdp.demo!.finish,
      engage.demo!.finish,
      insights.demo!.finish,
      service.demo!.finish,
      cx.demo!.finish,
    ]);
  });
});
