import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/** What every failed request answers: `{ ok: false, error, message }`. */
export interface ErrorBody {
  ok: false
  /** Stable and machine-readable: `body_too_large`, `invalid_json`, `not_found`, … */
  error: string
  message: string
}

/** Fastify's own errors, renamed and reworded for a client to act on. */
const KNOWN: Record<string, { error: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    error: 'body_too_large',
    message: 'the request body is larger than this endpoint accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    error: 'unsupported_media_type',
    message: 'send the body as JSON, with Content-Type: application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { error: 'empty_body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { error: 'invalid_content_length' },
}

/**
 * Turns errors into JSON a client can show. Client errors (4xx) keep a message; anything else
 * is logged and answered with a generic message so no internals leak.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 500
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send(errorBody('internal_error', 'something went wrong on the server'))
  }
  const known = KNOWN[error.code]
  return reply
    .status(status)
    .send(errorBody(known?.error ?? 'bad_request', known?.message ?? error.message))
}

/** For routes that do not exist, in the same shape as every other error. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(404)
    .send(errorBody('not_found', `there is no ${request.method} ${request.url}`))
}

export function errorBody(error: string, message: string): ErrorBody {
  return { ok: false, error, message }
}
