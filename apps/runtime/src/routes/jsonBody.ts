import {
  MAX_FLOW_BYTES,
  parseFlow,
  parseJsonSafely,
  type Flow,
  type FlowError,
} from '@charla/flow-schema'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'

/**
 * Takes `application/json` bodies as text, at most 5 MB (one flow), for the plugin it is called
 * in: they are parsed by {@link readJsonBody}, which refuses prototype-poisoning keys the way
 * flow files are, and validated with zod. Other content types get a 415.
 */
export function takeJsonAsText(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: MAX_FLOW_BYTES },
    (_request, body, done) => done(null, body),
  )
}

/**
 * The request's body, parsed and validated; on failure the 400 is already sent and the result
 * is undefined. A missing body reads as `{}`, so schemas with only optional fields accept it.
 */
export function readJsonBody<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  schema: z.ZodType<T>,
): T | undefined {
  const text = typeof request.body === 'string' && request.body.trim() ? request.body : '{}'
  const json = parseJsonSafely(text)
  if (!json.ok) {
    const first = json.errors[0]
    void reply
      .status(400)
      .send(
        errorBody(
          first?.path ? 'bad_request' : 'invalid_json',
          first?.path ? `${first.path}: ${first.message}` : (first?.message ?? 'not valid JSON'),
        ),
      )
    return undefined
  }
  const parsed = schema.safeParse(json.value)
  if (!parsed.success) {
    void reply.status(400).send(errorBody('bad_request', z.prettifyError(parsed.error)))
    return undefined
  }
  return parsed.data
}

/** `{ ok: false, error: 'invalid_flow', message, errors }`: what is wrong, by JSON path. */
export function invalidFlow(reply: FastifyReply, errors: FlowError[]) {
  const first = errors[0]
  return reply.status(400).send({
    ...errorBody(
      'invalid_flow',
      first
        ? `this is not a valid flow: ${first.path ? `${first.path}: ` : ''}${first.message}`
        : 'this is not a valid flow',
    ),
    errors,
  })
}

/** A flow inside a JSON body, checked like a flow file; the 400 is sent when it is not one. */
export function readFlow(value: unknown, reply: FastifyReply): Flow | undefined {
  const parsed = parseFlow(value)
  if (parsed.ok) return parsed.flow
  void invalidFlow(reply, parsed.errors)
  return undefined
}
