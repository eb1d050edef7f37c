import type { GraphCall } from '@charla/emulator'
import { readServerConfig } from '@charla/runtime/src/readServerConfig'
import { startRuntime, type RunningRuntime } from '@charla/runtime/src/startRuntime'
import Fastify, { type FastifyInstance } from 'fastify'
import { answerFlow } from './answerFlow'
import {
  monotonicMs,
  type Drained,
  type Reply,
  type SendsReport,
  type SentNotice,
  type ServerCall,
  type StartArgs,
  type Started,
} from './protocol'

// A server under load, in its own process so the load generator never shares its event loop:
// the real runtime (startRuntime, as `pnpm start` runs it) or a bare Fastify route. The
// benchmark process drives it over IPC (see protocol.ts); it exits when told to stop or when
// the parent goes away.

if (!process.send) throw new Error('serverProcess.ts runs as a child process with an IPC channel')
const send = (message: Reply | SentNotice) => process.send?.(message)

let runtime: RunningRuntime | undefined
let bare: FastifyInstance | undefined
const received = new Map<string, { messages: number; firstAt: number }>()
const emulatorMs = new Map<string, number>()
let messagesSent = 0

let stopping = false
process.on('disconnect', () => process.exit(stopping ? 0 : 1))
process.on('message', (message: ServerCall & { id: number }) => {
  handle(message).then(
    (value) => send({ id: message.id, ok: true, value }),
    (err: unknown) =>
      send({
        id: message.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  )
})

async function handle(message: ServerCall): Promise<unknown> {
  switch (message.call) {
    case 'start':
      return start(message.args)
    case 'drain':
      return drain(message.args)
    case 'sends':
      return sends()
    case 'stop':
      stopping = true
      await runtime?.stop()
      await bare?.close()
      // Leave after the reply is out (and, under --cpu-prof, after the profile is written).
      setImmediate(() => process.disconnect())
      return undefined
  }
}

async function start(args: StartArgs): Promise<Started> {
  if (args.mode === 'bare') {
    bare = Fastify({ logger: false })
    bare.post('/webhooks/messenger', async () => 'ok')
    await bare.listen({ port: 0, host: '127.0.0.1' })
    const address = bare.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    return { url: `http://127.0.0.1:${port}` }
  }
  const config = readServerConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CHARLA_DATA_DIR: args.dataDir,
    CHARLA_EMULATOR: 'on',
  })
  runtime = await startRuntime(config, {
    publish: [answerFlow],
    ...(args.ratePerSecond ? { pipeline: { ratePerSecond: args.ratePerSecond } } : {}),
  })
  if (args.pipeline === 'paused') await runtime.pipeline.stop()
  const emulator = runtime.emulator
  if (!emulator) throw new Error('the runtime started without its emulator')
  const page = await runtime.storage.pages.get('demo_page')
  if (!page) throw new Error('the demo Page is not in storage')
  for (const psid of args.people)
    emulator.addPerson({ pageId: page.id, psid, firstName: 'Bench', lastName: psid })

  emulator.on('sent', (m) => {
    if (m.kind !== 'message') return
    const at = monotonicMs()
    messagesSent++
    const seen = received.get(m.psid)
    if (seen) seen.messages++
    else received.set(m.psid, { messages: 1, firstAt: at })
    if (args.notifySends) send({ sent: { psid: m.psid, at } })
  })
  // The emulator stands in for Meta's servers: time spent in its handler is not the runtime's,
  // so it is measured per person and reported apart (and subtracted).
  const handleGraphCall = emulator.handleGraphCall.bind(emulator)
  emulator.handleGraphCall = async (call) => {
    const startedAt = monotonicMs()
    try {
      return await handleGraphCall(call)
    } finally {
      const psid = personOf(call)
      if (psid) emulatorMs.set(psid, (emulatorMs.get(psid) ?? 0) + monotonicMs() - startedAt)
    }
  }
  return { url: runtime.url, pageId: page.id, appSecret: page.appSecret }
}

/** The person a Graph API call is about: a profile read (`GET /{psid}`) or a send's recipient. */
function personOf(call: GraphCall): string | undefined {
  if (call.edge === 'messages') {
    const recipient = (call.body as { recipient?: { id?: unknown } } | undefined)?.recipient
    return typeof recipient?.id === 'string' ? recipient.id : undefined
  }
  return call.method === 'GET' && !call.edge && call.node !== 'me' ? call.node : undefined
}

async function drain(args: { timeoutMs: number; messages?: number }): Promise<Drained> {
  if (!runtime) throw new Error('no runtime')
  const deadline = Date.now() + args.timeoutMs
  const storage = runtime.storage
  let pending = await storage.inbox.countPending()
  while ((pending > 0 || messagesSent < (args.messages ?? 0)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    pending = await storage.inbox.countPending()
  }
  return { pending, messages: messagesSent }
}

function sends(): SendsReport {
  return {
    people: [...received].map(([psid, r]) => ({ psid, ...r })),
    emulatorMs: [...emulatorMs].map(([psid, ms]) => ({ psid, ms })),
  }
}
