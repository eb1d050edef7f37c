/** Millis since the epoch (as in ports.ts; repeated to keep this file free of cycles). */
type Millis = number

/** A person who may use the editor and the admin API. */
export interface AdminUser {
  id: string
  /** Lower-cased and trimmed: one account per address however it is typed. */
  email: string
  /** A self-describing hash (`scrypt$…`, see the runtime's hashPassword); never the password. */
  passwordHash: string
  createdAt: Millis
  updatedAt: Millis
}

/**
 * A login. The browser holds the random id in a cookie; the database only its SHA-256, so a
 * copy of the database (a backup, a leaked file) opens no session.
 */
export interface AdminSession {
  /** SHA-256 (hex) of the id in the cookie. */
  idHash: string
  userId: string
  createdAt: Millis
  lastSeenAt: Millis
  /** The absolute end, whatever the activity. */
  expiresAt: Millis
}

/** An API token for the CLI and CI (`Authorization: Bearer charla_…`), stored as its SHA-256. */
export interface ApiToken {
  id: string
  name: string
  /** SHA-256 (hex) of the whole token. */
  tokenHash: string
  /** The first characters of the token (`charla_AbCd`), to tell tokens apart in a list. */
  prefix: string
  /** Who made it; absent for tokens made by `charla token create` before any user existed. */
  userId?: string
  createdAt: Millis
  lastUsedAt?: Millis
  revokedAt?: Millis
}

export interface AuthRepository {
  countUsers(): Promise<number>
  /** Adds a user; throws when the email is taken. */
  createUser(user: Omit<AdminUser, 'createdAt' | 'updatedAt'>, now: Millis): Promise<AdminUser>
  /**
   * Adds the user only while there is no user at all, in one transaction, so two first-run
   * setups racing each other make one admin. Undefined when a user already exists.
   */
  createFirstUser(
    user: Omit<AdminUser, 'createdAt' | 'updatedAt'>,
    now: Millis,
  ): Promise<AdminUser | undefined>
  userByEmail(email: string): Promise<AdminUser | undefined>
  userById(id: string): Promise<AdminUser | undefined>
  /** Changes the password and ends every session of the user. */
  setPassword(id: string, passwordHash: string, now: Millis): Promise<void>

  createSession(session: AdminSession): Promise<void>
  session(idHash: string): Promise<AdminSession | undefined>
  touchSession(idHash: string, now: Millis): Promise<void>
  deleteSession(idHash: string): Promise<void>
  /** Removes sessions past `expiresAt` or idle since before `idleBefore`. */
  pruneSessions(now: Millis, idleBefore: Millis): Promise<number>

  createToken(token: Omit<ApiToken, 'lastUsedAt' | 'revokedAt'>): Promise<ApiToken>
  /** A token by its hash, revoked or not. */
  tokenByHash(tokenHash: string): Promise<ApiToken | undefined>
  /** Every token, newest first (revoked ones included, marked). */
  listTokens(): Promise<ApiToken[]>
  /** @returns false when there is no such token or it was already revoked. */
  revokeToken(id: string, now: Millis): Promise<boolean>
  touchToken(id: string, now: Millis): Promise<void>
}
