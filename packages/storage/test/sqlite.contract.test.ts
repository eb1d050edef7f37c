import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStorage, openSqliteDatabase } from '../src/sqlite'
import { registerStorageContractTests } from '../src/testing'

registerStorageContractTests('SQLite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'charla-storage-'))
  const storage = await createSqliteStorage(openSqliteDatabase(join(dir, 'data', 'charla.db')))
  return {
    storage,
    cleanup: async () => {
      await storage.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})

registerStorageContractTests('SQLite in memory', async () => {
  const storage = await createSqliteStorage(openSqliteDatabase(':memory:'))
  return { storage, cleanup: () => storage.close() }
})
