import { invalidParameter, type GraphFailure } from './graphError'
import { paramMessage } from './paramMessage'
import { sendBodySchema, type SendBody } from './sendBodySchema'

export type SendBodyCheck = { ok: true; body: SendBody } | { ok: false; error: GraphFailure }

/**
 * Checks a Send API body the way Meta does and answers with the first problem, worded like
 * Meta's `(#100) ...` with the parameter's name. Meta also takes `recipient` and `message` as
 * JSON strings (form-style parameters), so those are decoded first.
 */
export function validateSendBody(input: unknown): SendBodyCheck {
  const decoded = decodeJsonParams(input)
  if (decoded === undefined)
    return { ok: false, error: invalidParameter('(#100) The parameter recipient is required') }
  const parsed = sendBodySchema.safeParse(decoded, { reportInput: true })
  if (parsed.success) return { ok: true, body: parsed.data }
  const [first] = parsed.error.issues
  return {
    ok: false,
    error: invalidParameter(first ? paramMessage(first) : '(#100) Invalid parameter'),
  }
}

/** Body params that are not part of the message: the token may travel in the body too. */
const TRANSPORT_PARAMS = new Set(['access_token', 'appsecret_proof'])

function decodeJsonParams(input: unknown): Record<string, unknown> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined
  // fromEntries defines own properties, so a `__proto__` key stays data and zod refuses it.
  return Object.fromEntries(
    Object.entries(input)
      .filter(([key]) => !TRANSPORT_PARAMS.has(key))
      .map(([key, value]) => [
        key,
        typeof value === 'string' && /^\s*[{[]/.test(value) ? parseOrKeep(value) : value,
      ]),
  )
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
