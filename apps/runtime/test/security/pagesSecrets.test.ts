import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signRequest } from '../../src/privacy/parseSignedRequest'
import { charla, spawnRuntime, type SpawnedRuntime } from './spawnRuntime'

// A Page connected from the admin API against the built-in emulator, used end to end, its key
// rotated while the runtime runs, the runtime restarted; then the database file and every log
// line are searched for the Page's secrets.

const PAGE_ID = '555000111'
const TOKEN = 'EAAGm0PX4ZCpsBAPageTokenThatMustNeverLeak42'
const PSID = '9900112233'

let dataDir: string
let runtime: SpawnedRuntime
let logs = ''
let apiToken = ''
let appSecret = ''
/** CRM signing secrets the runtime handed out: the first, then the one that replaced it. */
const signing: string[] = []
const LEGACY_PAGE = '555000222'
const LEGACY_SIGNING = 'legacy-plaintext-signing-secret-0123456789'

const flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'echo',
  name: 'Echo',
  locale: 'en-US',
  variables: [{ name: 'answer', type: 'text', scope: 'conversation' }],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'ask',
      type: 'question',
      position: { x: 300, y: 0 },
      data: { text: 'Say something', variable: 'answer', input: 'text' },
    },
    {
      id: 'echo',
      type: 'message',
      position: { x: 600, y: 0 },
      data: { text: 'You said: {{answer}}' },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'echo' },
  ],
}

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(runtime.url + path, {
    method,
    headers: {
      authorization: `Bearer ${apiToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T }
}

const env = () => ({ CHARLA_DATA_DIR: dataDir, LOG_LEVEL: 'trace' })
async function start() {
  runtime = await spawnRuntime(env())
}
async function stop() {
  await runtime.stop()
  logs += runtime.output()
}

/** What the emulated person received, as texts. */
async function received(): Promise<string[]> {
  const res = await api<{ sent: { body: { message?: { text?: string } } }[] }>(
    'GET',
    `/emulator/_control/sent?pageId=${PAGE_ID}&psid=${PSID}`,
  )
  return res.body.sent.map((m) => m.body.message?.text ?? '')
}

async function say(what: object) {
  const res = await api('POST', `/emulator/_control/people/${PSID}/messages`, {
    pageId: PAGE_ID,
    ...what,
  })
  expect(res.status).toBe(200)
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The emulator lives in the runtime's memory: a restarted runtime needs the Page again. */
async function registerOnEmulator() {
  await api('POST', '/emulator/_control/pages', {
    pageId: PAGE_ID,
    accessToken: TOKEN,
    name: 'Shop',
  })
  await api('POST', '/emulator/_control/people', {
    pageId: PAGE_ID,
    psid: PSID,
    firstName: 'Ana',
    lastName: 'Test',
  })
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'charla-security-'))
  const created = await charla(['token', 'create', '--name', 'security-tests'], env())
  expect(created.code).toBe(0)
  apiToken = created.stdout.trim()
  await start()
  appSecret = (await api<{ app: { secret: string } }>('GET', '/emulator/_control/app')).body.app
    .secret
}, 60_000)
afterAll(async () => {
  await runtime?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

describe('a Page connected, used, key-rotated and restarted', () => {
  it('connects and never hands the secrets back', async () => {
    await registerOnEmulator()
    const res = await api('POST', '/api/pages', {
      id: PAGE_ID,
      name: 'Shop',
      accessToken: TOKEN,
      appSecret,
    })
    expect(res.status).toBe(201)
    const text = JSON.stringify(res.body) + JSON.stringify((await api('GET', '/api/pages')).body)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(appSecret)
    expect(text).toContain(TOKEN.slice(-4))
    const keyFile = statSync(join(dataDir, 'secret.key'))
    expect(keyFile.mode & 0o777).toBe(0o600)
  })

  it('hands out the CRM signing secret, and a new one on rotating it (the old one stops)', async () => {
    const first = await api<{ secret: string }>('GET', `/api/leads/webhook-secrets/${PAGE_ID}`)
    expect(first.status).toBe(200)
    expect(first.body.secret).toMatch(/^[0-9a-f]{64}$/)
    const rotated = await api<{ secret: string }>(
      'POST',
      `/api/leads/webhook-secrets/${PAGE_ID}/rotate`,
    )
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^[0-9a-f]{64}$/)
    expect(rotated.body.secret).not.toBe(first.body.secret)
    const again = await api<{ secret: string }>('GET', `/api/leads/webhook-secrets/${PAGE_ID}`)
    expect(again.body.secret).toBe(rotated.body.secret)
    expect((await api('POST', '/api/leads/webhook-secrets/no_such_page/rotate')).status).toBe(404)
    signing.push(first.body.secret, rotated.body.secret)
  })

  it('checks the connection, subscribes the app, and says what was wrong', async () => {
    const before = await api<{
      ok: boolean
      checks: { id: string; ok: boolean; message: string }[]
    }>('POST', `/api/pages/${PAGE_ID}/check`)
    expect(before.body.ok).toBe(false)
    expect(before.body.checks.find((c) => c.id === 'subscription')?.message).toMatch(
      /not subscribed/,
    )
    expect(before.body.checks.filter((c) => c.id !== 'subscription').every((c) => c.ok)).toBe(true)
    const after = await api<{ ok: boolean; webhookUrl: string }>(
      'POST',
      `/api/pages/${PAGE_ID}/subscribe`,
    )
    expect(after.body.ok).toBe(true)
    expect(after.body.webhookUrl).toBe(`${runtime.url}/webhooks/messenger`)
  })

  it('answers the person through the Page, with template injection kept as text', async () => {
    const published = await api('POST', '/api/flows', { flow })
    expect(published.status).toBe(201)
    expect((await api('POST', '/api/flows/echo/publish', { pageId: PAGE_ID })).status).toBe(201)
    await say({ postback: { payload: 'GET_STARTED', title: 'Get Started' } })
    await waitFor(async () => (await received()).includes('Say something'), 'the question')
    const hostile = "{{constructor.constructor('return process')()}} {{__proto__}} {{answer}}"
    await say({ text: hostile })
    await waitFor(async () => (await received()).length >= 2, 'the echo')
    expect((await received())[1]).toBe(`You said: ${hostile}`)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps working after `charla keys rotate`, while running and after a restart', async () => {
    const rotated = await charla(['keys', 'rotate'], env())
    expect(rotated.stdout).toContain('Re-encrypted the secrets of 2 Pages')
    expect(rotated.stdout).toContain('Re-encrypted 1 CRM signing secret.')
    const previous = readFileSync(join(dataDir, 'secret.key.previous'), 'utf8')
    expect(previous.trim().split('\n')).toHaveLength(1)
    // The running runtime meets the new key id once its Page cache expires (1 s).
    await new Promise((r) => setTimeout(r, 1100))
    await say({ postback: { payload: 'GET_STARTED', title: 'Get Started' } })
    await waitFor(async () => (await received()).length >= 3, 'an answer after rotating')
    await stop()
    // A signing secret stored before they were encrypted: the next start encrypts it.
    const raw = new BetterSqlite3(join(dataDir, 'charla.db'))
    raw
      .prepare('insert into lead_webhook_secrets (page_id, secret, created_at) values (?, ?, ?)')
      .run(LEGACY_PAGE, LEGACY_SIGNING, Date.now())
    raw.close()
    await start()
    await registerOnEmulator()
    const kept = await api<{ secret: string }>('GET', `/api/leads/webhook-secrets/${PAGE_ID}`)
    expect(kept.body.secret).toBe(signing[1])
    await say({ postback: { payload: 'GET_STARTED', title: 'Get Started' } })
    await waitFor(async () => (await received()).length >= 1, 'an answer after restarting')
    const check = await api<{ ok: boolean }>('POST', `/api/pages/${PAGE_ID}/check`)
    expect(check.body.ok).toBe(false) // the restarted emulator forgot the subscription…
    expect((await api<{ ok: boolean }>('POST', `/api/pages/${PAGE_ID}/subscribe`)).body.ok).toBe(
      true,
    ) // …but the token, now under the new key, is still Meta's
  })

  it('refuses a forged data-deletion request, deletes on a signed one', async () => {
    const forged = signRequest({ algorithm: 'HMAC-SHA256', user_id: PSID }, 'not-the-secret')
    const refused = await fetch(`${runtime.url}/privacy/facebook/data-deletion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: forged }).toString(),
    })
    expect(refused.status).toBe(400)
    const tampered = signRequest({ algorithm: 'HMAC-SHA256', user_id: 'x' }, appSecret).replace(
      /\.(.)/,
      (_m, c: string) => `.${c === 'e' ? 'f' : 'e'}`,
    )
    const refusedToo = await fetch(`${runtime.url}/privacy/facebook/data-deletion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: tampered }).toString(),
    })
    expect(refusedToo.status).toBe(400)
    const exported = await api<{ tables: Record<string, unknown[]> }>(
      'GET',
      `/api/contacts/${PAGE_ID}/${PSID}/export`,
    )
    expect(exported.status).toBe(200)
    expect(exported.body.tables.conversations).toHaveLength(1)

    const signed = signRequest(
      { algorithm: 'HMAC-SHA256', user_id: PSID, issued_at: Math.floor(Date.now() / 1000) },
      appSecret,
    )
    const done = await fetch(`${runtime.url}/privacy/facebook/data-deletion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: signed }).toString(),
    })
    expect(done.status).toBe(200)
    const answer = (await done.json()) as { url: string; confirmation_code: string }
    expect(answer.url).toBe(`${runtime.url}/privacy/deletion/${answer.confirmation_code}`)
    const status = await fetch(answer.url)
    expect(status.status).toBe(200)
    expect(await status.text()).toContain('completed')
    expect((await api('GET', `/api/contacts/${PAGE_ID}/${PSID}/export`)).status).toBe(404)
  })

  it('leaves no token, app secret or CRM signing secret in the database files, no token or app secret in the logs', async () => {
    await stop()
    const raw = new BetterSqlite3(join(dataDir, 'charla.db'), { readonly: true })
    const pages = raw.prepare('select * from pages').all() as Record<string, string>[]
    const signingRows = raw.prepare('select * from lead_webhook_secrets').all() as {
      page_id: string
      secret: string
    }[]
    // Nothing about the forgotten person anywhere either.
    const tables = (
      raw.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]
    ).map((t) => t.name)
    for (const table of tables) {
      const rows = raw.prepare(`select * from "${table}"`).all()
      expect(JSON.stringify(rows), table).not.toContain(PSID)
    }
    raw.close()
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const page of pages) expect(page.access_token).toMatch(/^enc:v1:/)
    expect(signingRows.map((r) => r.page_id).sort()).toEqual([PAGE_ID, LEGACY_PAGE])
    for (const row of signingRows) expect(row.secret).toMatch(/^enc:v1:/)
    const files = readdirSync(dataDir).filter((f) => f.startsWith('charla.db'))
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(dataDir, f))))
    expect(logs.length).toBeGreaterThan(1000)
    expect(signing).toHaveLength(2)
    for (const secret of [...signing, LEGACY_SIGNING])
      expect(bytes.includes(secret), 'database').toBe(false)
    for (const secret of [TOKEN, appSecret]) {
      expect(bytes.includes(secret), 'database').toBe(false)
      expect(logs.includes(secret), 'logs').toBe(false)
    }
    expect(logs).not.toMatch(/EAAG[A-Za-z0-9]{10}/)
  })
})
