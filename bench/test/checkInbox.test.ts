import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { checkInbox } from '../src/system/checkInbox'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('checkInbox', () => {
  it('finds each expected key once, and counts missing and surplus rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'charla-bench-test-'))
    dirs.push(dir)
    const file = join(dir, 'charla.db')
    const db = new Database(file)
    // No unique constraint here, so a duplicate can be planted.
    db.exec('create table inbox (id integer primary key, dedupe_key text not null)')
    const insert = db.prepare('insert into inbox (dedupe_key) values (?)')
    for (const key of ['p:m1', 'p:m2', 'p:m2', 'p:other']) insert.run(key)
    db.close()
    expect(checkInbox(file, new Set(['p:m1', 'p:m2', 'p:m3']))).toEqual({
      stored: 2,
      lost: 1,
      duplicated: 2,
    })
  })
})
