import { createHmac, timingSafeEqual } from 'node:crypto'
import { crc32 } from 'node:zlib'

/**
 * Stripe's webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">` keyed
 * with the endpoint's signing secret (whsec_…), which `stripe.webhooks.constructEvent` checks.
 */
export function stripeSignatureHeader(
  payload: string,
  secret: string,
  timestampSec: number,
): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSec}.${payload}`).digest('hex')
  return `t=${timestampSec},v1=${v1}`
}

/** What PayPal sends with a webhook, and asks back in verify-webhook-signature. */
export interface PaypalTransmission {
  transmissionId: string
  transmissionTime: string
  webhookId: string
  certUrl: string
  authAlgo: string
  transmissionSig: string
}

/**
 * PayPal signs `transmissionId|transmissionTime|webhookId|crc32(body)` with its certificate's
 * key. The emulator has no certificate: it signs with an HMAC under a key only it knows, and
 * its verify-webhook-signature endpoint checks the same thing, so a changed body, id or time
 * fails verification exactly as it would at PayPal.
 */
export function paypalSignature(
  key: string,
  t: { transmissionId: string; transmissionTime: string; webhookId: string },
  body: string,
): string {
  const message = `${t.transmissionId}|${t.transmissionTime}|${t.webhookId}|${crc32(body)}`
  return createHmac('sha256', key).update(message).digest('base64')
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
