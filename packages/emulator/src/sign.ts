import { createHmac } from 'node:crypto'

// The runtime verifies with the same code the emulator signs with: one definition of the scheme.
export { signBody } from '@charla/messenger'

/** The legacy `X-Hub-Signature` Meta still sends beside the SHA-256 one: `sha1=<hex>`. */
export function signBodySha1(rawBody: Buffer | string, appSecret: string): string {
  return `sha1=${createHmac('sha1', appSecret).update(rawBody).digest('hex')}`
}

/** `appsecret_proof`: HMAC-SHA256 of the access token keyed with the app secret, in hex. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex')
}
