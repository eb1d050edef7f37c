/**
 * The routes anyone may call, by route pattern (what Fastify matched, not the raw URL, so
 * `/api/../webhooks` tricks and encodings change nothing). Everything else needs a login or an
 * API token: a route added later is private unless it is listed here, and the route-sweep test
 * (test/auth/routeSweep.test.ts) fails for a private route that answers without credentials.
 */
const PUBLIC_PREFIXES = [
  // Meta's, Stripe's and PayPal's webhooks: verified by their signatures.
  '/webhooks/',
  // The payment pages a person opens from Messenger, found by unguessable tokens.
  '/pay/',
  // Meta's data-deletion callback (signed_request) and the deletion status page.
  '/privacy/',
  // The emulated Graph API: the runtime calls it as it calls Meta, with Page access tokens.
  '/emulator/graph/',
]

const PUBLIC_ROUTES = new Set([
  'GET /health',
  'HEAD /health',
  // The person's "Add to calendar" file, by its unguessable token.
  'GET /bookings/:file',
  'HEAD /bookings/:file',
  // Logging in.
  'GET /api/auth/state',
  'POST /api/auth/login',
  'POST /api/auth/setup',
  // The editor's static files (the app itself; its data comes from /api).
  'GET /',
  'HEAD /',
  'GET /*',
  'HEAD /*',
])

const ADMIN_PREFIX = /^\/(api|emulator\/_control)(\/|$|\?)/

/**
 * @param routeUrl the matched route's pattern; undefined when no route matched (a 404, which
 *   is public except under the admin prefixes, so it does not reveal which admin routes exist).
 */
export function isPublicRoute(method: string, routeUrl: string | undefined, url: string): boolean {
  // The editor's catch-all (`/*`) and 404s match any URL: never under the admin prefixes.
  if (routeUrl === undefined || routeUrl === '/*') {
    if (ADMIN_PREFIX.test(url)) return false
    if (routeUrl === undefined) return true
  }
  if (PUBLIC_ROUTES.has(`${method} ${routeUrl}`)) return true
  return PUBLIC_PREFIXES.some((p) => routeUrl.startsWith(p))
}
