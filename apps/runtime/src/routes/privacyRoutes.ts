import { randomBytes } from 'node:crypto'
import type { Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { errorBody } from '../errorHandler'
import { parseSignedRequest } from '../privacy/parseSignedRequest'

export interface PrivacyRoutesOptions {
  storage: Storage
  now: () => number
  /** The origin people reach this runtime at: the status URL Meta shows the person. */
  publicUrl: () => string
}

/** Meta sends a small form; nothing legitimate is larger. */
const MAX_BODY = 16 * 1024

/**
 * Public: Meta's data-deletion callback and the status page it links people to.
 * `POST /privacy/facebook/data-deletion` takes `signed_request` (form or JSON), verified with
 * the app secret of a connected Page; the user id in it is deleted on every Page (for a
 * Messenger app it is the person's id as Meta gave it to the app), and the answer is
 * `{ url, confirmation_code }`. `GET /privacy/deletion/:code` says what was done, and nothing
 * about the person.
 */
export const privacyRoutes: FastifyPluginAsync<PrivacyRoutesOptions> = async (app, opts) => {
  const { storage, now } = opts
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'application/json'],
    { parseAs: 'string', bodyLimit: MAX_BODY },
    (request, body, done) => {
      const text = String(body)
      try {
        if (request.headers['content-type']?.startsWith('application/json')) {
          const json: unknown = JSON.parse(text)
          const value =
            typeof json === 'object' && json !== null
              ? Object.getOwnPropertyDescriptor(json, 'signed_request')?.value
              : undefined
          done(null, typeof value === 'string' ? value : '')
        } else done(null, new URLSearchParams(text).get('signed_request') ?? '')
      } catch {
        done(null, '')
      }
    },
  )

  app.post('/facebook/data-deletion', async (request, reply) => {
    const signed = typeof request.body === 'string' ? request.body : ''
    if (!signed)
      return reply
        .status(400)
        .send(errorBody('bad_request', 'send the signed_request Meta signed with the app secret'))
    const pages = await storage.pages.list()
    const secrets = [...new Set(pages.map((p) => p.appSecret).filter(Boolean))]
    const payload = parseSignedRequest(signed, secrets)
    if (!payload) {
      request.log.warn('a data-deletion request with an invalid signature was refused')
      return reply
        .status(400)
        .send(errorBody('invalid_signature', 'the signed_request is not signed by this app'))
    }
    let deleted = 0
    for (const page of pages) {
      const had = await storage.contacts.get(page.id, payload.user_id)
      await storage.contacts.forget(page.id, payload.user_id)
      if (had) deleted++
    }
    const code = `DEL-${randomBytes(12).toString('base64url')}`
    const at = now()
    await storage.deletionRequests.add({
      code,
      status: 'completed',
      contactsDeleted: deleted,
      requestedAt: at,
      completedAt: at,
    })
    request.log.info({ code, contactsDeleted: deleted }, 'data-deletion request done')
    return { url: `${opts.publicUrl()}/privacy/deletion/${code}`, confirmation_code: code }
  })

  app.get<{ Params: { code: string } }>('/deletion/:code', async (request, reply) => {
    const found = /^DEL-[A-Za-z0-9_-]{16}$/.test(request.params.code)
      ? await storage.deletionRequests.get(request.params.code)
      : undefined
    const body = found
      ? `<p>Request <code>${found.code}</code> was received on ${new Date(found.requestedAt).toUTCString()}.</p>
<p>Status: <strong>${found.status === 'completed' ? 'completed' : 'in progress'}</strong>${
          found.completedAt ? ` (${new Date(found.completedAt).toUTCString()})` : ''
        }. Everything this chatbot stored about you (conversations, messages, answers, bookings and orders) ${
          found.status === 'completed' ? 'has been deleted' : 'is being deleted'
        }.</p>`
      : '<p>There is no deletion request with this code.</p>'
    return reply
      .status(found ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Data deletion status</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:0 .25rem}</style><h1>Data deletion status</h1>${body}</html>`,
      )
  })
}
