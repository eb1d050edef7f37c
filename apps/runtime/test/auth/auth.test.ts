import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'
import { ADMIN, authClient, setUpAdmin } from './authClient'

let t: ApiRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const clock = { now: Date.UTC(2026, 0, 5, 9) }
async function start(env: Record<string, string> = {}) {
  clock.now = Date.UTC(2026, 0, 5, 9)
  t = await startApiRuntime({ now: () => clock.now, env })
  return t
}
const HOUR = 3600_000

describe('first run', () => {
  it('needs setup, creates the admin once, and logs them in with a strict cookie', async () => {
    const { runtime } = await start()
    const anonymous = authClient(runtime.app)
    expect((await anonymous.request('GET', '/api/auth/state')).json()).toEqual({
      setupNeeded: true,
    })
    const weak = await anonymous.request('POST', '/api/auth/setup', { ...ADMIN, password: 'short' })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().message).toContain('at least 10 characters')

    const res = await anonymous.request('POST', '/api/auth/setup', ADMIN)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      user: { email: ADMIN.email },
      csrfToken: expect.any(String),
    })
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toMatch(/^charla_session=[\w-]{43};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect(cookie).toContain('Path=/')
    // Plain http on 127.0.0.1: a Secure cookie would never come back.
    expect(cookie).not.toContain('Secure')

    const state = await anonymous.request('GET', '/api/auth/state')
    expect(state.json()).toEqual({
      setupNeeded: false,
      user: { id: expect.any(String), email: ADMIN.email },
      csrfToken: anonymous.csrf,
    })
    expect(state.headers['cache-control']).toBe('no-store')

    // Setup only works while no user exists, whoever asks.
    const again = await authClient(runtime.app).request('POST', '/api/auth/setup', {
      email: 'mallory@example.com',
      password: 'another long password',
    })
    expect(again.statusCode).toBe(409)
    expect(await runtime.storage.auth.countUsers()).toBe(1)
    expect((await authClient(runtime.app).request('GET', '/api/auth/state')).json()).toEqual({
      setupNeeded: false,
    })
  })

  it('sets a Secure cookie behind a trusted https proxy, and only then', async () => {
    const { runtime } = await start({ CHARLA_TRUST_PROXY: 'true' })
    const viaProxy = await authClient(runtime.app).request('POST', '/api/auth/setup', ADMIN, {
      'x-forwarded-proto': 'https',
    })
    expect(String(viaProxy.headers['set-cookie'])).toContain('Secure')
    await t?.stop()
    const untrusted = await start()
    const res = await authClient(untrusted.runtime.app).request('POST', '/api/auth/setup', ADMIN, {
      'x-forwarded-proto': 'https',
    })
    expect(String(res.headers['set-cookie'])).not.toContain('Secure')
  })
})

describe('login and logout', () => {
  it('logs in with the right password only, with one message for every failure', async () => {
    const { runtime } = await start()
    await setUpAdmin(runtime.app)
    const client = authClient(runtime.app)
    const wrong = await client.request('POST', '/api/auth/login', {
      ...ADMIN,
      password: 'nope nope nope',
    })
    const unknown = await client.request('POST', '/api/auth/login', {
      email: 'nobody@example.com',
      password: ADMIN.password,
    })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    // No account enumeration: the same answer whether or not the email has an account.
    expect(unknown.json()).toEqual(wrong.json())
    expect(client.cookie).toBeUndefined()
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(401)

    const ok = await client.request('POST', '/api/auth/login', {
      email: '  Ana@Example.com ',
      password: ADMIN.password,
    })
    expect(ok.statusCode).toBe(200)
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(200)
    const session = client.cookie

    const out = await client.request('POST', '/api/auth/logout')
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toMatch(/^charla_session=;/)
    // The session is gone from the database: the old cookie opens nothing.
    client.cookie = session
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(401)
  })

  it('gives a new session id at every login (a planted id is worthless)', async () => {
    const { runtime } = await start()
    const first = await setUpAdmin(runtime.app)
    const before = first.cookie
    await first.request('POST', '/api/auth/login', ADMIN)
    expect(first.cookie).not.toBe(before)
    const stale = authClient(runtime.app)
    stale.cookie = before
    expect((await stale.request('GET', '/api/flows')).statusCode).toBe(401)
  })

  it('answers 429 with Retry-After after 5 failures for an account, even to the right password', async () => {
    const { runtime } = await start()
    await setUpAdmin(runtime.app)
    const client = authClient(runtime.app)
    for (let i = 0; i < 5; i++)
      expect(
        (
          await client.request('POST', '/api/auth/login', {
            ...ADMIN,
            password: `guess ${i} guess`,
          })
        ).statusCode,
      ).toBe(401)
    const limited = await client.request('POST', '/api/auth/login', ADMIN)
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error).toBe('too_many_attempts')
    const retryAfter = Number(limited.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    // Other accounts from elsewhere are not locked out by it... but this address keeps
    // counting: 20 failures from one address block it whatever the account.
    clock.now += retryAfter * 1000
    expect((await client.request('POST', '/api/auth/login', ADMIN)).statusCode).toBe(200)
  })

  it('limits one address trying many accounts', async () => {
    const { runtime } = await start()
    await setUpAdmin(runtime.app)
    const client = authClient(runtime.app)
    for (let i = 0; i < 20; i++)
      await client.request('POST', '/api/auth/login', {
        email: `user${i}@example.com`,
        password: 'whatever whatever',
      })
    expect((await client.request('POST', '/api/auth/login', ADMIN)).statusCode).toBe(429)
  })
})

describe('session expiry', () => {
  it('ends a session idle for 12 hours', async () => {
    const { runtime } = await start()
    const client = await setUpAdmin(runtime.app)
    clock.now += 11 * HOUR
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(200)
    clock.now += 11 * HOUR
    // Still fine: the last request counts as activity.
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(200)
    clock.now += 12 * HOUR + 1
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(401)
  })

  it('ends an active session 7 days after login', async () => {
    const { runtime } = await start()
    const client = await setUpAdmin(runtime.app)
    const loggedInAt = clock.now
    while (clock.now + 10 * HOUR < loggedInAt + 7 * 24 * HOUR) {
      clock.now += 10 * HOUR
      expect((await client.request('GET', '/api/flows')).statusCode).toBe(200)
    }
    clock.now = loggedInAt + 7 * 24 * HOUR
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(401)
  })
})

describe('CSRF', () => {
  it('refuses cookie writes without the token, with a wrong one, or from another site', async () => {
    const { runtime } = await start()
    const client = await setUpAdmin(runtime.app)
    const csrf = client.csrf!
    client.csrf = undefined
    const none = await client.request('POST', '/api/flows', { name: 'x' })
    expect(none.statusCode).toBe(403)
    expect(none.json().error).toBe('csrf_failed')
    const wrong = await client.request(
      'POST',
      '/api/flows',
      { name: 'x' },
      { 'x-csrf-token': 'A'.repeat(43) },
    )
    expect(wrong.statusCode).toBe(403)

    client.csrf = csrf
    const evil = await client.request(
      'POST',
      '/api/flows',
      { name: 'x' },
      { origin: 'https://evil.example' },
    )
    expect(evil.statusCode).toBe(403)
    expect(evil.json().error).toBe('cross_origin')
    const crossSite = await client.request(
      'POST',
      '/api/flows',
      { name: 'x' },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(crossSite.statusCode).toBe(403)
    // Logging in from another site is refused too (login CSRF).
    const login = await authClient(runtime.app).request('POST', '/api/auth/login', ADMIN, {
      origin: 'https://evil.example',
    })
    expect(login.statusCode).toBe(403)
    expect(await runtime.storage.flows.listDrafts()).toEqual([])

    const same = await client.request(
      'POST',
      '/api/flows',
      { name: 'Mine' },
      { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
    )
    expect(same.statusCode).toBe(201)
    // Reads need no token.
    client.csrf = undefined
    expect((await client.request('GET', '/api/flows')).statusCode).toBe(200)
  })

  it('binds the token to the session: another session’s token is refused', async () => {
    const { runtime } = await start()
    const ana = await setUpAdmin(runtime.app)
    const other = authClient(runtime.app)
    await other.request('POST', '/api/auth/login', ADMIN)
    expect(other.csrf).not.toBe(ana.csrf)
    other.csrf = ana.csrf
    expect((await other.request('POST', '/api/flows', { name: 'x' })).statusCode).toBe(403)
  })
})

describe('API tokens', () => {
  it('are shown once, work as Bearer without CSRF, and stop working when revoked', async () => {
    const { runtime } = await start()
    const client = await setUpAdmin(runtime.app)
    const made = await client.request('POST', '/api/auth/tokens', { name: 'GitHub Actions' })
    expect(made.statusCode).toBe(201)
    const { token, info } = made.json<{ token: string; info: { id: string } }>()
    expect(token).toMatch(/^charla_[\w-]{43}$/)
    const list = await client.request('GET', '/api/auth/tokens')
    // Next to the test harness's own token.
    expect(list.json().tokens).toContainEqual({
      id: info.id,
      name: 'GitHub Actions',
      prefix: token.slice(0, 11),
      createdAt: clock.now,
    })
    expect(list.body).not.toContain(token)

    const bearer = { authorization: `Bearer ${token}` }
    const program = authClient(runtime.app)
    const created = await program.request('POST', '/api/flows', { name: 'From CI' }, bearer)
    expect(created.statusCode).toBe(201)
    expect((await program.request('GET', '/api/auth/state', undefined, bearer)).json()).toEqual({
      setupNeeded: false,
      token: { id: info.id, name: 'GitHub Actions' },
    })

    expect((await client.request('DELETE', `/api/auth/tokens/${info.id}`)).statusCode).toBe(204)
    expect((await program.request('GET', '/api/flows', undefined, bearer)).statusCode).toBe(401)
    expect((await client.request('DELETE', `/api/auth/tokens/${info.id}`)).statusCode).toBe(404)
    expect(
      (
        await program.request('GET', '/api/flows', undefined, {
          authorization: 'Bearer charla_nope',
        })
      ).statusCode,
    ).toBe(401)
    expect(
      (await program.request('GET', '/api/flows', undefined, { authorization: 'Basic YTpi' }))
        .statusCode,
    ).toBe(401)
  })
})

describe('at rest', () => {
  it('keeps scrypt hashes, never passwords, session ids or tokens, in the SQLite file', async () => {
    const { runtime, dataDir } = await start()
    const client = await setUpAdmin(runtime.app)
    const { token } = (await client.request('POST', '/api/auth/tokens', { name: 'CI' })).json<{
      token: string
    }>()
    const db = new Database(join(dataDir, 'charla.db'), { readonly: true })
    const hash = db.prepare('select password_hash from admin_users').pluck().get() as string
    db.close()
    const [alg, n, r, p, salt, key] = hash.split('$')
    expect(alg).toBe('scrypt')
    expect(Number(n)).toBeGreaterThanOrEqual(2 ** 15)
    expect(Number(r)).toBe(8)
    expect(Number(p)).toBe(1)
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16)
    expect(Buffer.from(key!, 'base64')).toHaveLength(32)
    // Every byte of the database and its WAL.
    const bytes = ['charla.db', 'charla.db-wal']
      .map((f) => {
        try {
          return readFileSync(join(dataDir, f)).toString('latin1')
        } catch {
          return ''
        }
      })
      .join('')
    expect(bytes).toContain('admin_users')
    expect(bytes).not.toContain(ADMIN.password)
    expect(bytes).not.toContain(client.cookie!)
    expect(bytes).not.toContain(token)
    expect(bytes).not.toContain(token.slice(11))
  })
})
