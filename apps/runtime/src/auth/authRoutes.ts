import { parseJsonSafely } from '@charla/flow-schema'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { isSameOrigin } from './checkOrigin'
import type { AdminAuth, LoginResult } from './createAdminAuth'
import { SESSION_COOKIE } from './registerAdminAuth'

const credentialsSchema = z.object({
  email: z.string().max(254),
  password: z.string().max(1024),
})
const tokenSchema = z.object({ name: z.string().trim().min(1).max(100) })

/** Small bodies only: credentials and token names. */
const AUTH_BODY_LIMIT = 16 * 1024

/**
 * `/api/auth`: state (is a first admin needed? who am I? the CSRF token), setup, login,
 * logout and API tokens. Error messages never say whether an email has an account.
 */
export const authRoutes: FastifyPluginAsync<{
  auth: AdminAuth
  allowedOrigins: readonly string[]
}> = async (app, { auth, allowedOrigins }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: AUTH_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  )
  app.addHook('onSend', async (_request, reply) => {
    void reply.header('cache-control', 'no-store')
  })

  const read = <T>(request: FastifyRequest, reply: FastifyReply, schema: z.ZodType<T>) => {
    const json = parseJsonSafely(typeof request.body === 'string' ? request.body : '{}')
    const parsed = json.ok ? schema.safeParse(json.value) : undefined
    if (parsed?.success) return parsed.data
    void reply.status(400).send(errorBody('bad_request', 'send { "email", "password" } as JSON'))
    return undefined
  }
  const setCookie = (request: FastifyRequest, reply: FastifyReply, sessionId: string) =>
    reply.setCookie(SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: request.protocol === 'https',
    })
  const signedIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    r: Extract<LoginResult, { ok: true }>,
  ) => {
    setCookie(request, reply, r.sessionId)
    return { user: r.user, csrfToken: r.csrfToken }
  }
  /** Login CSRF: another site must not log a visitor into an account of its choosing. */
  const crossSite = (request: FastifyRequest, reply: FastifyReply) => {
    if (isSameOrigin(request, allowedOrigins)) return false
    void reply.status(403).send(errorBody('cross_origin', 'this request comes from another site'))
    return true
  }
  const endOldSession = async (request: FastifyRequest) => {
    const old = request.cookies[SESSION_COOKIE]
    if (old) await auth.logout(old)
  }

  app.get('/state', async (request) => {
    const admin = request.admin
    if (admin?.kind === 'session')
      return { setupNeeded: false, user: admin.user, csrfToken: admin.csrfToken }
    if (admin?.kind === 'token')
      return { setupNeeded: false, token: { id: admin.tokenId, name: admin.tokenName } }
    return { setupNeeded: await auth.setupNeeded() }
  })

  app.post('/setup', async (request, reply) => {
    if (crossSite(request, reply)) return reply
    const body = read(request, reply, credentialsSchema)
    if (!body) return reply
    const result = await auth.setup(body.email, body.password)
    if (result === 'exists')
      return reply
        .status(409)
        .send(errorBody('setup_done', 'Charla already has an admin: log in instead'))
    if (!result.ok)
      return reply
        .status(400)
        .send(errorBody('bad_request', 'problem' in result ? result.problem : 'not accepted'))
    await endOldSession(request)
    return reply.status(201).send(signedIn(request, reply, result))
  })

  app.post('/login', async (request, reply) => {
    if (crossSite(request, reply)) return reply
    const body = read(request, reply, credentialsSchema)
    if (!body) return reply
    const result = await auth.login(body.email, body.password, request.ip)
    if (!result.ok) {
      if (result.retryAfterSec)
        return reply
          .status(429)
          .header('retry-after', String(result.retryAfterSec))
          .send(
            errorBody(
              'too_many_attempts',
              `too many failed logins: try again in ${Math.ceil(result.retryAfterSec / 60)} min`,
            ),
          )
      request.log.info({ ip: request.ip }, 'failed admin login')
      return reply
        .status(401)
        .send(errorBody('invalid_credentials', 'that email and password do not match an account'))
    }
    // A new id at every login: a session id planted before login is worthless after it.
    await endOldSession(request)
    return signedIn(request, reply, result)
  })

  app.post('/logout', async (request, reply) => {
    if (request.admin?.kind === 'session') await auth.logout(request.admin.sessionId)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.status(204).send()
  })

  app.get('/tokens', async () => ({ tokens: await auth.listApiTokens() }))

  app.post('/tokens', async (request, reply) => {
    const json = parseJsonSafely(typeof request.body === 'string' ? request.body : '{}')
    const parsed = json.ok ? tokenSchema.safeParse(json.value) : undefined
    if (!parsed?.success)
      return reply
        .status(400)
        .send(errorBody('bad_request', 'name the token: { "name": "CI" } (1-100 characters)'))
    const admin = request.admin
    const userId =
      admin?.kind === 'session' ? admin.user.id : admin?.kind === 'token' ? admin.userId : undefined
    const { token, info } = await auth.createApiToken(parsed.data.name, userId)
    // The only time the token is shown: it is stored as a hash.
    return reply.status(201).send({ token, info })
  })

  app.delete<{ Params: { id: string } }>('/tokens/:id', async (request, reply) => {
    const revoked = await auth.revokeApiToken(request.params.id)
    if (!revoked) return reply.status(404).send(errorBody('not_found', 'no such active token'))
    return reply.status(204).send()
  })
}
