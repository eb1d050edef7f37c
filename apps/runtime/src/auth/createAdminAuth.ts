import type { ApiToken, Storage } from '@charla/storage'
import { createLoginLimiter, type LoginLimits } from './createLoginLimiter'
import { hashPassword, passwordProblem, verifyPassword } from './hashPassword'
import {
  API_TOKEN_PREFIX,
  csrfTokenFor,
  newApiToken,
  randomId,
  randomSecret,
  sha256,
} from './secrets'

export interface SessionLimits {
  /** A session unused this long ends. */
  idleMs: number
  /** A session ends this long after login, however active. */
  absoluteMs: number
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 12 * 3600_000,
  absoluteMs: 7 * 24 * 3600_000,
}

/** Last-seen times are written at most this often: not one write per request. */
const TOUCH_EVERY_MS = 60_000

export interface AdminUserInfo {
  id: string
  email: string
}

/** Who is calling: a logged-in person (cookie) or a program (API token). */
export type Principal =
  | { kind: 'session'; user: AdminUserInfo; sessionId: string; csrfToken: string }
  | { kind: 'token'; tokenId: string; tokenName: string; userId?: string }

/** What the API lists of a token: never the token or its hash. */
export type ApiTokenInfo = Omit<ApiToken, 'tokenHash' | 'userId'>

export type LoginResult =
  | { ok: true; user: AdminUserInfo; sessionId: string; csrfToken: string }
  | { ok: false; retryAfterSec?: number }

export interface AdminAuth {
  setupNeeded(): Promise<boolean>
  /** The first admin, while there is none; `exists` otherwise. */
  setup(
    email: string,
    password: string,
  ): Promise<LoginResult | { ok: false; problem: string } | 'exists'>
  login(email: string, password: string, ip: string): Promise<LoginResult>
  fromSession(sessionId: string): Promise<Principal | undefined>
  fromToken(token: string): Promise<Principal | undefined>
  logout(sessionId: string): Promise<void>
  /** Another admin (the CLI): throws with the reason when the email or password is refused. */
  createUser(email: string, password: string): Promise<AdminUserInfo>
  createApiToken(name: string, userId?: string): Promise<{ token: string; info: ApiTokenInfo }>
  listApiTokens(): Promise<ApiTokenInfo[]>
  revokeApiToken(id: string): Promise<boolean>
}

export interface AdminAuthOptions {
  storage: Storage
  now: () => number
  sessions?: SessionLimits
  loginLimits?: LoginLimits
  /** Tests only: a cheaper scrypt. Production uses `SCRYPT_PARAMS`. */
  scrypt?: { N: number; r: number; p: number }
}

/** Lower-cased and trimmed: `Ana@Example.com ` and `ana@example.com` are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function emailProblem(email: string): string | undefined {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254
    ? undefined
    : 'enter an email address such as ana@example.com'
}

export function createAdminAuth(opts: AdminAuthOptions): AdminAuth {
  const { storage, now } = opts
  const limits = opts.sessions ?? DEFAULT_SESSION_LIMITS
  const limiter = createLoginLimiter(now, opts.loginLimits)
  const hash = (password: string) => hashPassword(password, opts.scrypt)
  // A login for an unknown email still runs scrypt, so timing does not tell which emails exist.
  let dummy: Promise<string> | undefined
  const dummyHash = () => (dummy ??= hash(randomSecret()))

  const startSession = async (user: AdminUserInfo): Promise<LoginResult> => {
    const sessionId = randomSecret()
    const at = now()
    await storage.auth.pruneSessions(at, at - limits.idleMs)
    await storage.auth.createSession({
      idHash: sha256(sessionId),
      userId: user.id,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: at + limits.absoluteMs,
    })
    return { ok: true, user, sessionId, csrfToken: csrfTokenFor(sessionId) }
  }
  const info = (u: { id: string; email: string }): AdminUserInfo => ({ id: u.id, email: u.email })
  const tokenInfo = ({ tokenHash: _h, userId: _u, ...rest }: ApiToken): ApiTokenInfo => rest

  return {
    async setupNeeded() {
      return (await storage.auth.countUsers()) === 0
    },

    async setup(rawEmail, password) {
      if ((await storage.auth.countUsers()) > 0) return 'exists'
      const email = normalizeEmail(rawEmail)
      const problem = emailProblem(email) ?? passwordProblem(password)
      if (problem) return { ok: false, problem }
      const user = await storage.auth.createFirstUser(
        { id: randomId('usr'), email, passwordHash: await hash(password) },
        now(),
      )
      return user ? startSession(info(user)) : 'exists'
    },

    async login(rawEmail, password, ip) {
      const email = normalizeEmail(rawEmail)
      const wait = limiter.retryAfter(ip, email)
      if (wait > 0) return { ok: false, retryAfterSec: wait }
      const user = password.length <= 1024 ? await storage.auth.userByEmail(email) : undefined
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : (await verifyPassword(password.slice(0, 1024), await dummyHash())) && false
      if (!ok || !user) {
        limiter.failed(ip, email)
        return { ok: false }
      }
      limiter.succeeded(email)
      return startSession(info(user))
    },

    async fromSession(sessionId) {
      if (!sessionId) return undefined
      const idHash = sha256(sessionId)
      const session = await storage.auth.session(idHash)
      if (!session) return undefined
      const at = now()
      if (at >= session.expiresAt || at >= session.lastSeenAt + limits.idleMs) {
        await storage.auth.deleteSession(idHash)
        return undefined
      }
      const user = await storage.auth.userById(session.userId)
      if (!user) return undefined
      if (at - session.lastSeenAt >= TOUCH_EVERY_MS) await storage.auth.touchSession(idHash, at)
      return { kind: 'session', user: info(user), sessionId, csrfToken: csrfTokenFor(sessionId) }
    },

    async fromToken(token) {
      if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined
      const row = await storage.auth.tokenByHash(sha256(token))
      if (!row || row.revokedAt !== undefined) return undefined
      const at = now()
      if (row.lastUsedAt === undefined || at - row.lastUsedAt >= TOUCH_EVERY_MS)
        await storage.auth.touchToken(row.id, at)
      return {
        kind: 'token',
        tokenId: row.id,
        tokenName: row.name,
        ...(row.userId ? { userId: row.userId } : {}),
      }
    },

    async logout(sessionId) {
      await storage.auth.deleteSession(sha256(sessionId))
    },

    async createUser(rawEmail, password) {
      const email = normalizeEmail(rawEmail)
      const problem = emailProblem(email) ?? passwordProblem(password)
      if (problem) throw new Error(problem)
      if (await storage.auth.userByEmail(email)) throw new Error(`${email} already has an account`)
      const user = await storage.auth.createUser(
        { id: randomId('usr'), email, passwordHash: await hash(password) },
        now(),
      )
      return info(user)
    },

    async createApiToken(name, userId) {
      const token = newApiToken()
      const row = await storage.auth.createToken({
        id: randomId('tok'),
        name: name.trim().slice(0, 100) || 'API token',
        tokenHash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 4),
        ...(userId ? { userId } : {}),
        createdAt: now(),
      })
      return { token, info: tokenInfo(row) }
    },

    async listApiTokens() {
      return (await storage.auth.listTokens()).map(tokenInfo)
    },

    revokeApiToken: (id) => storage.auth.revokeToken(id, now()),
  }
}
