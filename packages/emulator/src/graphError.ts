import { randomBytes } from 'node:crypto'

/** The body of every failed Graph API call (Send API reference, "error codes"). */
export interface GraphErrorBody {
  error: {
    message: string
    type: string
    code: number
    error_subcode?: number
    fbtrace_id: string
  }
}

/** A failed call as the emulator answers it: an HTTP status and Meta's envelope. */
export interface GraphFailure {
  status: number
  body: GraphErrorBody
}

/** Meta's wording for the codes a fault test is likely to script. */
const DEFAULT_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  2: 'An unexpected error has occurred. Please retry your request later.',
  4: '(#4) Application request limit reached',
  10: '(#10) This message is sent outside of allowed window.',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  190: 'Error validating access token: The session has been invalidated.',
  200: '(#200) Permissions error',
  368: '(#368) The action attempted has been deemed abusive or is otherwise disallowed',
  551: "(#551) This person isn't available right now.",
  613: '(#613) Calls to this api have exceeded the rate limit.',
  1200: '(#1200) Temporary send message failure. Please try again later',
}

export function defaultErrorMessage(code: number): string {
  return DEFAULT_MESSAGES[code] ?? `(#${code}) Scripted failure`
}

/**
 * Builds a failure. Meta answers most errors with HTTP 400 and `type: 'OAuthException'`, even
 * when no token is involved, and always adds an opaque `fbtrace_id` for its support team.
 */
export function graphError(
  code: number,
  message: string,
  options: { subcode?: number; status?: number; type?: string } = {},
): GraphFailure {
  return {
    status: options.status ?? 400,
    body: {
      error: {
        message,
        type: options.type ?? 'OAuthException',
        code,
        ...(options.subcode === undefined ? {} : { error_subcode: options.subcode }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
  }
}

/** Code 100 with a message naming the parameter, the way the Send API reports a bad body. */
export function invalidParameter(message: string, subcode?: number): GraphFailure {
  return graphError(100, message, subcode === undefined ? {} : { subcode })
}

/** Meta's answer for an id that is not a node the token can see. */
export function unsupportedRequest(method: 'get' | 'post', id: string): GraphFailure {
  return graphError(
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33, type: 'GraphMethodException' },
  )
}
