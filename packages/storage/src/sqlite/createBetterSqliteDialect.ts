import type BetterSqlite3 from 'better-sqlite3'
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'
import { createLruCache } from '../sql/createLruCache'
import { createConnectionMutex } from './createConnectionMutex'

export interface BetterSqliteDialectOptions {
  /** How long a query may wait for the connection while a transaction holds it. */
  connectionTimeoutMs: number
  /** Prepared statements kept, by SQL text. */
  statementCacheSize: number
}

/**
 * Kysely's SQLite dialect with its own driver, for three things the stock one does not do:
 * - write transactions `BEGIN IMMEDIATE`, so two writers never hit SQLITE_BUSY on a lock
 *   upgrade (the WAL trap); this also covers Kysely's own `transaction()` and the Migrator;
 * - prepared statements are reused: better-sqlite3 compiles anew on every `prepare()`;
 * - waiting for the connection is bounded (see createConnectionMutex).
 */
export function createBetterSqliteDialect(
  db: BetterSqlite3.Database,
  options: BetterSqliteDialectOptions,
): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => createBetterSqliteDriver(db, options),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (kysely) => new SqliteIntrospector(kysely),
  }
}

function createBetterSqliteDriver(
  db: BetterSqlite3.Database,
  options: BetterSqliteDialectOptions,
): Driver {
  const mutex = createConnectionMutex(options.connectionTimeoutMs)
  const statements = createLruCache<string, BetterSqlite3.Statement>(options.statementCacheSize)

  function prepare(sql: string): BetterSqlite3.Statement {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }

  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const statement = prepare(query.sql)
      // Rows come back as whatever the query selected; Kysely's types describe them.
      if (statement.reader) return { rows: statement.all(query.parameters) as R[] }
      const { changes, lastInsertRowid } = statement.run(query.parameters)
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] }
    },
    // eslint-disable-next-line require-yield
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error('streaming is not supported by the Charla SQLite driver')
    },
  }

  return {
    async init() {},
    async acquireConnection() {
      await mutex.lock()
      return connection
    },
    async releaseConnection() {
      mutex.unlock()
    },
    async beginTransaction(conn) {
      await conn.executeQuery(CompiledQuery.raw('begin immediate'))
    },
    async commitTransaction(conn) {
      await conn.executeQuery(CompiledQuery.raw('commit'))
    },
    async rollbackTransaction(conn) {
      // SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR…); a second
      // rollback would fail and hide the error that caused the first.
      if (db.inTransaction) await conn.executeQuery(CompiledQuery.raw('rollback'))
    },
    async destroy() {
      db.close()
    },
  }
}
