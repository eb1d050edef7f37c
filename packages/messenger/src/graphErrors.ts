import { z } from 'zod'

/**
 * How the runtime should treat a failed Graph API call:
 * - `retryable`: try again later with backoff (throttling, temporary failures, network);
 * - `terminal`: do not retry this request (a payload bug, a permission, a policy refusal);
 * - `token`: the Page's access token is invalid or expired: pause the Page, alert, re-auth;
 * - `unreachable`: this person cannot be messaged (blocked, deactivated): mark the contact;
 * - `window`: sent outside the allowed messaging window: terminal; needs a tag or a new message.
 */
export type GraphErrorKind = 'retryable' | 'terminal' | 'token' | 'unreachable' | 'window'

export interface GraphErrorClass {
  kind: GraphErrorKind
  code?: number
  subcode?: number
  message: string
  fbtraceId?: string
  /** From `Retry-After` or `X-Business-Use-Case-Usage` (estimated_time_to_regain_access). */
  retryAfterMs?: number
  /** HTTP status; absent when no response came back. */
  status?: number
  /** When no usable response came back: the request may still have reached Meta. */
  transport?: 'timeout' | 'network' | 'too_large' | 'invalid_response' | 'incomplete'
}

interface Rule {
  code?: number
  subcode?: number
  /** Matched case-insensitively against the error message. */
  messageIncludes?: string
  kind: GraphErrorKind
  /** Why; the § numbers below are those of the shared Messenger Platform reference. */
  note: string
}

/**
 * The table, most specific first: code + subcode, then subcode alone, then message, then code.
 * Sources: reference §3.7 (Meta's Send API error-code pages, and the facebook-messenger gem's
 * ErrorParser) and §10 (runtime checklist: retry 1200, 2, 4, 17, 32, 613, 80006; park 190,
 * 551 and 200).
 */
export const GRAPH_ERROR_RULES: readonly Rule[] = [
  // --- code + subcode -------------------------------------------------------------------
  // §3.7 "10 / 2018278: sent outside the allowed window — do not retry".
  { code: 10, subcode: 2018278, kind: 'window', note: 'sent outside the allowed window' },
  // §3.7 lists 10/2018065 and 10/2018108 as "permission or role problem"; Meta's error pages
  // word both as "This message is sent outside of allowed window" (2018065: without
  // pages_messaging_subscriptions; 2018108: the 2020 window policy). Either way: do not retry,
  // the message needs a tag. Classified as window.
  { code: 10, subcode: 2018108, kind: 'window', note: 'sent outside the allowed window (policy)' },
  { code: 10, subcode: 2018065, kind: 'window', note: 'sent outside the allowed window' },
  // §3.7 "10 / 2018300: another app controls this thread (handover) — check thread ownership".
  { code: 10, subcode: 2018300, kind: 'terminal', note: 'another app controls this thread' },
  // §3.7 "4 / 2018354: marketing message sent before the minimum delay — skip, no penalty".
  { code: 4, subcode: 2018354, kind: 'terminal', note: 'marketing message sent too early' },
  // §3.7 "100 / 2018109: attachment too large — shrink the file".
  { code: 100, subcode: 2018109, kind: 'terminal', note: 'attachment too large' },
  // §3.7 "100 / 2018001: no matching user found (bad PSID or wrong page token)".
  { code: 100, subcode: 2018001, kind: 'terminal', note: 'no matching user (bad PSID or token)' },
  // --- subcode, whatever the code --------------------------------------------------------
  // §3.7 "551 (often with 1545041) … mark the contact unreachable"; 200/1545041 "Permissions
  // disallow message to user".
  { subcode: 1545041, kind: 'unreachable', note: 'this person is not available right now' },
  // OAuth subcodes of an invalid session (expired, password changed, app removed,
  // checkpoint): the token is unusable whatever code they come with.
  { subcode: 458, kind: 'token', note: 'app not installed' },
  { subcode: 459, kind: 'token', note: 'user checkpointed' },
  { subcode: 460, kind: 'token', note: 'password changed' },
  { subcode: 463, kind: 'token', note: 'session expired' },
  { subcode: 464, kind: 'token', note: 'unconfirmed user' },
  { subcode: 467, kind: 'token', note: 'invalid access token' },
  { subcode: 492, kind: 'token', note: 'invalid session' },
  // §4.2 "2018218: No profile available for this user" (phone-number-only accounts).
  { subcode: 2018218, kind: 'terminal', note: 'no profile available for this user' },
  // --- message ---------------------------------------------------------------------------
  // §3.7 "4-group 'Attachment size exceeds allowable limit' — do not retry".
  {
    messageIncludes: 'attachment size exceeds',
    kind: 'terminal',
    note: 'attachment too large',
  },
  // --- code ------------------------------------------------------------------------------
  // §3.7 "1200: temporary send failure — retry with backoff".
  { code: 1200, kind: 'retryable', note: 'temporary send failure' },
  // §3.7 "1 (99), 2: unknown or unexpected error — retry a few times, then fail".
  { code: 1, kind: 'retryable', note: 'unknown error' },
  { code: 2, kind: 'retryable', note: 'unexpected error (service)' },
  // §3.7 "4: app request limit — retry later".
  { code: 4, kind: 'retryable', note: 'application request limit' },
  // §3.7 "9 / 2018352: user performing too many actions — skip or back off".
  { code: 9, kind: 'retryable', note: 'too many actions' },
  // §3.7 "17, 32, 613: user- or page-level throttling — retry later".
  { code: 17, kind: 'retryable', note: 'user request limit' },
  { code: 32, kind: 'retryable', note: 'page request limit' },
  { code: 613, kind: 'retryable', note: 'rate limit exceeded' },
  // §3.7 "80006: Messenger Business-Use-Case throttling [unverified] — retry later".
  { code: 80006, kind: 'retryable', note: 'business use case rate limit' },
  // §3.7 "190: invalid or expired access token — stop this page, alert, re-auth".
  { code: 190, kind: 'token', note: 'invalid or expired access token' },
  // Graph's legacy "API session" error: the token is unusable too.
  { code: 102, kind: 'token', note: 'API session invalid' },
  // §3.7 "551: This person isn't available right now — mark the contact unreachable".
  { code: 551, kind: 'unreachable', note: 'this person is not available right now' },
  // §3.7 "10 / 2018065, 2018108 permission or role problem — fix config" (other subcodes).
  { code: 10, kind: 'terminal', note: 'permission denied' },
  // §3.7 "100 (no subcode): invalid parameter — a payload bug".
  { code: 100, kind: 'terminal', note: 'invalid parameter' },
  // §3.7 "200 / 2018028, 2018027, 2018021; 230: permission errors — do not retry".
  { code: 200, kind: 'terminal', note: 'permission error' },
  { code: 230, kind: 'terminal', note: 'permission error' },
  // §3.7 "368: action deemed abusive — stop sending; alert".
  { code: 368, kind: 'terminal', note: 'action deemed abusive' },
  // §3.7 "10900 / 10903: private reply already sent / user can't reply — treat as done".
  { code: 10900, kind: 'terminal', note: 'activity already replied to' },
  { code: 10903, kind: 'terminal', note: 'this user cannot reply to this activity' },
  // §3.7 "2022: commerce messaging disabled after a policy violation — stop".
  { code: 2022, kind: 'terminal', note: 'messaging disabled after a policy violation' },
]

/** Codes are JSON numbers; tolerate numeric strings, ignore anything else. */
const intLike = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
  .optional()
  .catch(undefined)

const envelopeSchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: intLike,
    error_subcode: intLike,
    fbtrace_id: z.string().optional(),
    is_transient: z.boolean().optional().catch(undefined),
  }),
})

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>

/**
 * Classifies an HTTP answer from the Graph API: `status` and the parsed JSON body (a Meta
 * error envelope `{ error: { message, type, code, error_subcode, fbtrace_id } }`, §3.6, or
 * anything else). Status 0 means no response (see classifyTransportError).
 */
export function classifyGraphError(
  status: number,
  body: unknown,
  headers: ResponseHeaders = {},
): GraphErrorClass {
  const envelope = envelopeSchema.safeParse(body)
  const withStatus = status > 0 ? { status } : {}
  if (!envelope.success) {
    const kind: GraphErrorKind = isRetryableStatus(status) ? 'retryable' : 'terminal'
    return withRetryAfter(
      {
        kind,
        message: status > 0 ? `HTTP ${status} without a Graph error body` : 'no response',
        ...withStatus,
      },
      headers,
    )
  }
  const e = envelope.data.error
  const rule = findRule(e.code, e.error_subcode, e.message)
  let kind: GraphErrorKind
  if (rule) kind = rule.kind
  else if (e.is_transient || isRetryableStatus(status)) kind = 'retryable'
  else kind = 'terminal'
  const message = e.message ?? rule?.note ?? 'Graph API error'
  return withRetryAfter(
    {
      kind,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
      message: e.type ? `(${e.type}) ${message}` : message,
      ...(e.fbtrace_id ? { fbtraceId: e.fbtrace_id } : {}),
      ...withStatus,
    },
    headers,
  )
}

/** No usable response: a timeout, a refused or reset connection, a body over the cap. */
export function classifyTransportError(
  transport: NonNullable<GraphErrorClass['transport']>,
  message: string,
  status?: number,
): GraphErrorClass {
  return {
    kind: 'retryable',
    message,
    transport,
    ...(status !== undefined ? { status } : {}),
  }
}

function findRule(
  code: number | undefined,
  subcode: number | undefined,
  message: string | undefined,
): Rule | undefined {
  const text = message?.toLowerCase() ?? ''
  return (
    GRAPH_ERROR_RULES.find(
      (r) =>
        r.code !== undefined && r.subcode !== undefined && r.code === code && r.subcode === subcode,
    ) ??
    GRAPH_ERROR_RULES.find(
      (r) => r.code === undefined && r.subcode !== undefined && r.subcode === subcode,
    ) ??
    GRAPH_ERROR_RULES.find(
      (r) => r.messageIncludes !== undefined && text.includes(r.messageIncludes),
    ) ??
    GRAPH_ERROR_RULES.find(
      (r) =>
        r.code !== undefined &&
        r.subcode === undefined &&
        r.messageIncludes === undefined &&
        r.code === code,
    )
  )
}

function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500
}

function withRetryAfter(error: GraphErrorClass, headers: ResponseHeaders): GraphErrorClass {
  if (error.kind !== 'retryable') return error
  const ms = retryAfterMs(headers)
  return ms === undefined ? error : { ...error, retryAfterMs: ms }
}

/**
 * The longer of `Retry-After` (seconds) and the `X-Business-Use-Case-Usage` header's
 * `estimated_time_to_regain_access` (minutes, §9), when either is there.
 */
export function retryAfterMs(headers: ResponseHeaders): number | undefined {
  let best: number | undefined
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter && /^\d+$/.test(retryAfter)) best = Number(retryAfter) * 1000
  const usage = header(headers, 'x-business-use-case-usage')
  if (usage) {
    try {
      const parsed: unknown = JSON.parse(usage)
      if (parsed && typeof parsed === 'object')
        for (const list of Object.values(parsed)) {
          if (!Array.isArray(list)) continue
          for (const item of list as unknown[]) {
            const minutes = (item as { estimated_time_to_regain_access?: unknown } | null)
              ?.estimated_time_to_regain_access
            if (typeof minutes === 'number' && minutes > 0)
              best = Math.max(best ?? 0, minutes * 60_000)
          }
        }
    } catch {
      // A malformed usage header tells us nothing.
    }
  }
  return best
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
