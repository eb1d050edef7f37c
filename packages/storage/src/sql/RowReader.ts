import type { SecretBox } from '../secrets/createSecretBox'

/**
 * A connection of its own that reads a query row by row (better-sqlite3's `iterate()`), for
 * exports: Kysely's SQLite driver has no streaming, and reading 100,000 rows through the
 * shared connection would hold it (and every webhook's commit) for the whole export.
 */
export interface RowReader {
  iterate(sql: string, parameters: readonly unknown[]): IterableIterator<unknown>
  close(): void
}

export interface SqlStorageOptions {
  /** Opens a reader; without one, exports page through the rows in batches instead. */
  openRowReader?: () => RowReader
  /** Encrypts Page and CRM signing secrets at rest; without it they are stored as given (tests, tools). */
  secrets?: SecretBox
}
