import { adminFetch, setCsrfToken } from './session'

export interface AuthUser {
  id: string
  email: string
}

export interface AuthState {
  setupNeeded: boolean
  user?: AuthUser
  csrfToken?: string
}

export interface ApiTokenInfo {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt?: number
  revokedAt?: number
}

/** An answer the runtime refused, with its message (`{ error, message }`). */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSec?: number,
  ) {
    super(message)
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await adminFetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    throw new AuthError(0, 'network', 'The server cannot be reached. Is Charla running?')
  }
  if (res.status === 204) return undefined as T
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'))
    throw new AuthError(
      res.status,
      typeof json.error === 'string' ? json.error : `http_${res.status}`,
      typeof json.message === 'string' ? json.message : res.statusText,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    )
  }
  return json as T
}

/** Keeps the CSRF token of whatever session an answer describes. */
function remember<T extends { csrfToken?: string }>(r: T): T {
  setCsrfToken(r.csrfToken)
  return r
}

export const authApi = {
  state: () => call<AuthState>('GET', '/api/auth/state').then(remember),
  setup: (email: string, password: string) =>
    call<{ user: AuthUser; csrfToken: string }>('POST', '/api/auth/setup', {
      email,
      password,
    }).then(remember),
  login: (email: string, password: string) =>
    call<{ user: AuthUser; csrfToken: string }>('POST', '/api/auth/login', {
      email,
      password,
    }).then(remember),
  logout: () => call<void>('POST', '/api/auth/logout').finally(() => setCsrfToken(undefined)),
  listTokens: () =>
    call<{ tokens: ApiTokenInfo[] }>('GET', '/api/auth/tokens').then((r) => r.tokens),
  createToken: (name: string) =>
    call<{ token: string; info: ApiTokenInfo }>('POST', '/api/auth/tokens', { name }),
  revokeToken: (id: string) => call<void>('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`),
}
