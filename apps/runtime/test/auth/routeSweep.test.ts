import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RouteEntry } from '../../src/auth/registerAdminAuth'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'
import { ADMIN } from './authClient'

/**
 * Every route Fastify knows, with every feature on (admin API, simulator, emulator, payments,
 * bookings, the built editor): private routes answer 401 without credentials and work with a
 * session or an API token. The public list is spelled out here, so a route that becomes
 * public has to be added to it on purpose.
 */
const EXPECTED_PUBLIC = [
  'DELETE /emulator/graph/:version/:node/:edge',
  'GET /*',
  'GET /api/auth/state',
  'GET /bookings/:file',
  'GET /privacy/deletion/:code',
  'GET /emulator/graph/:version/:node',
  'GET /emulator/graph/:version/:node/:edge',
  'GET /health',
  'GET /pay/:token',
  'GET /pay/:token/cancel',
  'GET /pay/:token/done',
  'GET /webhooks/messenger',
  'POST /api/auth/login',
  'POST /api/auth/setup',
  // Graph batch requests; like every Graph endpoint, the emulator checks the Page token.
  'POST /emulator/graph/:version',
  'POST /emulator/graph/:version/',
  'POST /emulator/graph/:version/:node/:edge',
  'POST /privacy/facebook/data-deletion',
  'POST /webhooks/messenger',
  'POST /webhooks/paypal',
  'POST /webhooks/stripe',
]

let t: ApiRuntime
let routes: RouteEntry[]
let session: { cookie: string; csrf: string }

beforeAll(async () => {
  const dist = join((await import('node:os')).tmpdir(), `charla-sweep-editor-${process.pid}`)
  await mkdir(dist, { recursive: true })
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>Charla</title>')
  t = await startApiRuntime({ editorDist: dist })
  // HEAD routes mirror GET ones; OPTIONS are not registered.
  routes = t.runtime.app.routeTable.filter((r) => r.method !== 'HEAD')
  const setup = await fetch(`${t.runtime.url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  const cookie = /charla_session=([^;]+)/.exec(setup.headers.get('set-cookie') ?? '')?.[1]
  session = {
    cookie: cookie ?? '',
    csrf: ((await setup.json()) as { csrfToken: string }).csrfToken,
  }
})
afterAll(async () => {
  await t.stop()
})

/** A concrete URL for a route pattern: every parameter and wildcard becomes `x`. */
const concrete = (url: string) => url.replace(/:[\w]+/g, 'x').replace(/\*/g, 'x')

/** The status only: streams (SSE) answer their headers, then the body is dropped. */
async function statusOf(r: RouteEntry, headers: Record<string, string>) {
  const res = await fetch(t.runtime.url + concrete(r.url), {
    method: r.method,
    headers: {
      ...headers,
      ...(['POST', 'PUT', 'PATCH'].includes(r.method)
        ? { 'content-type': 'application/json' }
        : {}),
    },
    ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { body: '{}' } : {}),
    signal: AbortSignal.timeout(10_000),
  })
  const type = res.headers.get('content-type') ?? ''
  const body = type.includes('json') ? await res.text() : (await res.body?.cancel(), '')
  return { status: res.status, body }
}

describe('route sweep', () => {
  it('finds the routes of every feature', () => {
    const urls = new Set(routes.map((r) => r.url))
    for (const url of [
      '/api/flows',
      '/api/leads',
      '/api/bookings',
      '/api/orders',
      '/api/pages',
      '/api/simulator/sessions',
      '/api/auth/tokens',
      '/emulator/_control/people/:psid/messages',
      '/webhooks/messenger',
      '/pay/:token',
    ])
      expect(urls, url).toContain(url)
    expect(routes.length).toBeGreaterThan(40)
  })

  it('makes public exactly the allow-list', () => {
    const open = [...new Set(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`))]
    expect(open.sort()).toEqual([...EXPECTED_PUBLIC].sort())
  })

  it('answers 401 on every other route without credentials, or with bad ones', async () => {
    const missed: string[] = []
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer charla_not-a-real-token' },
      { cookie: 'charla_session=forged' },
    ]
    for (const r of routes.filter((x) => !x.public)) {
      for (const headers of attempts) {
        const { status, body } = await statusOf(r, headers)
        if (status !== 401 || !body.includes('"unauthorized"'))
          missed.push(`${r.method} ${r.url} → ${status} with ${JSON.stringify(headers)}`)
      }
    }
    expect(missed).toEqual([])
  })

  it('lets an API token and a session with its CSRF token through every private route', async () => {
    const { token } = await t.runtime.auth.createApiToken('sweep')
    const refused: string[] = []
    // Logging out last: it ends the session the sweep uses.
    const order = routes
      .filter((x) => !x.public)
      .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'))
    const credentials: Record<string, string>[] = [
      { authorization: `Bearer ${token}` },
      {
        cookie: `charla_session=${session.cookie}`,
        'x-csrf-token': session.csrf,
        origin: t.runtime.url,
        'sec-fetch-site': 'same-origin',
      },
    ]
    for (const r of order) {
      for (const headers of credentials) {
        const { status, body } = await statusOf(r, headers)
        if (status === 401 || status === 403)
          refused.push(`${r.method} ${r.url} → ${status} ${body.slice(0, 80)}`)
      }
    }
    expect(refused).toEqual([])
  })

  it('serves the editor app to anyone, and none of its data', async () => {
    const page = await fetch(`${t.runtime.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Charla</title>')
    const deepLink = await fetch(`${t.runtime.url}/flows/abc`)
    expect(deepLink.status).toBe(200)
    await deepLink.body?.cancel()
    expect((await fetch(`${t.runtime.url}/api/flows`)).status).toBe(401)
    expect((await fetch(`${t.runtime.url}/api/no-such-route`)).status).toBe(401)
    expect((await fetch(`${t.runtime.url}/emulator/_control/sent`)).status).toBe(401)
  })
})
