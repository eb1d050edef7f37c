import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'

/**
 * Opens (creating if needed) the SQLite file the embedded runtime keeps its data in, with the
 * settings a web process plus workers need:
 * - WAL: readers never block the writer, and commits are appends;
 * - synchronous=NORMAL: survives a process crash (the WAL is on disk), may lose the last
 *   commits on power loss; no fsync per commit keeps ≥ 1,000 events/s within reach;
 * - busy_timeout: another connection's write makes this one wait, not fail;
 * - foreign_keys: SQLite leaves them off unless asked, per connection.
 */
export function openSqliteDatabase(file: string): BetterSqlite3.Database {
  if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true })
  const db = new BetterSqlite3(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
    db.pragma('foreign_keys = ON')
  } catch (err) {
    db.close()
    throw err
  }
  return db
}
