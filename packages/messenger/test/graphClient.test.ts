import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createGraphClient,
  createProfileCache,
  PAGE_INBOX_APP_ID,
  toSendRequests,
  type GraphClient,
} from '../src'

const TOKEN = 'EAAG-page-token/with+odd=chars&more'
const PSID = '6543210987654321'

interface Seen {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingMessage['headers']
  body: unknown
}

type Handler = (req: Seen, res: ServerResponse) => void

/** A real HTTP server on 127.0.0.1 that answers with whatever the test scripts. */
let server: Server
let baseUrl: string
let handler: Handler
const seen: Seen[] = []
let connections = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const text = Buffer.concat(chunks).toString('utf8')
      const entry: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      }
      seen.push(entry)
      handler(entry, res)
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

let client: GraphClient
afterEach(async () => {
  seen.length = 0
  await client?.close()
})

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

const metaError = (code: number, message: string, subcode?: number) => ({
  error: {
    message,
    type: 'OAuthException',
    code,
    ...(subcode ? { error_subcode: subcode } : {}),
    fbtrace_id: 'AbCdEf123',
  },
})

describe('createGraphClient against a local HTTP server', () => {
  it('sends: POST /{version}/me/messages with the token in the query and the JSON body', async () => {
    handler = (_req, res) =>
      json(res, 200, { recipient_id: PSID, message_id: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM' })
    client = createGraphClient({ baseUrl: `${baseUrl}/`, version: 'v23.0' })
    const [request] = toSendRequests(
      { type: 'send', message: { kind: 'text', text: 'Hola, ¿qué tal? 👋' } },
      { psid: PSID },
      { appendMetadata: 'f:n:r' },
    )
    const body = { ...request!, messaging_type: 'MESSAGE_TAG' as const, tag: 'ACCOUNT_UPDATE' }
    expect(await client.send(TOKEN, body)).toStrictEqual({
      ok: true,
      messageId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM',
      recipientId: PSID,
    })
    expect(seen).toHaveLength(1)
    const req = seen[0]!
    expect(req.method).toBe('POST')
    expect(req.path).toBe('/v23.0/me/messages')
    expect(req.query).toStrictEqual({ access_token: TOKEN })
    expect(req.headers['content-type']).toBe('application/json')
    expect(req.body).toStrictEqual({
      recipient: { id: PSID },
      message: { text: 'Hola, ¿qué tal? 👋', metadata: 'f:n:r' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'ACCOUNT_UPDATE',
    })
  })

  it('keeps connections alive between calls', async () => {
    handler = (_req, res) => json(res, 200, { recipient_id: PSID, message_id: 'm_1' })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const before = connections
    for (let i = 0; i < 10; i++)
      expect(
        await client.send(TOKEN, { recipient: { id: PSID }, sender_action: 'typing_on' }),
      ).toMatchObject({ ok: true })
    // undici's pool may open a second socket while the first finishes; both are reused.
    expect(connections - before).toBeGreaterThan(0)
    expect(connections - before).toBeLessThanOrEqual(2)
  })

  it('classifies a 500 without a Graph body as retryable', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' })
      res.end('<html>Internal Server Error</html>')
    }
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    expect(
      await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } }),
    ).toStrictEqual({
      ok: false,
      error: { kind: 'retryable', message: 'HTTP 500 without a Graph error body', status: 500 },
    })
  })

  it.each([
    [190, undefined, 'Error validating access token: Session has expired', 'token'],
    [551, 1545041, "This person isn't available right now.", 'unreachable'],
    [613, undefined, 'Calls to this api have exceeded the rate limit.', 'retryable'],
    [10, 2018278, 'This message is sent outside of allowed window.', 'window'],
  ] as const)('classifies Meta error %i as %s', async (code, subcode, message, kind) => {
    handler = (_req, res) => json(res, 400, metaError(code, message, subcode))
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(result).toStrictEqual({
      ok: false,
      error: {
        kind,
        code,
        ...(subcode ? { subcode } : {}),
        message: `(OAuthException) ${message}`,
        fbtraceId: 'AbCdEf123',
        status: 400,
      },
    })
  })

  it('takes the wait from X-Business-Use-Case-Usage on throttling', async () => {
    handler = (_req, res) =>
      json(res, 400, metaError(613, 'rate limit'), {
        'x-business-use-case-usage': JSON.stringify({
          '1': [{ type: 'messenger', estimated_time_to_regain_access: 2 }],
        }),
      })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(result).toMatchObject({ ok: false, error: { kind: 'retryable', retryAfterMs: 120_000 } })
  })

  it('a hanging server times out as retryable', async () => {
    handler = () => {
      // Never answers.
    }
    client = createGraphClient({ baseUrl, version: 'v23.0', timeoutMs: 150 })
    const started = Date.now()
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(result).toStrictEqual({
      ok: false,
      error: { kind: 'retryable', message: 'no answer within 150 ms', transport: 'timeout' },
    })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('a body that stalls halfway also times out', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"recipient_id":')
    }
    client = createGraphClient({ baseUrl, version: 'v23.0', timeoutMs: 150 })
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(result).toMatchObject({ ok: false, error: { kind: 'retryable', transport: 'timeout' } })
  })

  it('drops a response over the size cap, declared or streamed', async () => {
    const huge = Buffer.alloc(3 * 1024 * 1024, 0x61)
    // Chunked, without a length: the cap trips while reading.
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"message_id":"')
      for (let i = 0; i < 3; i++) res.write(huge)
      res.end('"}')
    }
    client = createGraphClient({ baseUrl, version: 'v23.0', maxResponseBytes: 64 * 1024 })
    // A success we cannot read is not retried (it may have been delivered).
    expect(
      await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } }),
    ).toStrictEqual({
      ok: false,
      error: {
        kind: 'terminal',
        message: 'response larger than 65536 bytes (HTTP 200)',
        status: 200,
        transport: 'too_large',
      },
    })
    expect(await client.getProfile(TOKEN, PSID)).toMatchObject({
      error: { transport: 'too_large' },
    })
    // A declared Content-Length over the cap is refused before reading.
    handler = (_req, res) => {
      res.writeHead(500, { 'content-length': String(huge.length) })
      res.end(huge)
    }
    expect(
      await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } }),
    ).toStrictEqual({
      ok: false,
      error: {
        kind: 'retryable',
        message: 'response larger than 65536 bytes (HTTP 500)',
        status: 500,
        transport: 'too_large',
      },
    })
  })

  it('a 200 without message_id, or with an error envelope, is not a success', async () => {
    handler = (_req, res) => json(res, 200, { recipient_id: PSID })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const text = { recipient: { id: PSID }, message: { text: 'x' } }
    expect(await client.send(TOKEN, text)).toMatchObject({
      ok: false,
      error: { kind: 'terminal', transport: 'invalid_response' },
    })
    handler = (_req, res) => json(res, 200, metaError(1200, 'Temporary send message failure'))
    expect(await client.send(TOKEN, text)).toMatchObject({
      ok: false,
      error: { kind: 'retryable', code: 1200 },
    })
    handler = (_req, res) => {
      res.writeHead(200)
      res.end('not json')
    }
    expect(await client.send(TOKEN, text)).toMatchObject({
      ok: false,
      error: { kind: 'terminal', transport: 'invalid_response' },
    })
  })

  it('never lets the token into an error message', async () => {
    handler = (_req, res) => json(res, 400, metaError(190, `Malformed access token ${TOKEN}`))
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(JSON.stringify(result)).not.toContain(TOKEN)
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'token', message: '(OAuthException) Malformed access token [redacted]' },
    })
  })

  it('a refused connection is a retryable network error', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    client = createGraphClient({ baseUrl: `http://127.0.0.1:${port}`, version: 'v23.0' })
    const result = await client.send(TOKEN, { recipient: { id: PSID }, message: { text: 'x' } })
    expect(result).toMatchObject({ ok: false, error: { kind: 'retryable', transport: 'network' } })
    expect(JSON.stringify(result)).not.toContain(TOKEN)
    if (!result.ok) expect(result.error.message).toMatch(/ECONNREFUSED/)
  })

  it('getProfile: GET /{version}/{psid}?fields=first_name,last_name', async () => {
    handler = (_req, res) => json(res, 200, { first_name: 'Jane', last_name: 'Doe', id: PSID })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    expect(await client.getProfile(TOKEN, PSID)).toStrictEqual({
      firstName: 'Jane',
      lastName: 'Doe',
    })
    expect(seen[0]).toMatchObject({
      method: 'GET',
      path: `/v23.0/${PSID}`,
      query: { fields: 'first_name,last_name', access_token: TOKEN },
      body: undefined,
    })
    handler = (_req, res) =>
      json(res, 400, metaError(100, 'No profile available for this user.', 2018218))
    expect(await client.getProfile(TOKEN, PSID)).toMatchObject({
      error: { kind: 'terminal', subcode: 2018218 },
    })
    expect(await client.getProfile(TOKEN, '../me')).toMatchObject({ error: { kind: 'terminal' } })
    expect(seen).toHaveLength(2)
  })

  it('batch: one POST /{version}/ with form-encoded calls; each answer classified on its own', async () => {
    handler = (_req, res) =>
      json(res, 200, [
        { code: 200, body: JSON.stringify({ recipient_id: PSID, message_id: 'm_1' }) },
        {
          code: 400,
          body: JSON.stringify(metaError(551, 'This person isn’t available right now.')),
        },
        { code: 500, body: JSON.stringify(metaError(1200, 'Temporary send message failure')) },
        null,
        { code: 200, body: 'not json' },
      ])
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const send = { recipient: { id: PSID }, message: { text: 'hola & adiós' } }
    const answers = await client.batch(TOKEN, [
      { method: 'POST', relativeUrl: 'me/messages', body: send },
      { method: 'POST', relativeUrl: 'me/messages', body: send },
      { method: 'POST', relativeUrl: 'me/messages', body: send },
      { method: 'POST', relativeUrl: 'me/messages', body: send },
      { method: 'GET', relativeUrl: `${PSID}?fields=first_name` },
    ])
    expect(seen[0]).toMatchObject({
      method: 'POST',
      path: '/v23.0/',
      query: { access_token: TOKEN, include_headers: 'false' },
    })
    const batch = (seen[0]?.body as { batch: { body?: string }[] }).batch
    expect(batch[4]).toStrictEqual({ method: 'GET', relative_url: `${PSID}?fields=first_name` })
    // Meta takes a call's parameters form-encoded, objects as JSON.
    const form = new URLSearchParams(batch[0]?.body)
    expect(JSON.parse(form.get('recipient') ?? '')).toStrictEqual({ id: PSID })
    expect(JSON.parse(form.get('message') ?? '')).toStrictEqual({ text: 'hola & adiós' })
    expect(answers[0]).toMatchObject({ ok: true, body: { message_id: 'm_1' } })
    expect(answers.slice(1).map((a) => !a.ok && a.error.kind)).toStrictEqual([
      'unreachable',
      'retryable',
      'retryable',
      'terminal',
    ])
    expect(answers[3]).toMatchObject({ error: { transport: 'incomplete' } })
    expect(answers[4]).toMatchObject({ error: { transport: 'invalid_response' } })

    // A whole request refused is every call's answer; an answer of the wrong length is none's.
    handler = (_req, res) => json(res, 400, metaError(190, 'Error validating access token'))
    const refused = await client.batch(TOKEN, [
      { method: 'GET', relativeUrl: PSID },
      { method: 'GET', relativeUrl: PSID },
    ])
    expect(refused.map((a) => !a.ok && a.error.kind)).toStrictEqual(['token', 'token'])
    handler = (_req, res) => json(res, 200, [null])
    const short = await client.batch(TOKEN, [
      { method: 'GET', relativeUrl: PSID },
      { method: 'GET', relativeUrl: PSID },
    ])
    expect(short.map((a) => !a.ok && a.error.transport)).toStrictEqual([
      'invalid_response',
      'invalid_response',
    ])
    await expect(
      client.batch(
        TOKEN,
        Array.from({ length: 51 }, () => ({ method: 'GET' as const, relativeUrl: PSID })),
      ),
    ).rejects.toThrow(/at most 50/)
  })

  it('handover and Messenger Profile calls', async () => {
    handler = (_req, res) => json(res, 200, { success: true })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    expect(await client.passThreadControl(TOKEN, PSID, PAGE_INBOX_APP_ID, 'agent')).toStrictEqual({
      ok: true,
      body: { success: true },
    })
    expect(await client.takeThreadControl(TOKEN, PSID)).toMatchObject({ ok: true })
    expect(
      await client.setMessengerProfile(TOKEN, { get_started: { payload: 'GET_STARTED' } }),
    ).toMatchObject({ ok: true })
    expect(seen.map((s) => [s.method, s.path, s.query.access_token, s.body])).toStrictEqual([
      [
        'POST',
        '/v23.0/me/pass_thread_control',
        TOKEN,
        { recipient: { id: PSID }, target_app_id: '263902037430900', metadata: 'agent' },
      ],
      ['POST', '/v23.0/me/take_thread_control', TOKEN, { recipient: { id: PSID } }],
      ['POST', '/v23.0/me/messenger_profile', TOKEN, { get_started: { payload: 'GET_STARTED' } }],
    ])
    handler = (_req, res) => json(res, 400, metaError(10, 'Handover Protocol APIs disabled'))
    expect(await client.takeThreadControl(TOKEN, PSID)).toMatchObject({
      ok: false,
      error: { kind: 'terminal', code: 10 },
    })
  })

  it('refuses to call without a token, and a bad version at creation', async () => {
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    expect(
      await client.send('', { recipient: { id: PSID }, message: { text: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'token' },
    })
    expect(seen).toHaveLength(0)
    expect(() => createGraphClient({ baseUrl, version: '23' })).toThrow(/v23.0/)
    expect(() => createGraphClient({ baseUrl: 'ftp://x', version: 'v23.0' })).toThrow(/http/)
  })

  it('the profile cache fetches a person once through the real client', async () => {
    handler = (_req, res) => json(res, 200, { first_name: 'Ana' })
    client = createGraphClient({ baseUrl, version: 'v23.0' })
    const cache = createProfileCache({ client, ttlMs: 60_000 })
    const results = await Promise.all([
      cache.get('p1', TOKEN, PSID),
      cache.get('p1', TOKEN, PSID),
      cache.get('p1', TOKEN, PSID),
    ])
    expect(results).toStrictEqual([
      { firstName: 'Ana' },
      { firstName: 'Ana' },
      { firstName: 'Ana' },
    ])
    expect(await cache.get('p1', TOKEN, PSID)).toStrictEqual({ firstName: 'Ana' })
    expect(seen).toHaveLength(1)
  })
})
