import { randomBytes } from 'node:crypto'
import type { BenchPage, Drained, SendsReport } from './protocol'
import { spawnServer } from './spawnServer'

export interface SystemOptions {
  dataDir: string
  pipeline: 'running' | 'paused'
  ratePerSecond?: number
  /** People the emulator knows (profile reads and sends to anyone else fail). */
  people: string[]
  /** Report every message the emulator accepts through `onSent`. */
  notifySends: boolean
}

export interface RunningSystem {
  /** The runtime's address: webhooks go to `${url}/webhooks/messenger`. */
  url: string
  page: BenchPage
  /** Resolves once the runtime's inbox is empty and the emulator accepted `messages` in all. */
  drain(timeoutMs: number, messages?: number): Promise<Drained & { messages: number }>
  sends(): Promise<SendsReport>
  /** CPU time used so far (ms) by the runtime's process and by the emulator's. */
  cpuMs(): Promise<{ runtime: number; emulator: number }>
  onSent(listener: (psid: string, at: number) => void): void
  stop(): Promise<void>
}

/**
 * The runtime as deployed for one Page (`charla serve`), talking over HTTP to Meta's side, the
 * emulator, each in a process of its own.
 */
export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const secret = () => randomBytes(16).toString('hex')
  const page: BenchPage = {
    id: 'bench_page',
    accessToken: secret(),
    appSecret: secret(),
    verifyToken: secret(),
  }
  const meta = spawnServer()
  const runtime = spawnServer()
  const stop = async () => {
    await runtime.stop()
    await meta.stop()
  }
  try {
    const emulator = await meta.start({
      mode: 'emulator',
      page,
      people: opts.people,
      notifySends: opts.notifySends,
    })
    const { url } = await runtime.start({
      mode: 'runtime',
      dataDir: opts.dataDir,
      pipeline: opts.pipeline,
      graphApiUrl: `${emulator.url}/emulator/graph`,
      page,
      ...(opts.ratePerSecond ? { ratePerSecond: opts.ratePerSecond } : {}),
    })
    const messagesSoFar = async () =>
      (await meta.sends()).people.reduce((sum, p) => sum + p.messages, 0)
    return {
      url,
      page,
      async drain(timeoutMs, messages = 0) {
        const deadline = Date.now() + timeoutMs
        const { pending } = await runtime.drain(timeoutMs)
        let sent = await messagesSoFar()
        while (sent < messages && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20))
          sent = await messagesSoFar()
        }
        return { pending, messages: sent }
      },
      sends: () => meta.sends(),
      cpuMs: async () => ({ runtime: await runtime.cpuMs(), emulator: await meta.cpuMs() }),
      onSent: (listener) => meta.onSent(listener),
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
