import { join } from 'node:path'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import { createAdminAuth, type AdminAuth } from '../auth/createAdminAuth'
import type { ServerConfig } from '../readServerConfig'

/** The runtime's database (as `startRuntime` opens it) with the accounts service over it. */
export async function openAuth(
  config: ServerConfig,
): Promise<{ auth: AdminAuth; close: () => Promise<void> }> {
  const file = config.databaseUrl?.replace(/^sqlite:/, '') || join(config.dataDir, 'charla.db')
  const storage = await createSqliteStorage(openSqliteDatabase(file))
  return { auth: createAdminAuth({ storage, now: Date.now }), close: () => storage.close() }
}
