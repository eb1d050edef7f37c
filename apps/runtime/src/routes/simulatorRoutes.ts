import type { PersonAction } from '@charla/emulator'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import type { Simulator } from '../simulator/createSimulator'
import { streamSession } from '../simulator/streamSession'
import { readFlow, readJsonBody, takeJsonAsText } from './jsonBody'

const DAY_MS = 24 * 3600_000

const createBody = z.strictObject({
  flow: z.unknown(),
  startNodeId: z.string().min(1).max(64).optional(),
})
const tap = z.strictObject({
  title: z.string().min(1).max(100),
  payload: z.string().min(1).max(1000),
})
const messageBody = z.union([
  z.strictObject({ text: z.string().min(1).max(2000) }),
  z.strictObject({ quickReply: tap }),
  z.strictObject({ postback: tap }),
])
const advanceBody = z.strictObject({
  ms: z
    .number()
    .int()
    .min(1)
    .max(30 * DAY_MS),
})

/**
 * `/api/simulator/sessions`: the editor's chat panel. A session runs a draft on its own
 * simulator Page through the real message path (see `createSimulator`); `/:id/events` streams
 * what the bot sends, the conversation's state after each step and the session's clock.
 */
export const simulatorRoutes: FastifyPluginAsync<{ simulator: Simulator }> = async (
  app,
  { simulator },
) => {
  takeJsonAsText(app)

  const notFound = (reply: FastifyReply, id: string) =>
    reply
      .status(404)
      .send(errorBody('not_found', `there is no simulator session "${id}" (it may have expired)`))

  app.post('/', async (request, reply) => {
    const body = readJsonBody(request, reply, createBody)
    if (!body) return reply
    const flow = readFlow(body.flow, reply)
    if (!flow) return reply
    const created = await simulator.create(flow, body.startNodeId)
    if (!created.ok)
      return reply
        .status(created.error === 'too_many_sessions' ? 429 : 400)
        .send(errorBody(created.error, created.message))
    return reply.status(201).send({ session: created.session })
  })

  app.post<{ Params: { id: string } }>('/:id/messages', async (request, reply) => {
    const { id } = request.params
    if (!simulator.get(id)) return notFound(reply, id)
    const body = readJsonBody(request, reply, messageBody)
    if (!body) return reply
    const status = await simulator.say(id, toAction(body))
    if (status !== 200)
      return reply
        .status(502)
        .send(errorBody('webhook_failed', `the runtime's webhook answered ${status}`))
    return { ok: true }
  })

  /** Open event streams by session, to end them with their session or the server. */
  const streams = new Map<string, Set<() => void>>()
  const endStreams = (id: string) => {
    for (const end of [...(streams.get(id) ?? [])]) end()
  }
  app.get<{ Params: { id: string } }>('/:id/events', async (request, reply) => {
    const { id } = request.params
    if (!simulator.get(id)) return notFound(reply, id)
    const open = streams.get(id) ?? new Set()
    streams.set(id, open)
    const end = streamSession(simulator, id, reply, () => {
      open.delete(end)
      if (!open.size) streams.delete(id)
    })
    open.add(end)
    return reply
  })
  // Open streams would keep the server from closing; end them when it starts to.
  app.addHook('preClose', async () => {
    for (const id of [...streams.keys()]) endStreams(id)
  })

  app.post<{ Params: { id: string } }>('/:id/advance', async (request, reply) => {
    const { id } = request.params
    if (!simulator.get(id)) return notFound(reply, id)
    const body = readJsonBody(request, reply, advanceBody)
    if (!body) return reply
    return { clock: await simulator.advance(id, body.ms) }
  })

  app.get<{ Params: { id: string } }>('/:id/state', async (request, reply) => {
    const { id } = request.params
    const session = simulator.get(id)
    if (!session) return notFound(reply, id)
    const { type: _type, ...state } = await simulator.state(id)
    return { session, state, clock: simulator.clock(id) }
  })

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const { id } = request.params
    endStreams(id)
    if (!(await simulator.remove(id))) return notFound(reply, id)
    return reply.status(204).send()
  })
}

function toAction(body: z.infer<typeof messageBody>): PersonAction {
  if ('text' in body) return { text: body.text }
  if ('quickReply' in body)
    return { text: body.quickReply.title, quickReplyPayload: body.quickReply.payload }
  return { postback: { payload: body.postback.payload, title: body.postback.title } }
}
