import type { FastifyReply } from 'fastify'
import type { Simulator } from './createSimulator'
import type { SimulatorEvent } from './SimulatorEvent'

/** Comment lines keep proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000

/**
 * A session's events as server-sent events: first the clock, what was sent so far and the
 * current state, then each new event as it happens. Returns a function that ends the stream
 * (the server's shutdown); `onEnd` runs however it ends.
 */
export function streamSession(
  simulator: Simulator,
  sessionId: string,
  reply: FastifyReply,
  onEnd: () => void,
): () => void {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // An ended stream closes its connection: a client that stopped reading without closing
    // its socket must not hold up the server's shutdown.
    connection: 'close',
    'x-accel-buffering': 'no',
  })
  const write = (event: SimulatorEvent) => {
    if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`)
  }
  res.write(': connected\n\n')
  // Subscribed before the replay is read, so nothing sent in between is lost.
  const queued: SimulatorEvent[] = []
  let replayed = false
  const unsubscribe = simulator.subscribe(sessionId, (event) => {
    if (replayed) write(event)
    else queued.push(event)
  })
  write({ type: 'clock', ...simulator.clock(sessionId) })
  const replay = simulator.sentSoFar(sessionId)
  const lastSeq = replay.reduce((max, e) => (e.type === 'sent' ? Math.max(max, e.seq) : max), 0)
  for (const event of replay) write(event)
  void simulator.state(sessionId).then(
    (state) => {
      write(state)
      replayed = true
      for (const event of queued) if (event.type !== 'sent' || event.seq > lastSeq) write(event)
      queued.length = 0
    },
    () => end(),
  )
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()

  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    unsubscribe()
    onEnd()
    res.end()
  }
  res.once('close', end)
  return end
}
