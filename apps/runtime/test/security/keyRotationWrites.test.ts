import { readFileSync } from 'node:fs'
import { mkdtemp, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createSecretBox, keyIdOf, type Storage } from '@charla/storage'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSecretKeys, secretBoxFor } from '../../src/secrets/loadSecretKeys'
import { rotateSecretKey } from '../../src/secrets/rotateSecretKey'

// `charla keys rotate` runs in another process while the runtime keeps its storage open: the
// runtime's next writes must use the new key, not the one it started with.

let dir: string
let storage: Storage | undefined
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charla-rotate-writes-'))
})
afterEach(async () => {
  await storage?.close()
  storage = undefined
  await rm(dir, { recursive: true, force: true })
})

const page = (id: string, accessToken: string) => ({
  id,
  name: 'Shop',
  accessToken,
  appSecret: `app-secret-of-${id}`,
  verifyToken: `verify-${id}`,
})
const keyFileKey = () => Buffer.from(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), 'base64')
/** The key id a stored value names (`enc:v1:<id>:…`). */
const keyIdIn = (stored: string) => stored.split(':')[2]

describe('a running runtime after a key rotation', () => {
  it('encrypts new writes with the new key without a restart', async () => {
    const file = join(dir, 'charla.db')
    const box = secretBoxFor(dir, loadSecretKeys(dir, {}))
    storage = await createSqliteStorage(openSqliteDatabase(file), { secrets: box })
    const oldKeyId = keyIdOf(keyFileKey())
    await storage.pages.upsert(page('p1', 'token-before-rotation'), 1)
    await storage.leads.webhookSecret('p1', () => 'signing-before', 1)

    const result = await rotateSecretKey(dir, file, {})
    expect(result).toMatchObject({ pages: 1, signingSecrets: 1 })
    const newKeyId = keyIdOf(keyFileKey())
    expect(newKeyId).not.toBe(oldKeyId)

    // Written by the process that was running during the rotation.
    await storage.pages.upsert(page('p2', 'token-after-rotation'), 2)
    await storage.leads.rotateWebhookSecret('p2', () => 'signing-after', 2)
    expect(box.keyId).toBe(newKeyId)
    await storage.close()
    storage = undefined

    const raw = new BetterSqlite3(file, { readonly: true })
    const token = raw.prepare(`select access_token from pages where id = 'p2'`).get() as {
      access_token: string
    }
    const signing = raw
      .prepare(`select secret from lead_webhook_secrets where page_id = 'p2'`)
      .get() as { secret: string }
    raw.close()
    expect(keyIdIn(token.access_token)).toBe(newKeyId)
    expect(keyIdIn(signing.secret)).toBe(newKeyId)

    // The old key can go: everything, old rows and new writes, reads with the new key alone.
    await unlink(join(dir, 'secret.key.previous'))
    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([keyFileKey()]),
    })
    expect((await storage.pages.get('p1'))?.accessToken).toBe('token-before-rotation')
    expect((await storage.pages.get('p2'))?.accessToken).toBe('token-after-rotation')
    expect(await storage.leads.webhookSecret('p1', () => 'unused', 3)).toBe('signing-before')
    expect(await storage.leads.webhookSecret('p2', () => 'unused', 3)).toBe('signing-after')
    expect(await storage.pages.reencryptSecrets()).toBe(0)
  })

  it('keeps the key it has when the key file is gone, instead of failing writes', async () => {
    const box = secretBoxFor(dir, loadSecretKeys(dir, {}))
    const before = box.keyId
    await unlink(join(dir, 'secret.key'))
    const sealed = box.encrypt('still works', 'p1')
    expect(box.keyId).toBe(before)
    expect(box.decrypt(sealed, 'p1')).toBe('still works')
  })
})
