import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSecretBox, SECRET_KEY_BYTES, type SecretBox } from '@charla/storage'

/** The key file in the data directory, and the keys it replaced (kept to decrypt during a rotation). */
export const KEY_FILE = 'secret.key'
export const PREVIOUS_KEYS_FILE = 'secret.key.previous'
/** Written before a rotation touches the database, so a crash mid-rotation loses nothing. */
export const NEXT_KEY_FILE = 'secret.key.next'

export interface SecretKeys {
  /** The current key first, then older ones. */
  keys: Buffer[]
  /** Where the current key came from, for messages (never the key itself). */
  source: 'env' | 'file'
}

/**
 * The key that encrypts Page secrets: `CHARLA_SECRET_KEY` (base64 of 32 bytes) when set,
 * otherwise `<dataDir>/secret.key`, created on first start with 0600 permissions. Keys a
 * rotation replaced stay readable (CHARLA_SECRET_KEY_PREVIOUS, or secret.key.previous).
 *
 * @throws Error naming the variable or file when a key is unusable.
 */
export function loadSecretKeys(
  dataDir: string,
  env: Record<string, string | undefined>,
): SecretKeys {
  const fromEnv = env.CHARLA_SECRET_KEY?.trim()
  const previous = (text: string | undefined, where: string) =>
    (text ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((k) => decodeKey(k, where))
  if (fromEnv)
    return {
      keys: [
        decodeKey(fromEnv, 'CHARLA_SECRET_KEY'),
        ...previous(env.CHARLA_SECRET_KEY_PREVIOUS, 'CHARLA_SECRET_KEY_PREVIOUS'),
      ],
      source: 'env',
    }
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, KEY_FILE)
  if (!existsSync(file)) writeKeyFile(file, randomBytes(SECRET_KEY_BYTES))
  checkPermissions(file)
  return { keys: readKeyFiles(dataDir), source: 'file' }
}

/**
 * The secret box over these keys. In file mode it re-reads the files when another process
 * rotated: on meeting an unknown key id, and before encrypting when secret.key changed (one
 * stat call), so `charla keys rotate` moves a running runtime's new writes to the new key too.
 */
export function secretBoxFor(dataDir: string, loaded: SecretKeys): SecretBox {
  if (loaded.source !== 'file') return createSecretBox(loaded.keys)
  const file = join(dataDir, KEY_FILE)
  let seen = stampOf(file)
  return createSecretBox(
    loaded.keys,
    () => readKeyFiles(dataDir),
    () => {
      const stamp = stampOf(file)
      if (stamp === seen || stamp === 'missing') return undefined
      let keys: Buffer[]
      try {
        keys = readKeyFiles(dataDir)
      } catch {
        // A file caught half-written: keep the key in use and look again at the next write.
        return undefined
      }
      seen = stamp
      return keys
    },
  )
}

/** What changes when the key file is replaced (rotation renames a new file over it). */
function stampOf(file: string): string {
  const s = statSync(file, { throwIfNoEntry: false })
  return s ? `${s.ino}:${s.mtimeMs}:${s.size}` : 'missing'
}

/** Current, next (a rotation in progress) and previous keys from the data directory. */
export function readKeyFiles(dataDir: string): Buffer[] {
  return [KEY_FILE, NEXT_KEY_FILE, PREVIOUS_KEYS_FILE].flatMap((name) =>
    readKeyFile(join(dataDir, name)),
  )
}

/** The keys in one file, one base64 key a line; none when the file does not exist. */
export function readKeyFile(file: string): Buffer[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split(/\s+/)
    .filter(Boolean)
    .map((line) => decodeKey(line, file))
}

/** Writes a key file readable by its owner only (0600, also when it already existed). */
export function writeKeyFile(file: string, ...keys: Buffer[]): void {
  writeFileSync(file, keys.map((k) => k.toString('base64')).join('\n') + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
}

export function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== SECRET_KEY_BYTES || key.toString('base64') !== text.trim())
    throw new Error(
      `${where} must be ${SECRET_KEY_BYTES} random bytes in base64 (make one with: openssl rand -base64 32)`,
    )
  return key
}

function checkPermissions(file: string): void {
  if (process.platform === 'win32') return
  const mode = statSync(file).mode & 0o777
  if (mode & 0o077)
    throw new Error(
      `${file} can be read by other users (mode ${mode.toString(8)}): run chmod 600 ${file}`,
    )
}
