import type { Kysely } from 'kysely'
import type { FlowVersion } from '../ports'
import type { Database } from './Database'
import type { LruCache } from './createLruCache'

/** What every SQL repository is built from: the same code runs at the top level and in a transaction. */
export interface SqlContext {
  /** The database, or the open transaction when the repository belongs to one. */
  db: Kysely<Database>
  /**
   * Runs several statements as one unit: in a new transaction at the top level, in the current
   * one inside `transaction()`. Single statements do not need it: each is atomic on its own.
   */
  atomic<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>
  /**
   * Parsed flow versions by id, shared by the storage and its transactions. Versions never
   * change and every inbox event needs one, while parsing a flow costs far more than reading it.
   */
  versions: LruCache<string, FlowVersion>
}
