import { Migrator, type Kysely } from 'kysely'
import { sqliteMigrations } from './migrations/sqliteMigrations'

/**
 * Brings the database to the latest schema; running it again does nothing. Each migration runs
 * in a write transaction, so two processes starting on one file take turns.
 */
export async function migrateSqlite<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => sqliteMigrations },
    // Features add their own tables in migrations of their own, developed side by side: a
    // database that ran a later-numbered one first must still take the earlier ones.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(`could not migrate the SQLite database${failed ? ` (at ${failed})` : ''}`, {
      cause: error,
    })
  }
}
