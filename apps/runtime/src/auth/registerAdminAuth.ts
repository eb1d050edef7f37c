import fastifyCookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from '../errorHandler'
import { authRoutes } from './authRoutes'
import { isSameOrigin } from './checkOrigin'
import type { AdminAuth, Principal } from './createAdminAuth'
import { isPublicRoute } from './isPublicRoute'
import { safeEqual } from './secrets'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once the auth hook has run (undefined: nobody, or a public route). */
    admin?: Principal
  }
  interface FastifyInstance {
    /** Every route registered after the auth hook, and whether it is public: for audits and the route-sweep test. */
    routeTable: RouteEntry[]
  }
}

export interface RouteEntry {
  method: string
  url: string
  public: boolean
}

export const SESSION_COOKIE = 'charla_session'
export const CSRF_HEADER = 'x-csrf-token'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface AdminAuthPluginOptions {
  /** Absent: every private route answers 401 (an app built without accounts opens nothing). */
  auth?: AdminAuth
  /** Origins that are this runtime besides the request's own (CHARLA_PUBLIC_URL). */
  allowedOrigins?: readonly string[]
}

/**
 * Puts every route behind a login or an API token, except the public ones
 * (`isPublicRoute`), with one hook on the root instance: routes registered later, in any
 * plugin, are covered too. Cookie sessions must also pass the CSRF check on writes.
 */
export async function registerAdminAuth(
  app: FastifyInstance,
  opts: AdminAuthPluginOptions,
): Promise<void> {
  const { auth } = opts
  const allowed = opts.allowedOrigins ?? []
  await app.register(fastifyCookie)
  app.decorateRequest('admin', undefined)
  const table: RouteEntry[] = []
  app.decorate('routeTable', table)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      table.push({ method, url: route.url, public: isPublicRoute(method, route.url, route.url) })
  })

  const identify = async (request: FastifyRequest): Promise<Principal | undefined> => {
    if (!auth) return undefined
    const header = request.headers.authorization
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header)
      return m?.[1] ? auth.fromToken(m[1]) : undefined
    }
    const sessionId = request.cookies[SESSION_COOKIE]
    return sessionId ? auth.fromSession(sessionId) : undefined
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const routeUrl = request.routeOptions.url
    const isAuthRoute = routeUrl?.startsWith('/api/auth/') ?? false
    if (isPublicRoute(request.method, routeUrl, request.url) && !isAuthRoute) return
    request.admin = await identify(request)
    if (isAuthRoute && isPublicRoute(request.method, routeUrl, request.url)) return
    if (!request.admin) {
      void reply.header('cache-control', 'no-store')
      return reply
        .status(401)
        .send(errorBody('unauthorized', 'log in, or send an API token (Authorization: Bearer …)'))
    }
    // Cookies ride along on cross-site requests; a bearer token never does.
    if (request.admin.kind === 'session' && UNSAFE.has(request.method)) {
      if (!isSameOrigin(request, allowed))
        return reply
          .status(403)
          .send(errorBody('cross_origin', 'this request comes from another site'))
      const sent = request.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || !safeEqual(sent, request.admin.csrfToken))
        return reply
          .status(403)
          .send(
            errorBody(
              'csrf_failed',
              `send the X-CSRF-Token header (GET /api/auth/state gives it); reload the page`,
            ),
          )
    }
  })

  if (auth) await app.register(authRoutes, { prefix: '/api/auth', auth, allowedOrigins: allowed })
}
