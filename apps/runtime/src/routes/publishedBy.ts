import type { FastifyRequest } from 'fastify'

/**
 * Who is publishing, as the versions list shows it: the signed-in admin's email, or the API
 * token's name (`token: ci`) for programs; undefined without credentials (tests of the app alone).
 */
export function publishedBy(request: FastifyRequest): string | undefined {
  const admin = request.admin
  if (!admin) return undefined
  return admin.kind === 'session' ? admin.user.email : `token: ${admin.tokenName}`
}
