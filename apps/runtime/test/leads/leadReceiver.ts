import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedPush {
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A CRM's webhook endpoint on 127.0.0.1: records every request and answers with the next
 * scripted status (200 once the script runs out), or a redirect for `/redirect?to=`.
 */
export async function startLeadReceiver(statuses: number[] = []) {
  const received: ReceivedPush[] = []
  const script = [...statuses]
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      })
      const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to')
      if (target) return res.writeHead(302, { location: target }).end()
      const status = script.shift() ?? 200
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A port on 127.0.0.1 where nothing listens (a CRM that is down). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
