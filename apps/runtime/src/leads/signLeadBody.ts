import { createHmac } from 'node:crypto'

/**
 * `X-Charla-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the Page's
 * lead webhook secret, the same scheme as Meta's `X-Hub-Signature-256`, so a CRM checks it
 * with the code it already has.
 */
export function signLeadBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}
