import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** 32 random bytes, base64url: session ids and the secret part of API tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** A short random id for rows (users, tokens). */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}

/**
 * SHA-256 (hex): what the database keeps of session ids and API tokens. Enough for 256-bit
 * random values, which no one can guess or brute-force back from the hash.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/**
 * The CSRF token of a session: an HMAC keyed by the session id, so it is bound to that session,
 * needs no storage, and cannot be turned back into the session id.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('charla-csrf-v1').digest('base64url')
}

/** Constant-time string equality (false for different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export const API_TOKEN_PREFIX = 'charla_'

/** A new API token: `charla_` then 32 random bytes. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomSecret()
}
