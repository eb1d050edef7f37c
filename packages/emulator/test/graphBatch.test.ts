import { createGraphClient, withGraphBatching, type GraphClient } from '@charla/messenger'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { call, errorOf, PAGE_ID, startEmulator, TOKEN, type Harness } from './helpers'

const PEOPLE = Array.from({ length: 60 }, (_, i) => `30${String(i).padStart(2, '0')}`)

let h: Harness
let graph: GraphClient
let batched: GraphClient
/** The Graph API requests that reached the emulator over HTTP: method and path. */
let requests: string[]

async function setUp(options: { batchDeadlineMs?: number } = {}) {
  h = await startEmulator(options)
  for (const psid of PEOPLE)
    h.emulator.addPerson({ pageId: PAGE_ID, psid, firstName: `P${psid}`, lastName: 'Batch' })
  requests = []
  h.app.server.on('request', (req: { method?: string; url?: string }) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    if (path.includes('/graph/')) requests.push(`${req.method} ${path}`)
  })
  graph = createGraphClient({ baseUrl: h.graph, version: 'v23.0', timeoutMs: 10_000 })
  batched = withGraphBatching(graph)
}
const text = (psid: string, t: string) => ({
  recipient: { id: psid },
  messaging_type: 'RESPONSE' as const,
  message: { text: t },
})

afterEach(async () => {
  await graph.close()
  await h.close()
})

describe('Graph batch requests (POST /{version}/ with batch=[…])', () => {
  beforeEach(() => setUp())

  it('answers each call in order, as a call of its own, with Meta’s { code, body } shape', async () => {
    const res = await call('POST', `${h.graph}/v23.0/?access_token=${TOKEN}`, {
      batch: [
        {
          method: 'POST',
          relative_url: 'me/messages',
          body: `recipient=${encodeURIComponent(JSON.stringify({ id: '3000' }))}&messaging_type=RESPONSE&message=${encodeURIComponent(JSON.stringify({ text: 'hola' }))}`,
        },
        { method: 'GET', relative_url: '/v23.0/3001?fields=first_name,last_name' },
        {
          method: 'POST',
          relative_url: 'me/messages',
          body: 'recipient=%7B%22id%22%3A%22nobody%22%7D&message=%7B%22text%22%3A%22x%22%7D',
        },
      ],
    })
    expect(res.status).toBe(200)
    const [sent, profile, refused] = res.body as { code: number; headers?: unknown; body: string }[]
    expect(sent).toMatchObject({ code: 200, headers: expect.any(Array) })
    expect(JSON.parse(sent!.body)).toMatchObject({
      recipient_id: '3000',
      message_id: expect.any(String),
    })
    expect(JSON.parse(profile!.body)).toMatchObject({ first_name: 'P3001', last_name: 'Batch' })
    expect(refused!.code).toBe(400)
    expect(errorOf(JSON.parse(refused!.body)).code).toBe(100)
    expect(h.emulator.sent().map((m) => m.psid)).toEqual(['3000'])
  })

  it('refuses more than 50 calls, a missing batch and a bad token for the whole request', async () => {
    const item = { method: 'GET', relative_url: '3001' }
    const tooMany = await call('POST', `${h.graph}/v23.0/?access_token=${TOKEN}`, {
      batch: Array.from({ length: 51 }, () => item),
    })
    expect(tooMany.status).toBe(400)
    expect(errorOf(tooMany.body).message).toMatch(/Maximum batch size is 50/)
    const missing = await call('POST', `${h.graph}/v23.0/?access_token=${TOKEN}`, {})
    expect(errorOf(missing.body).code).toBe(100)
    const answers = await graph.batch('not-a-token', [
      { method: 'GET', relativeUrl: '3001' },
      { method: 'GET', relativeUrl: '3002' },
    ])
    expect(answers.map((a) => !a.ok && a.error.kind)).toEqual(['token', 'token'])
  })

  it('the batching client puts concurrent sends to many people into batch requests of 50 at most', async () => {
    const results = await Promise.all(
      PEOPLE.map((psid) => batched.send(TOKEN, text(psid, `hi ${psid}`))),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expect(new Set(results.map((r) => r.ok && r.messageId)).size).toBe(PEOPLE.length)
    // 60 sends: a batch of 50 and one of 10, not 60 requests.
    expect(requests).toEqual(['POST /emulator/graph/v23.0/', 'POST /emulator/graph/v23.0/'])
    const sent = h.emulator.sent()
    expect(sent.map((m) => m.psid).sort()).toEqual([...PEOPLE].sort())
    expect(sent.find((m) => m.psid === '3007')?.body.message).toEqual({ text: 'hi 3007' })
  })

  it('a call with nothing to share a request with goes out alone', async () => {
    const one = await batched.send(TOKEN, text('3000', 'alone'))
    expect(one.ok).toBe(true)
    const profile = await batched.getProfile(TOKEN, '3001')
    expect(profile).toEqual({ firstName: 'P3001', lastName: 'Batch' })
    expect(requests).toEqual([
      'POST /emulator/graph/v23.0/me/messages',
      'GET /emulator/graph/v23.0/3001',
    ])
  })

  it('never puts two calls about one person in one batch: a person’s calls keep their order', async () => {
    const results = await Promise.all([
      batched.send(TOKEN, text('3000', 'first')),
      batched.send(TOKEN, text('3001', 'other')),
      batched.send(TOKEN, text('3000', 'second')),
      batched.getProfile(TOKEN, '3000'),
    ])
    expect(results.slice(0, 3).every((r) => 'ok' in r && r.ok)).toBe(true)
    expect(results[3]).toEqual({ firstName: 'P3000', lastName: 'Batch' })
    expect(h.emulator.sent({ psid: '3000' }).map((m) => m.body.message?.text)).toEqual([
      'first',
      'second',
    ])
    // Round 1: first + other (a batch); round 2: second alone; round 3: the profile alone.
    expect(requests).toEqual([
      'POST /emulator/graph/v23.0/',
      'POST /emulator/graph/v23.0/me/messages',
      'GET /emulator/graph/v23.0/3000',
    ])
  })

  it('each call keeps its own error class: one person’s 551 or 1200 does not fail the others', async () => {
    h.emulator.fail({ match: { psid: '3001' }, error: { httpStatus: 400, code: 551 } })
    h.emulator.fail({ match: { psid: '3002' }, error: { httpStatus: 500, code: 1200 } })
    const [ok, unreachable, retry, profiles] = await Promise.all([
      batched.send(TOKEN, text('3000', 'a')),
      batched.send(TOKEN, text('3001', 'b')),
      batched.send(TOKEN, text('3002', 'c')),
      batched.getProfile(TOKEN, '3003'),
    ])
    expect(ok.ok).toBe(true)
    expect(!unreachable.ok && unreachable.error).toMatchObject({ kind: 'unreachable', code: 551 })
    expect(!retry.ok && retry.error).toMatchObject({ kind: 'retryable', code: 1200 })
    expect(profiles).toEqual({ firstName: 'P3003', lastName: 'Batch' })
    expect(h.emulator.sent().map((m) => m.psid)).toEqual(['3000'])
    expect(requests).toEqual(['POST /emulator/graph/v23.0/'])
  })
})

describe('a batch that runs out of time', () => {
  beforeEach(() => setUp({ batchDeadlineMs: 300 }))

  it('answers the calls done, and the hung call and those after it as not completed (retryable)', async () => {
    h.emulator.fail({ match: { psid: '3001' }, hang: true })
    const results = await Promise.all(
      ['3000', '3001', '3002'].map((psid) => batched.send(TOKEN, text(psid, 'x'))),
    )
    expect(results[0]?.ok).toBe(true)
    for (const r of results.slice(1))
      expect(!r.ok && r.error).toMatchObject({ kind: 'retryable', transport: 'incomplete' })
    // Only the call that completed was delivered: a retry of the others sends each once.
    expect(h.emulator.sent().map((m) => m.psid)).toEqual(['3000'])
    const again = await Promise.all(
      ['3001', '3002'].map((psid) => batched.send(TOKEN, text(psid, 'x'))),
    )
    expect(again.every((r) => r.ok)).toBe(true)
    expect(
      h.emulator
        .sent()
        .map((m) => m.psid)
        .sort(),
    ).toEqual(['3000', '3001', '3002'])
  })
})
