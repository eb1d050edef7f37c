import { randomBytes } from 'node:crypto'
import { request } from 'undici'
import type { RawMode } from './Emulator'
import { signBody, signBodySha1 } from './sign'

export interface WebhookPost {
  url: string
  /** The serialised body: signed and sent as these exact bytes. */
  raw: string
  appSecret: string
  mode?: RawMode
  duplicates?: number
  concurrent?: boolean
  timeoutMs?: number
}

export interface WebhookResponse {
  status: number
  body: string
}

/**
 * POSTs a webhook body as Meta does: JSON, both signature headers over the raw bytes, and the
 * same bytes again for each duplicate (Meta retries until it gets a 200, so receivers see
 * repeats). `mode` breaks the signing on purpose for security tests.
 */
export async function deliverWebhook(post: WebhookPost): Promise<WebhookResponse[]> {
  const { body, headers } = prepare(post)
  const once = () => postOnce(post.url, body, headers, post.timeoutMs ?? 20_000)
  const times = 1 + (post.duplicates ?? 0)
  if (post.concurrent) return Promise.all(Array.from({ length: times }, once))
  const responses: WebhookResponse[] = []
  for (let i = 0; i < times; i++) responses.push(await once())
  return responses
}

function prepare(post: WebhookPost): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'facebookexternalua',
  }
  const { raw, appSecret } = post
  switch (post.mode) {
    case 'unsigned':
      return { body: raw, headers }
    case 'forged': {
      // Well-formed headers made with a secret that is not the app's.
      const wrongSecret = randomBytes(16).toString('hex')
      headers['x-hub-signature-256'] = signBody(raw, wrongSecret)
      headers['x-hub-signature'] = signBodySha1(raw, wrongSecret)
      return { body: raw, headers }
    }
    case 'sha1-only':
      headers['x-hub-signature'] = signBodySha1(raw, appSecret)
      return { body: raw, headers }
    case 'tampered':
      // Signed for `raw`, but one byte more is sent: only a check over the raw bytes notices.
      headers['x-hub-signature-256'] = signBody(raw, appSecret)
      headers['x-hub-signature'] = signBodySha1(raw, appSecret)
      return { body: `${raw} `, headers }
    case undefined:
      headers['x-hub-signature-256'] = signBody(raw, appSecret)
      headers['x-hub-signature'] = signBodySha1(raw, appSecret)
      return { body: raw, headers }
  }
}

async function postOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<WebhookResponse> {
  const response = await request(url, {
    method: 'POST',
    headers,
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  return { status: response.statusCode, body: await response.body.text() }
}
