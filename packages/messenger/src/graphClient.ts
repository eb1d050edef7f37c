import { createHmac } from 'node:crypto'
import { Agent, request, type Dispatcher } from 'undici'
import { classifyGraphError, classifyTransportError, type GraphErrorClass } from './graphErrors'
import type { SendBody } from './sendRequest'

/** The Page Inbox (Meta Business Suite) as a handover target (reference §5). */
export const PAGE_INBOX_APP_ID = '263902037430900'

export interface GraphClientOptions {
  /** `https://graph.facebook.com` in production; the emulator's address in tests. */
  baseUrl: string
  /** Pinned Graph API version, e.g. `v23.0` (§9). */
  version: string
  /** Deadline for a whole call, response body included. Default 10 s. */
  timeoutMs?: number
  /** Bring your own (e.g. a MockAgent or a shared Agent); otherwise a keep-alive Agent. */
  dispatcher?: Dispatcher
  /** Responses larger than this are dropped unread. Default 1 MiB; Graph answers are tiny. */
  maxResponseBytes?: number
  /** Sockets per origin of the own Agent. Default 64. */
  connections?: number
}

export type SendResult =
  { ok: true; messageId: string; recipientId?: string } | { ok: false; error: GraphErrorClass }

export interface UserProfile {
  firstName?: string
  lastName?: string
}

export type ProfileResult = UserProfile | { error: GraphErrorClass }

export type GraphCallResult = { ok: true; body: unknown } | { ok: false; error: GraphErrorClass }

/** One call inside a Graph batch request (`POST /{version}/` with `batch=[…]`, reference §9). */
export interface GraphBatchRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Relative to the version root, no leading slash: `me/messages`, `{psid}?fields=first_name`. */
  relativeUrl: string
  /** The call's parameters; Meta takes them form-encoded, objects as JSON. */
  body?: Record<string, unknown>
}

/** What one call of a batch came back with, classified like a call of its own. */
export type GraphBatchAnswer =
  { ok: true; status: number; body: unknown } | { ok: false; error: GraphErrorClass }

/** Meta's limit on the calls in one batch request. */
export const GRAPH_BATCH_MAX = 50

/** `POST /me/messenger_profile` fields (§4.1); anything else passes through as given. */
export interface MessengerProfileBody {
  get_started?: { payload: string }
  greeting?: { locale: string; text: string }[]
  persistent_menu?: unknown[]
  ice_breakers?: unknown[]
  whitelisted_domains?: string[]
  [field: string]: unknown
}

/**
 * The Graph API calls Charla makes. No method throws for HTTP or network trouble: failures come
 * back classified (see classifyGraphError). Tokens travel as `access_token` and never appear in
 * what is returned.
 */
export interface GraphClient {
  /** `POST /{version}/me/messages`. */
  send(pageToken: string, body: SendBody): Promise<SendResult>
  /** `GET /{version}/{psid}?fields=first_name,last_name` (§4.2). */
  getProfile(pageToken: string, psid: string): Promise<ProfileResult>
  /** `POST /{version}/me/pass_thread_control` (§5); the Page Inbox is PAGE_INBOX_APP_ID. */
  passThreadControl(
    pageToken: string,
    psid: string,
    targetAppId: string,
    metadata?: string,
  ): Promise<GraphCallResult>
  /** `POST /{version}/me/take_thread_control` (§5). */
  takeThreadControl(pageToken: string, psid: string, metadata?: string): Promise<GraphCallResult>
  /** `POST /{version}/me/messenger_profile` (§4.1), e.g. `{ get_started: { payload: 'GET_STARTED' } }`. */
  setMessengerProfile(pageToken: string, body: MessengerProfileBody): Promise<GraphCallResult>
  /** `GET /{version}/me/messenger_profile?fields=…`: `{ data: [{ … }] }`. */
  getMessengerProfile(pageToken: string, fields: string[]): Promise<GraphCallResult>
  /** `DELETE /{version}/me/messenger_profile` with `{ fields }`: unsets those fields. */
  deleteMessengerProfile(pageToken: string, fields: string[]): Promise<GraphCallResult>
  /**
   * `GET /{version}/me?fields=id,name`: who the token speaks for. With `appSecret`, the call
   * carries `appsecret_proof`, so Meta also says whether the app secret belongs to the app.
   */
  getPage(pageToken: string, appSecret?: string): Promise<GraphCallResult>
  /** `GET /{version}/{page-id}/subscribed_apps`: the apps getting this Page's webhooks, and which fields. */
  subscribedApps(pageToken: string, pageId: string): Promise<GraphCallResult>
  /** `POST /{version}/{page-id}/subscribed_apps?subscribed_fields=…` (§1.1). */
  subscribeApp(pageToken: string, pageId: string, fields: string[]): Promise<GraphCallResult>
  /**
   * Up to GRAPH_BATCH_MAX calls in one HTTP request, answered in the order given. A failure
   * of the whole request (token, network, timeout) is every call's answer; a call Meta did not
   * complete comes back retryable.
   */
  batch(pageToken: string, requests: readonly GraphBatchRequest[]): Promise<GraphBatchAnswer[]>
  /** Closes the client's own connection pool (not a dispatcher that was passed in). */
  close(): Promise<void>
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024

export function createGraphClient(options: GraphClientOptions): GraphClient {
  if (!/^v\d+\.\d+$/.test(options.version))
    throw new Error(`Graph API version must look like v23.0, got "${options.version}"`)
  const base = new URL(options.baseUrl)
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error(`Graph API base URL must be http(s), got "${base.protocol}"`)
  const root = `${options.baseUrl.replace(/\/+$/, '')}/${options.version}`
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connections: options.connections ?? 64,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
      })
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent)

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: Record<string, string>,
    token: string,
    body?: unknown,
  ): Promise<{ ok: true; status: number; body: unknown } | { ok: false; error: GraphErrorClass }> {
    if (!token)
      return { ok: false, error: { kind: 'token', message: 'no access token for this Page' } }
    const search = new URLSearchParams({ ...query, access_token: token })
    const url = `${root}${path}?${search.toString()}`
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    try {
      const res = await request(url, {
        method,
        dispatcher,
        signal: controller.signal,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const raw = await readCapped(res.body, maxBytes, res.headers['content-length'])
      const success = res.statusCode >= 200 && res.statusCode < 300
      if (raw === undefined) {
        const message = `response larger than ${maxBytes} bytes (HTTP ${res.statusCode})`
        // A success we cannot read may still have been a delivered message: do not retry it.
        return {
          ok: false,
          error: success
            ? { kind: 'terminal', message, status: res.statusCode, transport: 'too_large' }
            : {
                ...classifyGraphError(res.statusCode, undefined, res.headers),
                message,
                transport: 'too_large',
              },
        }
      }
      return interpret(res.statusCode, parseJson(raw), res.headers, token)
    } catch (err) {
      if (timedOut)
        return {
          ok: false,
          error: classifyTransportError('timeout', `no answer within ${timeoutMs} ms`),
        }
      return {
        ok: false,
        error: classifyTransportError('network', redact(describeError(err), token)),
      }
    } finally {
      clearTimeout(timer)
    }
  }

  let closed = false
  return {
    async send(pageToken, body) {
      return sendResultOf(await call('POST', '/me/messages', {}, pageToken, body))
    },

    async getProfile(pageToken, psid) {
      if (!isNodeId(psid)) return { error: { kind: 'terminal', message: 'not a PSID' } }
      return profileOf(await call('GET', `/${psid}`, { fields: PROFILE_FIELDS }, pageToken))
    },

    async batch(pageToken, requests) {
      if (requests.length === 0) return []
      if (requests.length > GRAPH_BATCH_MAX)
        throw new Error(`a Graph batch holds at most ${GRAPH_BATCH_MAX} calls`)
      const res = await call('POST', '/', { include_headers: 'false' }, pageToken, {
        batch: requests.map((r) => ({
          method: r.method,
          relative_url: r.relativeUrl,
          ...(r.body === undefined ? {} : { body: formEncode(r.body) }),
        })),
      })
      if (!res.ok) return requests.map(() => res)
      const answers = res.body
      if (!Array.isArray(answers) || answers.length !== requests.length) {
        const error: GraphErrorClass = {
          kind: 'terminal',
          message: 'a batch answer that does not match its calls',
          status: res.status,
          transport: 'invalid_response',
        }
        return requests.map(() => ({ ok: false, error }))
      }
      return answers.map((answer: unknown) => batchAnswerOf(answer, pageToken))
    },

    async passThreadControl(pageToken, psid, targetAppId, metadata) {
      return done(
        await call('POST', '/me/pass_thread_control', {}, pageToken, {
          recipient: { id: psid },
          target_app_id: targetAppId,
          ...(metadata !== undefined ? { metadata } : {}),
        }),
      )
    },

    async takeThreadControl(pageToken, psid, metadata) {
      return done(
        await call('POST', '/me/take_thread_control', {}, pageToken, {
          recipient: { id: psid },
          ...(metadata !== undefined ? { metadata } : {}),
        }),
      )
    },

    async setMessengerProfile(pageToken, body) {
      return done(await call('POST', '/me/messenger_profile', {}, pageToken, body))
    },

    async getMessengerProfile(pageToken, fields) {
      return done(
        await call('GET', '/me/messenger_profile', { fields: fields.join(',') }, pageToken),
      )
    },

    async deleteMessengerProfile(pageToken, fields) {
      return done(await call('DELETE', '/me/messenger_profile', {}, pageToken, { fields }))
    },

    async getPage(pageToken, appSecret) {
      const query: Record<string, string> = { fields: 'id,name' }
      if (appSecret)
        query.appsecret_proof = createHmac('sha256', appSecret).update(pageToken).digest('hex')
      return done(await call('GET', '/me', query, pageToken))
    },

    async subscribedApps(pageToken, pageId) {
      if (!/^[0-9A-Za-z_-]+$/.test(pageId))
        return { ok: false, error: { kind: 'terminal', message: 'not a Page id' } }
      return done(await call('GET', `/${pageId}/subscribed_apps`, {}, pageToken))
    },

    async subscribeApp(pageToken, pageId, fields) {
      if (!/^[0-9A-Za-z_-]+$/.test(pageId))
        return { ok: false, error: { kind: 'terminal', message: 'not a Page id' } }
      return done(
        await call(
          'POST',
          `/${pageId}/subscribed_apps`,
          { subscribed_fields: fields.join(',') },
          pageToken,
        ),
      )
    },

    async close() {
      if (closed) return
      closed = true
      await ownAgent?.close()
    },
  }
}

const PROFILE_FIELDS = 'first_name,last_name'

/** The batch call `getProfile` makes for one person, for a client that batches. */
export function profileRequest(psid: string): GraphBatchRequest | undefined {
  return isNodeId(psid)
    ? { method: 'GET', relativeUrl: `${psid}?fields=${PROFILE_FIELDS}` }
    : undefined
}

function isNodeId(id: string): boolean {
  return /^[0-9A-Za-z_-]+$/.test(id)
}

/** A Send API answer: a success must carry the new message's id. */
export function sendResultOf(res: GraphBatchAnswer): SendResult {
  if (!res.ok) return res
  const answer = (res.body ?? {}) as { message_id?: unknown; recipient_id?: unknown }
  if (typeof answer.message_id !== 'string' || !answer.message_id)
    return {
      ok: false,
      error: {
        kind: 'terminal',
        message: 'the Send API answered without a message_id',
        status: res.status,
        transport: 'invalid_response',
      },
    }
  return {
    ok: true,
    messageId: answer.message_id,
    ...(typeof answer.recipient_id === 'string' ? { recipientId: answer.recipient_id } : {}),
  }
}

/** A User Profile answer: the names it has, or the error. */
export function profileOf(res: GraphBatchAnswer): ProfileResult {
  if (!res.ok) return { error: res.error }
  const p = (res.body ?? {}) as { first_name?: unknown; last_name?: unknown }
  return {
    ...(typeof p.first_name === 'string' && p.first_name ? { firstName: p.first_name } : {}),
    ...(typeof p.last_name === 'string' && p.last_name ? { lastName: p.last_name } : {}),
  }
}

/** An answer's status and JSON, classified: a success, or a Graph error with its kind. */
function interpret(
  status: number,
  json: unknown,
  headers: Record<string, string | string[] | undefined> | undefined,
  token: string,
): GraphBatchAnswer {
  const success = status >= 200 && status < 300
  if (success && json !== undefined && !hasErrorEnvelope(json))
    return { ok: true, status, body: json }
  if (hasErrorEnvelope(json) || !success) {
    const error = classifyGraphError(status, json, headers ?? {})
    return { ok: false, error: { ...error, message: redact(error.message, token) } }
  }
  return {
    ok: false,
    error: {
      kind: 'terminal',
      message: `HTTP ${status} with a body that is not a Graph answer`,
      status,
      transport: 'invalid_response',
    },
  }
}

/**
 * One element of a batch answer: `{ code, body }` with the body as JSON text, or null when
 * Meta did not complete that call (it may not have run: retried like a timeout).
 */
function batchAnswerOf(answer: unknown, token: string): GraphBatchAnswer {
  if (answer === null || typeof answer !== 'object')
    return {
      ok: false,
      error: classifyTransportError('incomplete', 'not completed within the batch request'),
    }
  const { code, body } = answer as { code?: unknown; body?: unknown }
  if (typeof code !== 'number')
    return {
      ok: false,
      error: {
        kind: 'terminal',
        message: 'a batch answer without a status code',
        transport: 'invalid_response',
      },
    }
  return interpret(
    code,
    typeof body === 'string' ? parseJson(Buffer.from(body, 'utf8')) : undefined,
    undefined,
    token,
  )
}

/** A batch call's parameters as Meta takes them: form-encoded, objects and arrays as JSON. */
function formEncode(params: Record<string, unknown>): string {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined)
      form.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  return form.toString()
}

function done(
  res: { ok: true; body: unknown } | { ok: false; error: GraphErrorClass },
): GraphCallResult {
  return res.ok ? { ok: true, body: res.body } : { ok: false, error: res.error }
}

/** Reads at most `max` bytes; `undefined` when the body is larger (the rest is discarded). */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  max: number,
  contentLength: string | string[] | undefined,
): Promise<Buffer | undefined> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength)
  if (Number.isFinite(declared) && declared > max) {
    body.destroy()
    return undefined
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > max) {
      body.destroy()
      return undefined
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

function hasErrorEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'error' in json
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
    return `${typeof code === 'string' ? `${code} ` : ''}${err.message}${cause}`
  }
  return String(err)
}

/** Belt and braces: a token must never reach a log through an error message. */
function redact(message: string, token: string): string {
  return token ? message.split(token).join('[redacted]') : message
}
