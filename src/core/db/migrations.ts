import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Core's own migrations folder; each module names its own in its definition (src/core/module.ts). */
export const CORE_MIGRATIONS = new URL('./migrations/', import.meta.url);

/**
 * The migrations in these folders, by name (the file name without `.ts`: the name recorded in
 * `kysely_migration`, so it never changes). One history across modules: Kysely orders them by name,
 * which starts with the date, and refuses to run one older than the last applied.
 */
export async function discoverMigrations(folders: readonly URL[]): Promise<Record<string, Migration>> {
  const all: Record<string, Migration> = {};
  for (const folder of folders) {
    const files = readdirSync(fileURLToPath(folder))
      .filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.ts$/.test(f))
      .sort();
    for (const file of files) {
      const name = file.replace(/\.(ts|js)$/, '');
      if (all[name]) throw new Error(`migration ${name} exists twice (${folder.pathname})`);
      const m = (await import(new URL(file, folder).href)) as Migration;
      if (typeof m.up !== 'function') throw new Error(`migration ${name} (${folder.pathname}) exports no up()`);
      all[name] = m;
    }
  }
  return all;
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly folders: readonly URL[]) {}
  getMigrations() {
    return discoverMigrations(this.folders);
  }
}

/** Applies every pending migration of core and of the modules whose folders are given. */
export async function migrate<Schema>(
  db: Kysely<Schema>,
  folders: readonly URL[] = [CORE_MIGRATIONS],
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(folders),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
