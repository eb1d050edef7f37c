import { randomBytes } from 'node:crypto'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { createSecretBox, SECRET_KEY_BYTES } from '@charla/storage'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import {
  decodeKey,
  KEY_FILE,
  loadSecretKeys,
  NEXT_KEY_FILE,
  PREVIOUS_KEYS_FILE,
  readKeyFile,
  readKeyFiles,
  writeKeyFile,
} from './loadSecretKeys'

export interface RotationResult {
  /** How many Pages' secrets were re-encrypted. */
  pages: number
  /** How many Pages' CRM signing secrets were re-encrypted. */
  signingSecrets: number
  /** Env mode: the new key, for CHARLA_SECRET_KEY (the old one moves to …_PREVIOUS). */
  newKey?: string
}

/**
 * Re-encrypts every Page secret and CRM signing secret with a new key.
 *
 * File mode: the new key is written to secret.key.next first, the database is re-encrypted in
 * one transaction, then the files move (the old key joins secret.key.previous, next becomes
 * secret.key). A crash at any point leaves every value readable with the files on disk, and a
 * running runtime reads the files again when it meets the new key id, so it keeps working.
 *
 * Env mode: `CHARLA_SECRET_KEY_NEW` (or a generated key, returned) encrypts; set it as
 * CHARLA_SECRET_KEY and the old one as CHARLA_SECRET_KEY_PREVIOUS before the next start.
 */
export async function rotateSecretKey(
  dataDir: string,
  databaseFile: string,
  env: Record<string, string | undefined>,
): Promise<RotationResult> {
  const loaded = loadSecretKeys(dataDir, env)
  if (loaded.source === 'env') {
    const next = env.CHARLA_SECRET_KEY_NEW
      ? decodeKey(env.CHARLA_SECRET_KEY_NEW, 'CHARLA_SECRET_KEY_NEW')
      : randomBytes(SECRET_KEY_BYTES)
    const counts = await reencrypt(databaseFile, [next, ...loaded.keys])
    return { ...counts, newKey: next.toString('base64') }
  }
  const nextFile = join(dataDir, NEXT_KEY_FILE)
  // A rotation that stopped half-way is finished with its own key, not a third one.
  const next = readKeyFile(nextFile)[0] ?? randomBytes(SECRET_KEY_BYTES)
  writeKeyFile(nextFile, next)
  const counts = await reencrypt(databaseFile, [next, ...readKeyFiles(dataDir)])
  const [current] = readKeyFile(join(dataDir, KEY_FILE))
  const previous = readKeyFile(join(dataDir, PREVIOUS_KEYS_FILE))
  if (current && !current.equals(next))
    writeKeyFile(join(dataDir, PREVIOUS_KEYS_FILE), current, ...previous)
  renameSync(nextFile, join(dataDir, KEY_FILE))
  return counts
}

async function reencrypt(
  databaseFile: string,
  keys: Buffer[],
): Promise<Omit<RotationResult, 'newKey'>> {
  const storage = await createSqliteStorage(openSqliteDatabase(databaseFile), {
    secrets: createSecretBox(keys),
  })
  try {
    // One transaction: a crash leaves every row under keys the files on disk still hold.
    return await storage.transaction(async (tx) => ({
      pages: await tx.pages.reencryptSecrets(),
      signingSecrets: await tx.leads.reencryptWebhookSecrets(),
    }))
  } finally {
    await storage.close()
  }
}
