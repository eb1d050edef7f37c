import type { FastifyRequest } from 'fastify'

/**
 * Whether a state-changing browser request comes from the editor's own origin. Browsers send
 * `Sec-Fetch-Site` and `Origin` on such requests and a page cannot forge them; programs (the
 * CLI, curl) send neither and are judged by their credentials alone.
 *
 * @param allowed extra origins that are this runtime (`CHARLA_PUBLIC_URL` behind a proxy).
 */
export function isSameOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const site = request.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false
  const origin = request.headers.origin
  if (origin === undefined) return true
  return origin === `${request.protocol}://${request.host}` || allowed.includes(origin)
}
