import { Kysely, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Database } from '../src/sql/Database'
import { prepared, preparedInsert } from '../src/sql/prepared'
import { createBetterSqliteDialect } from '../src/sqlite/createBetterSqliteDialect'
import { migrateSqlite } from '../src/sqlite/migrateSqlite'
import { openSqliteDatabase } from '../src/sqlite/openSqliteDatabase'

async function database(): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({
    dialect: createBetterSqliteDialect(openSqliteDatabase(':memory:'), {
      connectionTimeoutMs: 1000,
      statementCacheSize: 10,
    }),
  })
  await migrateSqlite(db)
  return db
}

const insertInbox = preparedInsert(
  ['dedupe_key', 'page_id', 'psid', 'event', 'occurred_at', 'received_at'],
  (db, rows) =>
    db
      .insertInto('inbox')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing()),
)
const pendingOf = prepared(['psid'], (db, v) =>
  db
    .selectFrom('inbox')
    .select(['dedupe_key', 'status'])
    .where('psid', '=', v.psid)
    .where('status', '=', 'pending')
    .orderBy('id'),
)

const row = (key: string, psid: string) => ({
  dedupe_key: key,
  page_id: 'p',
  psid,
  event: JSON.stringify({ type: 'message', text: key }),
  occurred_at: 1,
  received_at: 2,
})

describe('prepared queries', () => {
  it('run with new values each time, constants kept, in and out of transactions', async () => {
    const db = await database()
    try {
      expect((await insertInbox(db, [row('a', 'x'), row('b', 'y')])).numAffectedRows).toBe(2n)
      // Another row count is another statement; a duplicate key is skipped by the database.
      expect((await insertInbox(db, [row('a', 'x')])).numAffectedRows).toBe(0n)
      await db.transaction().execute((tx) => insertInbox(tx, [row('c', 'x')]))
      expect((await pendingOf(db, { psid: 'x' })).rows).toEqual([
        { dedupe_key: 'a', status: 'pending' },
        { dedupe_key: 'c', status: 'pending' },
      ])
      expect((await pendingOf(db, { psid: 'y' })).rows).toEqual([
        { dedupe_key: 'b', status: 'pending' },
      ])
    } finally {
      await db.destroy()
    }
  })

  it('refuses a builder that puts a value into the SQL text', async () => {
    const db = await database()
    try {
      const inlined = prepared(['psid'], (db, v) =>
        db.selectFrom('inbox').selectAll().where('psid', '=', sql.lit<string>(v.psid)),
      )
      await expect(inlined(db, { psid: 'x' })).rejects.toThrow(/put a value into its SQL text/)
    } finally {
      await db.destroy()
    }
  })

  it('refuses a builder that never binds a value it names', async () => {
    const db = await database()
    try {
      const forgot = prepared(['psid', 'pageId'], (db, v) =>
        db.selectFrom('inbox').selectAll().where('psid', '=', v.psid),
      )
      await expect(forgot(db, { psid: 'x', pageId: 'p' })).rejects.toThrow(/never binds pageId/)
    } finally {
      await db.destroy()
    }
  })
})
