import { DEFAULT_HTTP_TIMEOUT_MS, type Value } from '@charla/flow-schema'
import { go, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { emit, nextId } from '../Run'
import { render, writeVariable } from '../variables'

/**
 * The request is an action; the runtime performs it (with its SSRF guard) and answers with an
 * `http_result` event carrying the same request id.
 */
export const httpRequest: NodeHandler<'http_request'> = {
  enter(run, node) {
    const d = node.data
    const requestId = nextId(run, 'h')
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(d.headers ?? {})) headers[k] = render(run, v)
    emit(run, {
      type: 'http_request',
      requestId,
      nodeId: node.id,
      method: d.method,
      url: render(run, d.url),
      headers,
      ...(d.body === undefined ? {} : { body: render(run, d.body) }),
      timeoutMs: d.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    })
    return waitFor({ kind: 'http', nodeId: node.id, requestId })
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'http' || event.type !== 'http_result' || event.requestId !== wait.requestId)
      return unhandled
    if (event.status !== undefined) run.state.vars['http.status'] = event.status
    if (!event.ok) return go('error')
    for (const s of node.data.save ?? []) {
      const value = toValue(pick(event.body, s.path))
      if (value !== undefined) writeVariable(run, s.variable, value)
    }
    return go('success')
  },
}

/** Follows `data.items[0].id` into a parsed JSON body. */
function pick(body: unknown, path: string): unknown {
  let cur = body
  for (const seg of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = Array.isArray(cur)
      ? cur[Number(seg)]
      : Object.hasOwn(cur, seg)
        ? (cur as Record<string, unknown>)[seg]
        : undefined
  }
  return cur
}

function toValue(v: unknown): Value | undefined {
  if (v === undefined) return undefined
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return v
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
  return JSON.stringify(v)
}
