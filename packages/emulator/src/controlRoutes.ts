import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import {
  pageBodySchema,
  personBodySchema,
  personMessageBodySchema,
  sentQuerySchema,
  streamQuerySchema,
} from './controlSchemas'
import type { Emulator } from './Emulator'
import { EmulatorError, type EmulatorErrorReason } from './EmulatorError'
import { faultSpecSchema } from './faults'
import { personActionSchema } from './personActionSchema'
import { statusCodeOf } from './statusCodeOf'
import { streamSent } from './streamSent'

const STATUS: Record<EmulatorErrorReason, number> = {
  unknown_page: 404,
  unknown_person: 404,
  invalid_action: 400,
  no_webhook_url: 409,
  closed: 503,
}

/**
 * `/_control`: how tests and the editor's simulator drive the emulator over HTTP. Answers in
 * the runtime's shape: `{ ok: true, … }` or `{ ok: false, error, message }`.
 */
export const controlRoutes: FastifyPluginAsync<{ emulator: Emulator }> = async (
  app,
  { emulator },
) => {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof EmulatorError)
      return fail(reply, STATUS[error.reason], error.reason, error.message)
    if (error instanceof z.ZodError) return fail(reply, 400, 'bad_request', z.prettifyError(error))
    const status = statusCodeOf(error)
    if (status >= 500) request.log.error({ err: error }, 'emulator control request failed')
    if (status >= 500)
      return fail(reply, 500, 'internal_error', 'the emulator failed on this request')
    return fail(
      reply,
      status,
      'bad_request',
      error instanceof Error ? error.message : 'bad request',
    )
  })

  app.post('/pages', async (request, reply) => {
    const page = emulator.addPage(pageBodySchema.parse(request.body))
    return reply.status(201).send({ ok: true, page: { pageId: page.pageId, name: page.name } })
  })

  // The emulated Meta app: what a developer copies from Meta's dashboard to connect a Page
  // (the control API sits behind the admin API's auth).
  app.get('/app', async () => ({
    ok: true,
    app: { id: emulator.appId, secret: emulator.appSecret },
  }))

  app.post('/people', async (request, reply) => {
    const person = emulator.addPerson(personBodySchema.parse(request.body))
    return reply.status(201).send({ ok: true, person })
  })

  app.post('/people/:psid/messages', async (request, reply) => {
    const { psid } = z.object({ psid: z.string().min(1) }).parse(request.params)
    const { pageId, duplicates, ...rest } = personMessageBodySchema.parse(request.body)
    const what = personActionSchema.parse(rest)
    try {
      const delivery = await emulator.personSays(pageId, psid, what, { duplicates })
      return { ok: true, status: delivery.status, mid: delivery.mid, commentId: delivery.commentId }
    } catch (error) {
      if (error instanceof EmulatorError) throw error
      // The person spoke, but the runtime's webhook could not be reached.
      return fail(
        reply,
        502,
        'webhook_unreachable',
        error instanceof Error ? error.message : String(error),
      )
    }
  })

  app.post('/faults', async (request, reply) => {
    emulator.fail(faultSpecSchema.parse(request.body))
    return reply.status(201).send({ ok: true })
  })

  app.delete('/faults', async () => {
    emulator.clearFaults()
    return { ok: true }
  })

  app.get('/sent', async (request) => {
    const query = sentQuerySchema.parse(request.query)
    return { ok: true, sent: emulator.sent(query) }
  })

  app.delete('/sent', async () => {
    emulator.clearSent()
    return { ok: true }
  })

  const streams = new Set<() => void>()
  app.get('/stream', async (request, reply) => {
    const filter = streamQuerySchema.parse(request.query)
    const end = streamSent(emulator, request, reply, filter, () => streams.delete(end))
    streams.add(end)
    return reply
  })
  // Open streams would keep the server from closing; end them when it starts to.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })
}

function fail(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.status(status).send({ ok: false, error, message })
}
