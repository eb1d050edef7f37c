/**
 * A background loop that runs `tick` until it reports nothing left to do, then sleeps until
 * woken or until the delay `tick` asked for. `stop()` waits for the tick in flight, so a
 * graceful shutdown never cuts a transaction in half.
 */
export interface Loop {
  start(): void
  /** Runs the loop soon (new work arrived). */
  wake(): void
  stop(): Promise<void>
}

export interface LoopOptions {
  /** Does a batch of work; returns ms to sleep before the next tick (undefined: until woken or `idleMs`). */
  tick: () => Promise<number | undefined>
  /** Upper bound on a sleep, so work that appeared behind our back (another process) is found. */
  idleMs: number
  onError: (err: unknown) => void
}

export function createLoop({ tick, idleMs, onError }: LoopOptions): Loop {
  let running = false
  let stopped = false
  let timer:
    | { kind: 'timeout'; handle: NodeJS.Timeout }
    | { kind: 'immediate'; handle: NodeJS.Immediate }
    | undefined
  let pending = false
  let current: Promise<void> | undefined

  const clear = () => {
    if (timer?.kind === 'timeout') clearTimeout(timer.handle)
    if (timer?.kind === 'immediate') clearImmediate(timer.handle)
    timer = undefined
  }
  // setTimeout(0) costs at least a millisecond per hop; work that is ready goes on at once.
  const schedule = (ms: number) => {
    if (stopped) return
    clear()
    timer =
      ms <= 0
        ? { kind: 'immediate', handle: setImmediate(run) }
        : { kind: 'timeout', handle: setTimeout(run, ms) }
  }

  const run = () => {
    timer = undefined
    if (stopped) return
    if (running) {
      pending = true
      return
    }
    running = true
    pending = false
    current = tick().then(
      (next) => {
        running = false
        if (pending) return schedule(0)
        schedule(next === undefined ? idleMs : Math.min(next, idleMs))
      },
      (err: unknown) => {
        running = false
        onError(err)
        // A failing database should not be hammered: back off a little.
        schedule(Math.min(1000, idleMs))
      },
    )
  }

  return {
    start() {
      stopped = false
      schedule(0)
    },
    wake() {
      if (stopped) return
      if (running) pending = true
      else schedule(0)
    },
    async stop() {
      stopped = true
      clear()
      await current
    },
  }
}
