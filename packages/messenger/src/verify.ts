import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** The query Meta sends to the callback URL when a webhook is set up (reference §1.2). */
export interface SubscriptionQuery {
  'hub.mode'?: unknown
  'hub.verify_token'?: unknown
  'hub.challenge'?: unknown
}

export type SubscriptionResult = { ok: true; challenge: string } | { ok: false }

/**
 * Meta sends an integer; anything outside this harmless alphabet is refused, so the echo can
 * never carry markup back to a browser.
 */
const CHALLENGE = /^[A-Za-z0-9_.-]{1,256}$/

/**
 * The GET handshake: `hub.mode=subscribe` and the token typed into the App Dashboard. Answer
 * 200 with `challenge` as plain text when `ok`, else 403.
 */
export function verifySubscription(
  query: SubscriptionQuery,
  verifyToken: string,
): SubscriptionResult {
  const mode = query['hub.mode']
  const token = query['hub.verify_token']
  const challenge = query['hub.challenge']
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return { ok: false }
  if (!verifyToken || !CHALLENGE.test(challenge)) return { ok: false }
  return safeEqualStrings(token, verifyToken) ? { ok: true, challenge } : { ok: false }
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function safeEqualStrings(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest()
  const hb = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(ha, hb)
}

const SIGNATURE_256 = /^sha256=([0-9a-fA-F]{64})$/

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body bytes, keyed with the
 * App Secret (reference §1.4). Hash the bytes exactly as received; re-serialised JSON differs
 * (Meta escapes non-ASCII as `\u00e4`). The legacy SHA-1 `X-Hub-Signature` is not accepted.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!appSecret || typeof header !== 'string' || !Buffer.isBuffer(rawBody)) return false
  const match = SIGNATURE_256.exec(header.trim())
  if (!match?.[1]) return false
  const given = Buffer.from(match[1], 'hex')
  const expected = createHmac('sha256', appSecret).update(rawBody).digest()
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The `X-Hub-Signature-256` header value Meta would send for this body (emulator, tests). */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`
}
