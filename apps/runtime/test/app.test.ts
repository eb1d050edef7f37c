import { readFileSync } from 'node:fs'
import { MAX_FLOW_BYTES } from '@charla/flow-schema'
import type { FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import { buildApp } from '../src/app'
import { createAdminAuth } from '../src/auth/createAdminAuth'
import { FIXTURES } from './runCharla'

const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8')

let app: FastifyInstance
let authorization = ''
beforeEach(async () => {
  // The admin API needs credentials: an API token over an in-memory database.
  const storage = await createSqliteStorage(openSqliteDatabase(':memory:'))
  const auth = createAdminAuth({ storage, now: Date.now })
  authorization = `Bearer ${(await auth.createApiToken('tests')).token}`
  app = await buildApp({ auth })
  app.addHook('onClose', () => storage.close())
})
afterEach(async () => {
  await app.close()
})

const validate = (payload: string, contentType = 'application/json') =>
  app.inject({
    method: 'POST',
    url: '/api/flows/validate',
    headers: { 'content-type': contentType, authorization },
    payload,
  })

describe('GET /health', () => {
  it('answers 200 {status: ok}', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })
})

describe('POST /api/flows/validate', () => {
  it('says a valid flow is publishable', async () => {
    const res = await validate(fixture('valid.json'))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ok: true, publishable: true, problems: [] })
  })

  it('lists schema errors with their paths', async () => {
    const res = await validate(fixture('four-buttons.json'))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      ok: false,
      publishable: false,
      errors: [
        {
          path: 'nodes[1].data.buttons',
          message: 'a message can have at most 3 buttons',
          nodeId: 'menu',
        },
        {
          path: 'nodes[1].data.typingMs',
          message: 'typing shows for at most 20 seconds',
          nodeId: 'menu',
        },
      ],
    })
  })

  // Fails until the linter lands (lintFlow is a placeholder returning no problems).
  it('parses a flow without a trigger but says it is not publishable', async () => {
    const res = await validate(fixture('no-trigger.json'))
    expect(res.statusCode).toBe(200)
    const body = res.json<{ ok: boolean; publishable: boolean; problems: { code: string }[] }>()
    expect(body.ok).toBe(true)
    expect(body.publishable).toBe(false)
    expect(body.problems.map((p) => p.code)).toContain('no_trigger')
  })

  it('refuses a __proto__ key as a flow error, not a server error', async () => {
    const flow = fixture('valid.json').replace('"data": {}', '"data": { "__proto__": { "x": 1 } }')
    const res = await validate(flow)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      ok: false,
      publishable: false,
      errors: [{ path: 'nodes[2].data.__proto__', message: 'the key "__proto__" is not allowed' }],
    })
  })

  it('answers 400 invalid_json to a body that is not JSON', async () => {
    const res = await validate('{"format": "charla.flow",')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ ok: false, error: 'invalid_json' })
    expect(res.json<{ message: string }>().message).toMatch(/^not valid JSON: /)
  })

  it('answers 400 invalid_json to an empty body', async () => {
    const res = await validate('')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ ok: false, error: 'invalid_json' })
    expect(res.json<{ message: string }>().message).toMatch(/^not valid JSON: .*line 1/)
  })

  it('answers 413 body_too_large above 5 MB', async () => {
    const res = await validate(`"${'x'.repeat(MAX_FLOW_BYTES)}"`)
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual({
      ok: false,
      error: 'body_too_large',
      message: 'the request body is larger than this endpoint accepts',
    })
  })

  it('answers 415 to a body that is not sent as JSON', async () => {
    const res = await validate(fixture('valid.json'), 'text/plain')
    expect(res.statusCode).toBe(415)
    expect(res.json()).toEqual({
      ok: false,
      error: 'unsupported_media_type',
      message: 'send the body as JSON, with Content-Type: application/json',
    })
  })
})

describe('an unknown route', () => {
  it('answers 404 in the same JSON shape as other errors', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ ok: false, error: 'not_found', message: 'there is no GET /nope' })
  })
})
