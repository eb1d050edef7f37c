import { lookup as dnsLookup } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { Agent, request } from 'undici'
import { isPublicAddress } from './isPublicAddress'

export interface SafeHttpOptions {
  /** Host names allowed even when they resolve to a private address (self-hosted CRMs). */
  allowHosts?: readonly string[]
  /** Responses larger than this are cut off and reported as an error. */
  maxResponseBytes?: number
  maxRedirects?: number
  /** Tests: resolve names without the system resolver. */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>
}

export interface SafeRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string
  timeoutMs: number
}

export type SafeResponse =
  | { ok: true; status: number; headers: Record<string, string>; body: unknown; text: string }
  | { ok: false; status?: number; error: string; refused?: boolean }

export class RefusedAddressError extends Error {}

/**
 * Outbound HTTP for flows and CRM webhooks, which take URLs from marketers and data from
 * strangers: only http(s), never to loopback, private, link-local or metadata addresses — judged
 * on the address actually connected to, after DNS, on every redirect hop — with a timeout and a
 * cap on the response size.
 */
export function createSafeHttp(opts: SafeHttpOptions = {}) {
  const allow = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase()))
  const maxBytes = opts.maxResponseBytes ?? 1024 * 1024
  const lookup: LookupFunction = (hostname, options, callback) => {
    const done = (err: Error | null, list: { address: string; family: number }[]) => {
      if (err) return callback(err as NodeJS.ErrnoException, '', 0)
      const bad = list.find((a) => !isPublicAddress(a.address))
      if (bad && !allow.has(hostname.toLowerCase()))
        return callback(
          new RefusedAddressError(
            `${hostname} resolves to ${bad.address}, a private address`,
          ) as NodeJS.ErrnoException,
          '',
          0,
        )
      if (options.all) return (callback as unknown as (e: null, l: typeof list) => void)(null, list)
      const first = list[0]
      if (!first)
        return callback(new Error(`${hostname} has no address`) as NodeJS.ErrnoException, '', 0)
      callback(null, first.address, first.family)
    }
    if (opts.resolve)
      opts.resolve(hostname).then(
        (l) => done(null, l),
        (e: Error) => done(e, []),
      )
    else dnsLookup(hostname, { all: true }, (err, list) => done(err, list ?? []))
  }
  const agent = new Agent({ connect: { lookup }, connections: 32 })

  async function once(req: SafeRequest, url: URL, signal: AbortSignal) {
    checkUrl(url, allow)
    return request(url, {
      method: req.method as 'GET',
      headers: { 'user-agent': 'Charla', ...(req.headers ?? {}) },
      ...(req.body !== undefined && req.method !== 'GET' ? { body: req.body } : {}),
      dispatcher: agent,
      signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    })
  }

  return {
    async fetch(req: SafeRequest): Promise<SafeResponse> {
      const signal = AbortSignal.timeout(req.timeoutMs)
      try {
        let url = new URL(req.url)
        for (let hop = 0; ; hop++) {
          const res = await once(req, url, signal)
          const location = res.headers.location
          if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
            await res.body.dump()
            if (hop >= (opts.maxRedirects ?? 3))
              return { ok: false, status: res.statusCode, error: 'too many redirects' }
            url = new URL(location, url)
            continue
          }
          const text = await readCapped(res.body, maxBytes)
          const headers: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers))
            if (typeof v === 'string') headers[k] = v
          const ok = res.statusCode >= 200 && res.statusCode < 300
          const body = parseBody(text, headers['content-type'])
          return ok
            ? { ok: true, status: res.statusCode, headers, body, text }
            : { ok: false, status: res.statusCode, error: `the server answered ${res.statusCode}` }
        }
      } catch (err) {
        const refused =
          err instanceof RefusedAddressError ||
          (err instanceof Error && err.cause instanceof RefusedAddressError)
        const message = refused
          ? `refused: ${(err instanceof RefusedAddressError ? err : ((err as Error).cause as Error)).message}`
          : signal.aborted
            ? `no answer within ${req.timeoutMs} ms`
            : err instanceof Error
              ? err.message
              : String(err)
        return { ok: false, error: message, ...(refused ? { refused: true } : {}) }
      }
    },
    close: () => agent.close(),
  }
}

export type SafeHttp = ReturnType<typeof createSafeHttp>

function checkUrl(url: URL, allow: ReadonlySet<string>): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RefusedAddressError(`only http and https addresses are allowed, not ${url.protocol}`)
  // The URL parser has already turned 127.1 or 0x7f.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) && !isPublicAddress(host) && !allow.has(host))
    throw new RefusedAddressError(`${host} is a private address`)
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy: (e?: Error) => void },
  max: number,
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > max) {
      body.destroy()
      throw new Error(`the response is larger than ${max} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!contentType?.includes('json')) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
