import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/** AES-256-GCM: 32-byte keys, 12-byte IVs (the size GCM is specified for), 16-byte tags. */
export const SECRET_KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
/** `enc:v1:<key id>:<iv>:<ciphertext+tag>`, base64url parts: what a secret column holds. */
const PREFIX = 'enc:v1:'

/**
 * Encrypts and decrypts secrets kept at rest (Page tokens, app secrets, verify tokens). The
 * associated data (the Page id) is authenticated with each value, so a ciphertext copied into
 * another Page's row does not decrypt. Several keys can decrypt (the current one and those it
 * replaced, during a rotation); only the current one encrypts.
 */
export interface SecretBox {
  /** The id of the key new values are encrypted with. */
  readonly keyId: string
  encrypt(plaintext: string, associatedData: string): string
  /**
   * The plaintext of a stored value. A value without the `enc:` prefix was written before
   * encryption existed and is returned as is (`isEncrypted` tells them apart).
   * @throws Error when the key that encrypted it is not known or the value was tampered with.
   */
  decrypt(stored: string, associatedData: string): string
  /** True when `stored` is encrypted with the current key (nothing to re-encrypt). */
  isCurrent(stored: string): boolean
}

/** A short, public fingerprint of a key: names it in ciphertexts without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('charla-secret-key-id').update(key).digest('hex').slice(0, 12)
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(PREFIX)
}

/**
 * @param keys the current key first, then older ones still accepted for decryption.
 * @param onUnknownKey asked once for more keys when a value names a key not in `keys` (another
 *   process rotated the key file): returns the keys to add.
 * @param newerKeys asked before each encryption (so it must be cheap): the keys, current first,
 *   when they changed since it was last asked (another process rotated), otherwise undefined.
 *   New values are then encrypted with the new current key without a restart.
 */
export function createSecretBox(
  keys: readonly Buffer[],
  onUnknownKey?: () => readonly Buffer[],
  newerKeys?: () => readonly Buffer[] | undefined,
): SecretBox {
  let [current] = keys
  if (!current) throw new Error('a secret box needs at least one key')
  const byId = new Map<string, Buffer>()
  const add = (key: Buffer) => {
    if (key.length !== SECRET_KEY_BYTES)
      throw new Error(`a secret key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`)
    byId.set(keyIdOf(key), key)
  }
  for (const key of keys) add(key)
  let keyId = keyIdOf(current)

  /** The key new values are encrypted with, after taking a rotation into account. */
  function currentKey(): Buffer {
    const changed = newerKeys?.()
    const [first] = changed ?? []
    if (changed && first) {
      for (const key of changed) add(key)
      current = first
      keyId = keyIdOf(first)
    }
    return current as Buffer
  }

  function keyFor(id: string): Buffer {
    let key = byId.get(id)
    if (!key && onUnknownKey) {
      for (const more of onUnknownKey()) add(more)
      key = byId.get(id)
    }
    if (!key)
      throw new Error(
        `a secret was encrypted with key ${id}, which this process does not have (CHARLA_SECRET_KEY or the secret.key file changed?)`,
      )
    return key
  }

  return {
    get keyId() {
      currentKey()
      return keyId
    },
    encrypt(plaintext, associatedData) {
      const key = currentKey()
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(Buffer.from(associatedData, 'utf8'))
      const body = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ])
      return `${PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`
    },
    decrypt(stored, associatedData) {
      if (!isEncrypted(stored)) return stored
      const [id, ivText, bodyText, extra] = stored.slice(PREFIX.length).split(':')
      if (!id || !ivText || !bodyText || extra !== undefined)
        throw new Error('a stored secret is malformed')
      const iv = Buffer.from(ivText, 'base64url')
      const body = Buffer.from(bodyText, 'base64url')
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
        throw new Error('a stored secret is malformed')
      const decipher = createDecipheriv('aes-256-gcm', keyFor(id), iv, {
        authTagLength: TAG_BYTES,
      })
      decipher.setAAD(Buffer.from(associatedData, 'utf8'))
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8')
      } catch {
        // Never echo the value: say which row's check failed, not what it held.
        throw new Error(
          `a stored secret does not decrypt for "${associatedData}" (wrong key, or the value was altered or moved from another row)`,
        )
      }
    },
    isCurrent(stored) {
      currentKey()
      return stored.startsWith(`${PREFIX}${keyId}:`)
    },
  }
}
