import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as core0001 from './migrations/2026-11-23-0001-core.ts';
import * as cdp0101 from '../../cdp/migrations/2026-11-23-0101-cdp.ts';
import * as cdp0102 from '../../cdp/migrations/2026-11-23-0102-computed-traits.ts';
import * as cdp0110 from '../../cdp/migrations/2026-11-23-0110-cdp-event-rules.ts';
import * as cdp0120 from '../../cdp/migrations/2026-11-23-0120-trait-meta.ts';
import * as cdp0130 from '../../cdp/migrations/2026-11-30-0130-identities-without-fk.ts';
import * as crm0201 from '../../crm/migrations/2026-11-23-0201-crm.ts';
import * as crm0211 from '../../crm/migrations/2026-11-23-0211-crm-people-indexes.ts';
import * as crm0212 from '../../crm/migrations/2026-11-30-0212-crm-people-drop-unused-indexes.ts';
import * as core0002 from './migrations/2026-12-01-0002-notifications.ts';
import * as crm0213 from '../../crm/migrations/2026-12-01-0213-crm-restore.ts';
import * as crm0214 from '../../crm/migrations/2026-12-01-0214-activity-reminders.ts';
import * as cdp0215 from '../../cdp/migrations/2026-12-01-0215-cdp-revenue-by-currency.ts';
import * as cdp0216 from '../../cdp/migrations/2026-12-01-0216-cdp-identity-epochs.ts';
import * as core0003 from './migrations/2026-12-02-0003-memberships-invitations.ts';
import * as crm0217 from '../../crm/migrations/2026-12-03-0217-crm-dedupe-name-idx.ts';
import * as core0004 from './migrations/2026-12-02-0004-webhook-attempts-no-response-body.ts';

/**
 * Every module's migrations, in one ordered list. Names sort by date, so a module adds its files
 * under its own folder and lists them here; Kysely refuses to run out of order.
 */
const all: Record<string, Migration> = {
  '2026-11-23-0001-core': core0001,
  '2026-11-23-0101-cdp': cdp0101,
  '2026-11-23-0102-computed-traits': cdp0102,
  '2026-11-23-0110-cdp-event-rules': cdp0110,
  '2026-11-23-0120-trait-meta': cdp0120,
  '2026-11-23-0201-crm': crm0201,
  '2026-11-23-0211-crm-people-indexes': crm0211,
  '2026-11-30-0130-identities-without-fk': cdp0130,
  '2026-11-30-0212-crm-people-drop-unused-indexes': crm0212,
  '2026-12-01-0002-notifications': core0002,
  '2026-12-01-0213-crm-restore': crm0213,
  '2026-12-01-0214-activity-reminders': crm0214,
  '2026-12-01-0215-cdp-revenue-by-currency': cdp0215,
  '2026-12-01-0216-cdp-identity-epochs': cdp0216,
  '2026-12-02-0003-memberships-invitations': core0003,
  '2026-12-02-0004-webhook-attempts-no-response-body': core0004,
  '2026-12-03-0217-crm-dedupe-name-idx': crm0217,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return all;
  }
}

export async function migrate(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(), migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
