import { createEmulator, emulatorPlugin, type GraphCall } from '@charla/emulator'
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
// the real runtime (startRuntime, as `pnpm start` runs it), Meta's side (the emulator), or a
// bare Fastify route. The
// benchmark process drives it over IPC (see protocol.ts); it exits when told to stop or when
// the parent goes away.

if (!process.send) throw new Error('serverProcess.ts runs as a child process with an IPC channel')
const send = (message: Reply | SentNotice) => process.send?.(message)

let runtime: RunningRuntime | undefined
let bare: FastifyInstance | undefined
const received = new Map<string, { messages: number; firstAt: number }>()
const emulatorMs = new Map<string, number>()

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
    case 'cpu':
      return cpuMs()
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
  switch (args.mode) {
    case 'bare':
      bare = Fastify({ logger: false })
      bare.post('/webhooks/messenger', async () => 'ok')
      return { url: await listen(bare) }
    case 'emulator':
      return startEmulator(args)
    case 'runtime': {
      const config = readServerConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        CHARLA_DATA_DIR: args.dataDir,
        CHARLA_GRAPH_API_URL: args.graphApiUrl,
        CHARLA_PAGE_ID: args.page.id,
        CHARLA_PAGE_ACCESS_TOKEN: args.page.accessToken,
        CHARLA_APP_SECRET: args.page.appSecret,
        CHARLA_VERIFY_TOKEN: args.page.verifyToken,
      })
      runtime = await startRuntime(config, {
        publish: [answerFlow],
        ...(args.ratePerSecond ? { pipeline: { ratePerSecond: args.ratePerSecond } } : {}),
      })
      if (args.pipeline === 'paused') await runtime.pipeline.stop()
      return { url: runtime.url }
    }
  }
}

/**
 * Meta's side of the benchmark, in a process of its own as Meta's servers are on another
 * machine: its HTTP handling and validation never share the runtime's CPU time.
 */
async function startEmulator(args: Extract<StartArgs, { mode: 'emulator' }>): Promise<Started> {
  const emulator = createEmulator({ appSecret: args.page.appSecret })
  emulator.addPage({ pageId: args.page.id, accessToken: args.page.accessToken, name: 'Bench' })
  for (const psid of args.people)
    emulator.addPerson({ pageId: args.page.id, psid, firstName: 'Bench', lastName: psid })
  emulator.on('sent', (m) => {
    if (m.kind !== 'message') return
    const at = monotonicMs()
    const seen = received.get(m.psid)
    if (seen) seen.messages++
    else received.set(m.psid, { messages: 1, firstAt: at })
    if (args.notifySends) notify({ psid: m.psid, at })
  })
  // Time spent in the emulator's handler is Meta's, not the runtime's: measured per person and
  // reported apart (and subtracted).
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
  bare = Fastify({ logger: false })
  await bare.register(emulatorPlugin, { prefix: '/emulator', emulator })
  return { url: await listen(bare) }
}

let notices: SentNotice['sent'] = []
/** Reports sends to the benchmark process once per turn of the event loop. */
function notify(notice: SentNotice['sent'][number]): void {
  if (notices.push(notice) > 1) return
  setImmediate(() => {
    const batch = notices
    notices = []
    send({ sent: batch })
  })
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return `http://127.0.0.1:${port}`
}

/** The person a Graph API call is about: a profile read (`GET /{psid}`) or a send's recipient. */
function personOf(call: GraphCall): string | undefined {
  if (call.edge === 'messages') {
    const recipient = (call.body as { recipient?: { id?: unknown } } | undefined)?.recipient
    return typeof recipient?.id === 'string' ? recipient.id : undefined
  }
  return call.method === 'GET' && !call.edge && call.node !== 'me' ? call.node : undefined
}

async function drain(args: { timeoutMs: number }): Promise<Drained> {
  if (!runtime) throw new Error('no runtime')
  const deadline = Date.now() + args.timeoutMs
  const storage = runtime.storage
  let pending = await storage.inbox.countPending()
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    pending = await storage.inbox.countPending()
  }
  return { pending }
}

/** CPU time this process used so far (user + system, all its threads), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

function sends(): SendsReport {
  return {
    people: [...received].map(([psid, r]) => ({ psid, ...r })),
    emulatorMs: [...emulatorMs].map(([psid, ms]) => ({ psid, ms })),
  }
}
