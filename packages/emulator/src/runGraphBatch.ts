import type { Emulator, GraphCall, GraphReply } from './Emulator'
import { graphError, type GraphFailure } from './graphError'

/** Meta's limit on the calls in one batch request. */
export const BATCH_MAX = 50

/**
 * How long a batch may run before it answers with what is done: calls not completed by then
 * come back null, as Meta answers a batch that ran out of time. Below the runtime's own 10 s
 * request timeout, so a slow call never costs the answers of the calls before it.
 */
export const DEFAULT_BATCH_DEADLINE_MS = 5_000

/** A relative URL may name its own version: `v23.0/me/messages`. */
const VERSIONED = /^(v\d+\.\d+)(?:\/|$)/

/**
 * `POST /{version}/` with `batch=[{ method, relative_url, body }]`: each call is run in order as
 * a call of its own (token, faults, validation and all), inheriting the request's access token
 * unless it names one. The answer is an array in the calls' order: `{ code, body }` with the
 * body as JSON text (and `headers` unless `include_headers=false`), or null for a call not
 * completed in time.
 */
export async function runGraphBatch(emulator: Emulator, call: GraphCall): Promise<GraphReply> {
  const items = batchParam(call.body)
  if (!items)
    return graphError(100, '(#100) The parameter batch is required and must be a JSON array')
  if (items.length > BATCH_MAX)
    return graphError(
      100,
      `(#100) Too many requests in batch message. Maximum batch size is ${BATCH_MAX}`,
    )
  const outer = inherited(call)
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), emulator.batchDeadlineMs)
  const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal
  const includeHeaders =
    (call.query.include_headers ?? bodyString(call.body, 'include_headers')) !== 'false'
  try {
    const answers: unknown[] = []
    for (const item of items) {
      const inner = signal.aborted ? undefined : toCall(item, call.version, outer, signal)
      if (inner && 'error' in inner) {
        answers.push(answerOf(inner.error, includeHeaders))
        continue
      }
      const reply = inner ? await emulator.handleGraphCall(inner) : { status: 'dropped' as const }
      answers.push(reply.status === 'dropped' ? null : answerOf(reply, includeHeaders))
    }
    // The client went away: nobody reads the answer, as with a single call.
    if (call.signal?.aborted) return { status: 'dropped' }
    return { status: 200, body: answers }
  } finally {
    clearTimeout(timer)
  }
}

interface BatchItem {
  method?: unknown
  relative_url?: unknown
  body?: unknown
}

function batchParam(body: unknown): BatchItem[] | undefined {
  let value: unknown =
    typeof body === 'object' && body !== null ? (body as { batch?: unknown }).batch : undefined
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown
    } catch {
      return undefined
    }
  }
  if (!Array.isArray(value) || value.length === 0) return undefined
  return value.every((item) => typeof item === 'object' && item !== null)
    ? (value as BatchItem[])
    : undefined
}

/** What each call of the batch takes from the request unless it says otherwise. */
function inherited(call: GraphCall): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of ['access_token', 'appsecret_proof']) {
    const value = call.query[name] ?? bodyString(call.body, name)
    if (value !== undefined) out[name] = value
  }
  return out
}

function toCall(
  item: BatchItem,
  version: string,
  outer: Record<string, string>,
  signal: AbortSignal,
): GraphCall | { error: GraphFailure } {
  const method = typeof item.method === 'string' ? item.method.toUpperCase() : 'GET'
  if (method !== 'GET' && method !== 'POST' && method !== 'DELETE')
    return { error: graphError(100, `(#100) Unsupported method in batch: ${method}`) }
  if (typeof item.relative_url !== 'string' || !item.relative_url)
    return { error: graphError(100, '(#100) Missing relative_url in batch request') }
  const [path = '', search = ''] = item.relative_url.replace(/^\/+/, '').split('?', 2)
  const own = VERSIONED.exec(path)
  const segments = path
    .slice(own?.[0].length ?? 0)
    .split('/')
    .filter(Boolean)
  const [node, edge, ...more] = segments
  if (!node || more.length)
    return { error: graphError(2500, `Unknown path components: /${segments.join('/')}`) }
  const query: Record<string, string> = {
    ...outer,
    ...Object.fromEntries(new URLSearchParams(search)),
  }
  const body =
    typeof item.body === 'string' ? Object.fromEntries(new URLSearchParams(item.body)) : undefined
  return {
    method,
    version: own?.[1] ?? version,
    node,
    ...(edge === undefined ? {} : { edge }),
    query,
    ...(body === undefined ? {} : { body }),
    signal,
  }
}

function answerOf(reply: { status: number; body: unknown }, includeHeaders: boolean) {
  return {
    code: reply.status,
    ...(includeHeaders
      ? { headers: [{ name: 'Content-Type', value: 'application/json; charset=UTF-8' }] }
      : {}),
    body: JSON.stringify(reply.body),
  }
}

function bodyString(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value: unknown = Object.getOwnPropertyDescriptor(body, name)?.value
  return typeof value === 'string' ? value : undefined
}
