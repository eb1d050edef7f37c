/**
 * Postback and quick-reply payloads the engine puts on what it sends, so a tap comes back
 * naming the node and the choice. Node ids cannot contain ":" (see ID_PATTERN), so the first
 * two separators are unambiguous; the value may contain more (ISO times do).
 */
export type PayloadScope =
  /** A message's button, card button or quick reply: value = choice id. */
  | 'c'
  /** A question's choice: value = index. */
  | 'q'
  /** A lead form: skip, yes, no, or a choice index as `c<i>`. */
  | 'l'
  /** A booking in progress: day:<date>, time:<iso>, other_day, more, confirm, no. */
  | 'b'
  /** A booking already made: value = cancel | reschedule, nodeId = booking id. */
  | 'bk'
  /** A catalog: a product id, checkout or more. */
  | 'p'

export function makePayload(scope: PayloadScope, nodeId: string, value: string): string {
  return `${scope}:${nodeId}:${value}`
}

export interface ParsedPayload {
  scope: PayloadScope
  nodeId: string
  value: string
}

const SCOPES: ReadonlySet<string> = new Set(['c', 'q', 'l', 'b', 'bk', 'p'])

export function parsePayload(payload: string | undefined): ParsedPayload | undefined {
  if (!payload) return undefined
  const first = payload.indexOf(':')
  const second = payload.indexOf(':', first + 1)
  if (first < 0 || second < 0) return undefined
  const scope = payload.slice(0, first)
  if (!isScope(scope)) return undefined
  return { scope, nodeId: payload.slice(first + 1, second), value: payload.slice(second + 1) }
}

function isScope(s: string): s is PayloadScope {
  return SCOPES.has(s)
}
