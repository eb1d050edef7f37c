import type { FastifyRequest } from 'fastify'

/**
 * Who is publishing: the signed-in admin's email, once authentication (issue 8, item 1) puts
 * the user on the request as `request.adminUser`; undefined before that (stored as unknown).
 * The one place to change if auth names it differently.
 */
export function publishedBy(request: FastifyRequest): string | undefined {
  const user: unknown = (request as unknown as { adminUser?: unknown }).adminUser
  if (typeof user !== 'object' || user === null) return undefined
  const email: unknown = (user as { email?: unknown }).email
  return typeof email === 'string' ? email : undefined
}
