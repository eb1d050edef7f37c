import BetterSqlite3 from 'better-sqlite3'
import type { RowReader } from '../sql/RowReader'

/**
 * A read-only connection of its own to the database file: in WAL mode it reads a snapshot
 * while the runtime's connection keeps committing, and `iterate()` hands over one row at a
 * time, so an export of any size holds one row in memory and never blocks the message path.
 */
export function openRowReader(file: string): RowReader {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
  return {
    iterate: (sql, parameters) => db.prepare(sql).iterate(parameters as unknown[]),
    close: () => db.close(),
  }
}
