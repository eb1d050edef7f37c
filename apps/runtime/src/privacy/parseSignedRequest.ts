import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

const payloadSchema = z.looseObject({
  algorithm: z.literal('HMAC-SHA256'),
  user_id: z.string().min(1).max(200),
  issued_at: z.number().optional(),
})
export type SignedRequestPayload = z.infer<typeof payloadSchema>

/**
 * Meta's `signed_request` (data-deletion callback): `<signature>.<payload>`, both base64url;
 * the signature is HMAC-SHA256 of the payload part, as sent, keyed with the app secret.
 * Checked against each candidate secret in constant time; the payload is read only after.
 */
export function parseSignedRequest(
  signedRequest: string,
  appSecrets: readonly string[],
): SignedRequestPayload | undefined {
  const parts = signedRequest.split('.')
  if (parts.length !== 2) return undefined
  const [signaturePart, payloadPart] = parts as [string, string]
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(signaturePart) || !/^[A-Za-z0-9_-]+={0,2}$/.test(payloadPart))
    return undefined
  const signature = Buffer.from(signaturePart, 'base64url')
  let valid = false
  for (const secret of appSecrets) {
    const expected = createHmac('sha256', secret).update(payloadPart).digest()
    // Every secret is tried, so the time taken does not say which one (if any) matched.
    if (expected.length === signature.length && timingSafeEqual(expected, signature)) valid = true
  }
  if (!valid) return undefined
  try {
    const parsed = payloadSchema.safeParse(
      JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')),
    )
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Builds a signed_request as Meta does: tests and tools. */
export function signRequest(payload: object, appSecret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const signature = createHmac('sha256', appSecret).update(body).digest('base64url')
  return `${signature}.${body}`
}
