import type BetterSqlite3 from 'better-sqlite3'
import { openRowReader } from './openRowReader'
import { Kysely } from 'kysely'
import type { Storage } from '../ports'
import type { SecretBox } from '../secrets/createSecretBox'
import type { Database } from '../sql/Database'
import { createSqlStorage } from '../sql/createSqlStorage'
import { createBetterSqliteDialect } from './createBetterSqliteDialect'
import { migrateSqlite } from './migrateSqlite'
import { startBackgroundCheckpoints } from './startBackgroundCheckpoints'

export interface SqliteStorageOptions {
  /**
   * How long a call may wait while a transaction holds the connection before it fails with an
   * explanation (default 30 s). Only a stuck transaction gets anywhere near it.
   */
  connectionTimeoutMs?: number
  /**
   * Checkpoint the WAL on a background thread (see startBackgroundCheckpoints) instead of in
   * the commits of this connection. For a database file; ignored for `:memory:`.
   */
  backgroundCheckpoints?: boolean
  /** Encrypts Page secrets at rest (see createSecretBox). */
  secrets?: SecretBox
}

/** This connection's own checkpoints only past this many WAL pages (~40 MB): a backstop. */
const BACKSTOP_CHECKPOINT_PAGES = 10_000

/**
 * The embedded storage over an open better-sqlite3 connection (see `openSqliteDatabase`): it
 * migrates the schema, then owns the connection (`close()` closes it). It never opens files or
 * reads the environment, so the caller decides where data lives and tests use `:memory:`.
 */
export async function createSqliteStorage(
  db: BetterSqlite3.Database,
  options: SqliteStorageOptions = {},
): Promise<Storage> {
  const kysely = new Kysely<Database>({
    dialect: createBetterSqliteDialect(db, {
      connectionTimeoutMs: options.connectionTimeoutMs ?? 30_000,
      // Each distinct SQL text is one entry; batch inserts of 1..100 rows are the bulk of them.
      statementCacheSize: 1000,
    }),
  })
  await migrateSqlite(kysely)
  const storage = createSqlStorage(kysely, {
    ...(db.memory ? {} : { openRowReader: () => openRowReader(db.name) }),
    ...(options.secrets ? { secrets: options.secrets } : {}),
  })
  if (!options.backgroundCheckpoints || db.memory) return storage
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`)
  const checkpoints = startBackgroundCheckpoints(db.name)
  return {
    ...storage,
    async close() {
      await checkpoints.stop()
      await storage.close()
    },
  }
}
