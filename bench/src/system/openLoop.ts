export interface OpenLoopOptions<T> {
  items: readonly T[]
  /** Items started per second, whatever the system under test does meanwhile. */
  perSecond: number
  begin: (item: T) => void
  /** Gives up after this long (from the first start): resolves with the unfinished items. */
  timeoutMs: number
  /** The clock the schedule keeps to (ms). */
  now?: () => number
}

export interface OpenLoop<T> {
  finish(item: T): void
  done: Promise<{ unfinished: T[] }>
}

/**
 * An open loop: item i starts at i ÷ perSecond seconds, as people write whether or not the
 * bot kept up. Unlike a closed loop, a slow answer does not hold back the next arrival, so the
 * latencies measured are those of a runtime under that load (no coordinated omission).
 */
export function openLoop<T>(opts: OpenLoopOptions<T>): OpenLoop<T> {
  const { items, perSecond, begin } = opts
  if (!(perSecond > 0)) throw new Error('perSecond must be > 0')
  const now = opts.now ?? (() => performance.now())
  const pending = new Set<T>(items)
  let next = 0
  let settle: (value: { unfinished: T[] }) => void = () => {}
  const done = new Promise<{ unfinished: T[] }>((resolve) => (settle = resolve))
  const startedAt = now()
  const timeout = setTimeout(() => {
    clearTimeout(tick)
    settle({ unfinished: [...pending] })
  }, opts.timeoutMs)
  let tick: ReturnType<typeof setTimeout> | undefined
  // Timers fire late under load: each wake-up starts every item whose time has come.
  const pump = () => {
    const due = Math.floor(((now() - startedAt) / 1000) * perSecond) + 1
    while (next < items.length && next < due) begin(items[next++] as T)
    if (next < items.length)
      tick = setTimeout(pump, Math.max(0, (next / perSecond) * 1000 - (now() - startedAt)))
  }
  const settleIfDone = () => {
    if (pending.size === 0) {
      clearTimeout(timeout)
      clearTimeout(tick)
      settle({ unfinished: [] })
    }
  }
  pump()
  settleIfDone()
  return {
    finish(item) {
      if (!pending.delete(item)) return
      settleIfDone()
    },
    done,
  }
}
