import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSqliteStorage } from '../src/sqlite/createSqliteStorage'
import { openSqliteDatabase } from '../src/sqlite/openSqliteDatabase'

describe('background checkpoints', () => {
  it('move committed pages from the WAL into the database file off the main thread', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'charla-ckpt-'))
    try {
      const file = join(dir, 'charla.db')
      const db = openSqliteDatabase(file)
      const storage = await createSqliteStorage(db, { backgroundCheckpoints: true })
      // The main connection no longer checkpoints at SQLite's default of 1,000 pages.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000)
      const before = (await stat(file)).size
      for (let i = 0; i < 50; i++)
        await storage.inbox.add(
          Array.from({ length: 100 }, (_, j) => ({
            dedupeKey: `k${i}_${j}`,
            pageId: 'p',
            psid: `u${j}`,
            event: { type: 'message' as const, mid: `m${i}_${j}`, text: 'x'.repeat(200) },
            occurredAt: 1,
            receivedAt: 1,
          })),
        )
      // Within a few intervals the thread has copied the inbox into the database file.
      const deadline = Date.now() + 5000
      while ((await stat(file)).size <= before + 500_000 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100))
      expect((await stat(file)).size).toBeGreaterThan(before + 500_000)
      await storage.close()
      const reopened = openSqliteDatabase(file)
      expect(reopened.prepare('select count(*) as n from inbox').get()).toEqual({ n: 5000 })
      reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
