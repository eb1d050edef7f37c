import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Drained, Reply, SendsReport, SentNotice, StartArgs, Started } from './protocol'

export interface ServerProcess {
  start(args: StartArgs): Promise<Started>
  drain(timeoutMs: number): Promise<Drained>
  sends(): Promise<SendsReport>
  /** CPU time the process used so far (ms). */
  cpuMs(): Promise<number>
  /** Called for every message the emulator accepts, when started with `notifySends`. */
  onSent(listener: (psid: string, at: number) => void): void
  /** Asks the process to stop and waits for it to exit; kills it if it does not in time. */
  stop(): Promise<void>
}

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url))
const ENTRY = fileURLToPath(new URL('./serverProcess.ts', import.meta.url))
const CALL_TIMEOUT_MS = 30_000

/**
 * Forks `serverProcess.ts` (TypeScript through tsx, like `pnpm start`). With
 * CHARLA_BENCH_CPU_PROF=<dir> in the environment, the process writes a V8 CPU profile there
 * when it exits (open it in Chrome DevTools or speedscope).
 */
export function spawnServer(): ServerProcess {
  const profileDir = process.env.CHARLA_BENCH_CPU_PROF
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: BENCH_DIR,
    execArgv: [
      '--import',
      'tsx',
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let exitedWith = ''
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = signal ? `signal ${signal}` : `code ${code}`
      resolve()
    }),
  )
  let nextId = 1
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const sentListeners: ((psid: string, at: number) => void)[] = []

  child.on('message', (message: Reply | SentNotice) => {
    if ('sent' in message) {
      for (const { psid, at } of message.sent)
        for (const listener of sentListeners) listener(psid, at)
      return
    }
    const pending = waiting.get(message.id)
    if (!pending) return
    waiting.delete(message.id)
    if (message.ok) pending.resolve(message.value)
    else pending.reject(new Error(`server process: ${message.error}`))
  })
  void exited.then(() => {
    for (const { reject } of waiting.values())
      reject(new Error(`the server process exited (${exitedWith}) before answering`))
    waiting.clear()
  })

  function call<T>(name: string, args?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id)
        reject(new Error(`the server process did not answer "${name}" within ${timeoutMs} ms`))
      }, timeoutMs)
      waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v as T)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      child.send({ id, call: name, args })
    })
  }

  return {
    start: (args) => call<Started>('start', args),
    drain: (timeoutMs) => call<Drained>('drain', { timeoutMs }, timeoutMs + 5000),
    sends: () => call<SendsReport>('sends'),
    cpuMs: () => call<number>('cpu'),
    onSent: (listener) => void sentListeners.push(listener),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      try {
        if (child.connected)
          await call('stop', undefined, 12_000).catch(() => child.kill('SIGKILL'))
        await exited
      } finally {
        clearTimeout(killer)
      }
    },
  }
}
