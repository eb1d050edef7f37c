import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSecretBox, isEncrypted } from '../src'
import { createSqliteStorage, openSqliteDatabase } from '../src/sqlite'

// Page secrets at rest: AES-256-GCM per value, the Page id as associated data.

const TOKEN = 'EAAG-page-token-0123456789abcdef'
const APP_SECRET = 'app-secret-fedcba9876543210'
const VERIFY = 'verify-token-5555'
const page = (id = 'p1', accessToken = TOKEN) => ({
  id,
  name: 'Shop',
  accessToken,
  appSecret: APP_SECRET,
  verifyToken: VERIFY,
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charla-secrets-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const key = () => randomBytes(32)
/** Every byte the database left on disk: the main file, the WAL and any shared memory. */
const diskBytes = () =>
  Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith('charla.db'))
      .map((f) => readFileSync(join(dir, f))),
  )

describe('Page secrets at rest', () => {
  it('stores ciphertext only, and hands plaintext back', async () => {
    const storage = await createSqliteStorage(openSqliteDatabase(join(dir, 'charla.db')), {
      secrets: createSecretBox([key()]),
    })
    await storage.pages.upsert(page(), 100)
    expect(await storage.pages.get('p1')).toMatchObject({
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      verifyToken: VERIFY,
    })
    await storage.close()
    const bytes = diskBytes()
    for (const secret of [TOKEN, APP_SECRET, VERIFY]) expect(bytes.includes(secret)).toBe(false)
    const raw = new BetterSqlite3(join(dir, 'charla.db'))
    const row = raw.prepare('select * from pages').get() as Record<string, string>
    raw.close()
    expect(isEncrypted(row.access_token!)).toBe(true)
    // A random IV per value: the same text never encrypts the same way twice.
    expect(row.access_token).not.toBe(row.app_secret)
  })

  it('refuses a ciphertext moved to another Page’s row, and a tampered one', async () => {
    const db = openSqliteDatabase(join(dir, 'charla.db'))
    const storage = await createSqliteStorage(db, { secrets: createSecretBox([key()]) })
    await storage.pages.upsert(page('p1'), 100)
    await storage.pages.upsert(page('p2', 'other-token'), 100)
    db.prepare(
      `update pages set access_token = (select access_token from pages where id = 'p1') where id = 'p2'`,
    ).run()
    await expect(storage.pages.get('p2')).rejects.toThrow(/does not decrypt for "p2"/)
    const stored = (
      db.prepare(`select app_secret from pages where id = 'p1'`).get() as {
        app_secret: string
      }
    ).app_secret
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'B' : 'A') + stored.slice(-1)
    db.prepare(`update pages set app_secret = ? where id = 'p1'`).run(flipped)
    const error = await storage.pages.get('p1').catch((e: unknown) => e)
    expect(String(error)).toMatch(/does not decrypt/)
    expect(String(error)).not.toContain(APP_SECRET)
    await storage.close()
  })

  it('keeps a token pause when the same token is saved again, lifts it for a new one', async () => {
    const storage = await createSqliteStorage(openSqliteDatabase(join(dir, 'charla.db')), {
      secrets: createSecretBox([key()]),
    })
    await storage.pages.upsert(page(), 100)
    await storage.pages.setStatus('p1', 'paused', 'token refused (190)', 200)
    expect((await storage.pages.upsert(page(), 300)).status).toBe('paused')
    expect((await storage.pages.upsert(page('p1', 'new-token'), 400)).status).toBe('active')
    await storage.close()
  })

  it('re-encrypts with a new key (old rows and plaintext rows alike); the old key can go', async () => {
    const file = join(dir, 'charla.db')
    const oldKey = key()
    const newKey = key()
    // A row from before encryption existed.
    let storage = await createSqliteStorage(openSqliteDatabase(file))
    await storage.pages.upsert(page('legacy', 'legacy-token-abc'), 50)
    await storage.close()
    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([oldKey]),
    })
    expect((await storage.pages.get('legacy'))?.accessToken).toBe('legacy-token-abc')
    expect(await storage.pages.reencryptSecrets()).toBe(1)
    await storage.pages.upsert(page(), 100)
    expect(await storage.pages.reencryptSecrets()).toBe(0)
    await storage.close()

    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([newKey, oldKey]),
    })
    expect(await storage.pages.reencryptSecrets()).toBe(2)
    await storage.close()

    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([newKey]),
    })
    expect((await storage.pages.get('p1'))?.accessToken).toBe(TOKEN)
    expect((await storage.pages.get('legacy'))?.accessToken).toBe('legacy-token-abc')
    await storage.close()
    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([oldKey]),
    })
    await expect(storage.pages.get('p1')).rejects.toThrow(/which this process does not have/)
    await storage.close()
    expect(diskBytes().includes('legacy-token-abc')).toBe(false)
  })

  it('seals CRM signing secrets too: ciphertext on disk, tied to their Page, re-encrypted with a new key', async () => {
    const file = join(dir, 'charla.db')
    const oldKey = key()
    const newKey = key()
    const SIGNING = 'crm-signing-secret-0123456789abcdef'
    const LEGACY = 'legacy-signing-secret-fedcba'
    // A row from before signing secrets were encrypted.
    let storage = await createSqliteStorage(openSqliteDatabase(file))
    await storage.leads.webhookSecret('legacy', () => LEGACY, 50)
    await storage.close()

    const db = openSqliteDatabase(file)
    storage = await createSqliteStorage(db, { secrets: createSecretBox([oldKey]) })
    expect(await storage.leads.webhookSecret('legacy', () => 'unused', 60)).toBe(LEGACY)
    expect(await storage.leads.reencryptWebhookSecrets()).toBe(1)
    expect(await storage.leads.webhookSecret('p1', () => SIGNING, 100)).toBe(SIGNING)
    expect(await storage.leads.webhookSecret('p2', () => 'other-signing', 100)).toBe(
      'other-signing',
    )
    expect(await storage.leads.reencryptWebhookSecrets()).toBe(0)
    const stored = db
      .prepare('select page_id, secret from lead_webhook_secrets order by page_id')
      .all() as { page_id: string; secret: string }[]
    expect(stored.every((row) => isEncrypted(row.secret))).toBe(true)
    // Moved to another Page's row, it does not decrypt.
    db.prepare(
      `update lead_webhook_secrets set secret = (select secret from lead_webhook_secrets where page_id = 'p1') where page_id = 'p2'`,
    ).run()
    await expect(storage.leads.webhookSecret('p2', () => 'unused', 110)).rejects.toThrow(
      /does not decrypt for "p2"/,
    )
    await storage.leads.rotateWebhookSecret('p2', () => 'rotated-signing', 120)
    await storage.close()

    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([newKey, oldKey]),
    })
    expect(await storage.leads.reencryptWebhookSecrets()).toBe(3)
    await storage.close()
    storage = await createSqliteStorage(openSqliteDatabase(file), {
      secrets: createSecretBox([newKey]),
    })
    expect(await storage.leads.webhookSecret('p1', () => 'unused', 130)).toBe(SIGNING)
    expect(await storage.leads.webhookSecret('p2', () => 'unused', 130)).toBe('rotated-signing')
    expect(await storage.leads.webhookSecret('legacy', () => 'unused', 130)).toBe(LEGACY)
    await storage.close()
    const bytes = diskBytes()
    for (const secret of [SIGNING, LEGACY, 'rotated-signing'])
      expect(bytes.includes(secret)).toBe(false)
  })

  it('asks for more keys when a value names one it does not know (another process rotated)', () => {
    const a = key()
    const b = key()
    const sealed = createSecretBox([b]).encrypt('hello', 'p1')
    let asked = 0
    const box = createSecretBox([a], () => {
      asked++
      return [b]
    })
    expect(box.decrypt(sealed, 'p1')).toBe('hello')
    expect(box.decrypt(sealed, 'p1')).toBe('hello')
    expect(asked).toBe(1)
  })
})
