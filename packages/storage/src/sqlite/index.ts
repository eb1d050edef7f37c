export { createSqliteStorage, type SqliteStorageOptions } from './createSqliteStorage'
export { migrateSqlite } from './migrateSqlite'
export { openSqliteDatabase } from './openSqliteDatabase'
