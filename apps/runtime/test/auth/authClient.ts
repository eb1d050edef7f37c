import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'

export const ADMIN = { email: 'ana@example.com', password: 'correct horse battery' }

/** A browser-like client of `app.inject`: keeps the session cookie and the CSRF token. */
export interface AuthClient {
  cookie?: string
  csrf?: string
  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>
}

export function authClient(app: FastifyInstance): AuthClient {
  const client: AuthClient = {
    async request(method, url, body, headers = {}) {
      const res = await app.inject({
        method,
        url,
        headers: {
          ...(client.cookie ? { cookie: `charla_session=${client.cookie}` } : {}),
          ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      })
      const set = res.cookies.find((c) => c.name === 'charla_session')
      if (set) client.cookie = set.value || undefined
      const json = res.headers['content-type']?.toString().startsWith('application/json')
        ? (res.json() as { csrfToken?: string })
        : undefined
      if (json?.csrfToken) client.csrf = json.csrfToken
      return res
    },
  }
  return client
}

/** Creates the first admin through the setup API and returns the logged-in client. */
export async function setUpAdmin(app: FastifyInstance): Promise<AuthClient> {
  const client = authClient(app)
  const res = await client.request('POST', '/api/auth/setup', ADMIN)
  if (res.statusCode !== 201) throw new Error(`setup answered ${res.statusCode}: ${res.body}`)
  return client
}
