import { MAX_FLOW_BYTES } from '@charla/flow-schema'
import type { FastifyPluginAsync } from 'fastify'
import { errorBody } from '../errorHandler'
import { checkFlowText } from '../flows/checkFlowText'

/**
 * `POST /api/flows/validate`: the CLI's `flow validate` over HTTP, for the editor.
 * Answers 200 with a verdict for any JSON body; 400 when the body is not JSON; 413 above 5 MB.
 */
export const flowRoutes: FastifyPluginAsync = async (app) => {
  // The body goes to parseFlow as text, not through Fastify's JSON parser: parseFlow is the one
  // place that guards against prototype poisoning and reports it with a path a marketer can
  // follow. Parsers are scoped to this plugin, so other routes keep the default ones. Only JSON
  // is taken, so a form post or plain text gets a clear 415 instead of a confusing verdict.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: MAX_FLOW_BYTES },
    (_request, body, done) => done(null, body),
  )

  app.post('/validate', async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body : ''
    const check = checkFlowText(text)
    switch (check.kind) {
      case 'not_json':
        return reply.status(400).send(errorBody('invalid_json', check.message))
      case 'invalid':
        return { ok: false, publishable: false, errors: check.errors }
      case 'parsed':
        return { ok: true, publishable: check.publishable, problems: check.problems }
    }
  })
}
