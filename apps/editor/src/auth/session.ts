/**
 * The editor's side of admin sessions: the CSRF token the runtime gave for this session, sent
 * on every write, and one place that hears about a 401 (the session ended) so the login screen
 * can come back. Every admin API call goes through `adminFetch`.
 */

let csrfToken: string | undefined
const listeners = new Set<() => void>()

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

/** Called with no arguments when a request answers 401. Returns an unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** `fetch` for the admin API: same-origin cookies, the CSRF header on writes, 401 reported. */
export async function adminFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase()
  const headers = new Headers(init.headers)
  if (!SAFE.has(method) && csrfToken) headers.set('x-csrf-token', csrfToken)
  const res = await fetch(input, { ...init, headers, credentials: 'same-origin' })
  if (res.status === 401 && !input.startsWith('/api/auth/')) for (const l of listeners) l()
  return res
}
