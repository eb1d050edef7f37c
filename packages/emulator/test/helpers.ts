import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { request } from 'undici'
import { createEmulator, emulatorPlugin, type Emulator, type EmulatorOptions } from '../src'

export const APP_SECRET = 'emulator-test-secret'
export const PAGE_ID = '1111'
export const TOKEN = 'page-token-1111'
export const PSID = '2001'

export interface Harness {
  app: FastifyInstance
  emulator: Emulator
  /** `http://127.0.0.1:<port>/emulator` */
  base: string
  /** What CHARLA_GRAPH_API_URL would be. */
  graph: string
  close: () => Promise<void>
}

/** A real Fastify server on 127.0.0.1, the emulator mounted under `/emulator` like the runtime does. */
export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const emulator = createEmulator({ appSecret: APP_SECRET, ...options })
  emulator.addPage({ pageId: PAGE_ID, accessToken: TOKEN, name: 'Casa Pepe' })
  emulator.addPerson({ pageId: PAGE_ID, psid: PSID, firstName: 'Ana', lastName: 'García' })
  const app = Fastify({ logger: false })
  await app.register(emulatorPlugin, { prefix: '/emulator', emulator })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}/emulator`
  return { app, emulator, base, graph: `${base}/graph`, close: () => app.close() }
}

export interface JsonResponse {
  status: number
  body: unknown
}

/** JSON over undici, the way the runtime's Graph client talks. */
export async function call(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  options: { headersTimeout?: number; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await request(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...(options.headersTimeout === undefined ? {} : { headersTimeout: options.headersTimeout }),
  })
  const text = await response.body.text()
  return { status: response.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined }
}

/** `POST /graph/v23.0/me/messages?access_token=…` */
export function send(h: Harness, body: unknown, token = TOKEN): Promise<JsonResponse> {
  return call(
    'POST',
    `${h.graph}/v23.0/me/messages?access_token=${encodeURIComponent(token)}`,
    body,
  )
}

/** A text message to the default person: the smallest valid Send API body. */
export function textTo(psid: string, text: string): Record<string, unknown> {
  return { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text } }
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  raw: Buffer
}

export interface Receiver {
  url: string
  received: ReceivedWebhook[]
  /** Status answered to the next requests (200 unless changed). */
  status: number
  next: () => Promise<ReceivedWebhook>
  close: () => Promise<void>
}

/** A tiny webhook receiver on node:http that keeps the raw bytes, as a signature check must. */
export async function startReceiver(): Promise<Receiver> {
  const waiting: Array<(hook: ReceivedWebhook) => void> = []
  const receiver: Receiver = {
    url: '',
    received: [],
    status: 200,
    next: () =>
      new Promise((resolve) => {
        waiting.push(resolve)
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const hook = { headers: req.headers, raw: Buffer.concat(chunks) }
      receiver.received.push(hook)
      waiting.shift()?.(hook)
      res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  receiver.url = `http://127.0.0.1:${port}/webhooks/messenger`
  return receiver
}

/** Reads a JSON field path out of an unknown body, for assertions. */
export function errorOf(body: unknown): {
  code: number
  message: string
  error_subcode?: number
  type: string
} {
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null)
    throw new Error(`not a Graph error: ${JSON.stringify(body)}`)
  return error as { code: number; message: string; error_subcode?: number; type: string }
}
