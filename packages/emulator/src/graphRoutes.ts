import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Emulator, GraphCall, GraphReply } from './Emulator'
import { graphError } from './graphError'
import { runGraphBatch } from './runGraphBatch'
import { statusCodeOf } from './statusCodeOf'

interface GraphRoute {
  Params: { version: string; node?: string; edge?: string }
  Querystring: Record<string, string | string[] | undefined>
}

/**
 * The Graph API endpoints Charla calls, under `/graph`: `/{version}/{node}` and
 * `/{version}/{node}/{edge}`. Everything, errors included, answers in Meta's shape, so the
 * runtime's Graph client meets here what it meets in production.
 */
export const graphRoutes: FastifyPluginAsync<{ emulator: Emulator }> = async (
  app,
  { emulator },
) => {
  // Fastify's own refusals (bad JSON, wrong content type, body too large) as Meta words them.
  app.setErrorHandler((error, _request, reply) => {
    const status = statusCodeOf(error) < 500 ? 400 : 500
    const message = error instanceof Error ? error.message : 'Invalid request'
    const failure =
      status === 400
        ? graphError(100, `(#100) ${message}`)
        : graphError(1, 'An unknown error has occurred.', { status })
    return reply.status(failure.status).send(failure.body)
  })
  app.setNotFoundHandler((request, reply) => {
    const failure = graphError(2500, `Unknown path components: ${request.url.split('?')[0] ?? ''}`)
    return reply.status(failure.status).send(failure.body)
  })

  const answer = async (
    request: FastifyRequest<GraphRoute>,
    reply: FastifyReply,
    run: (call: GraphCall) => Promise<GraphReply>,
  ) => {
    const result = await run(toGraphCall(request, clientGone(reply)))
    if (result.status === 'dropped') {
      // A hang ends without an answer, like a connection Meta never replies on.
      reply.hijack()
      reply.raw.destroy()
      return reply
    }
    return reply.status(result.status).send(result.body)
  }
  const handler = (request: FastifyRequest<GraphRoute>, reply: FastifyReply) =>
    answer(request, reply, (call) => emulator.handleGraphCall(call))
  // A batch request: `POST /{version}/` with `batch=[…]` (reference §9).
  const batch = (request: FastifyRequest<GraphRoute>, reply: FastifyReply) =>
    answer(request, reply, (call) => runGraphBatch(emulator, call))
  app.post<GraphRoute>('/:version', batch)
  app.post<GraphRoute>('/:version/', batch)
  app.get<GraphRoute>('/:version/:node', handler)
  app.get<GraphRoute>('/:version/:node/:edge', handler)
  app.post<GraphRoute>('/:version/:node/:edge', handler)
  app.delete<GraphRoute>('/:version/:node/:edge', handler)
}

function toGraphCall(request: FastifyRequest<GraphRoute>, signal: AbortSignal): GraphCall {
  const query = Object.fromEntries(
    Object.entries(request.query).map(([key, value]) => [
      key,
      Array.isArray(value) ? value[0] : value,
    ]),
  )
  const { version, node = '', edge } = request.params
  return {
    method: request.method === 'GET' ? 'GET' : request.method === 'DELETE' ? 'DELETE' : 'POST',
    version,
    node,
    ...(edge === undefined ? {} : { edge }),
    query,
    ...(request.headers.authorization === undefined
      ? {}
      : { authorization: request.headers.authorization }),
    body: request.body,
    signal,
  }
}

/** Aborts when the connection closes before the answer is written (the client gave up). */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort()
  })
  return controller.signal
}
