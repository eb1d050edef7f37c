import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Emulator, SentFilter, SentMessage, ThreadControl } from './Emulator'

/** Comment lines keep proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000

/**
 * Server-sent events for the editor's simulator: each recorded send (typing included) as
 * `id: <seq>` + `data: <json>`, thread hand-overs as `event: threadControl`. A reconnecting
 * EventSource sends `Last-Event-ID`, and what it missed is replayed first. Returns a function
 * that ends the stream, for the server's shutdown.
 */
export function streamSent(
  emulator: Emulator,
  request: FastifyRequest,
  reply: FastifyReply,
  filter: { pageId?: string; psid?: string },
  onEnd: () => void,
): () => void {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  const wanted: SentFilter = { ...filter, kind: 'any' }
  const lastEventId = Number(request.headers['last-event-id'])
  const write = (message: SentMessage) =>
    res.write(`id: ${message.seq}\ndata: ${JSON.stringify(message)}\n\n`)
  const onSent = (message: SentMessage) => {
    if (matches(message, wanted)) write(message)
  }
  const onThreadControl = (control: ThreadControl) => {
    if (matches(control, wanted))
      res.write(`event: threadControl\ndata: ${JSON.stringify(control)}\n\n`)
  }
  // Tells the client the subscription is live before anything is sent.
  res.write(': connected\n\n')
  if (Number.isInteger(lastEventId)) {
    for (const message of emulator.sent({ ...wanted, since: lastEventId })) write(message)
  }
  emulator.on('sent', onSent)
  emulator.on('threadControl', onThreadControl)
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()

  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    emulator.off('sent', onSent)
    emulator.off('threadControl', onThreadControl)
    onEnd()
    res.end()
  }
  res.once('close', end)
  return end
}

function matches(item: { pageId: string; psid: string }, filter: SentFilter): boolean {
  return (
    (filter.pageId === undefined || item.pageId === filter.pageId) &&
    (filter.psid === undefined || item.psid === filter.psid)
  )
}
