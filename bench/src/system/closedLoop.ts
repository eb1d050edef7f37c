export interface ClosedLoopOptions<T> {
  items: readonly T[]
  /** At most this many items started and not yet finished. */
  concurrency: number
  /** Starts one item; `finish(item)` (see the returned controller) ends it. */
  begin: (item: T) => void
  /** Gives up after this long: the promise resolves with what was left unfinished. */
  timeoutMs: number
}

export interface ClosedLoop<T> {
  /** Ends an item: frees its slot for the next one. Unknown or repeated items are ignored. */
  finish(item: T): void
  /** Resolves when every item finished, or at the timeout with the unfinished ones. */
  done: Promise<{ unfinished: T[] }>
}

/**
 * A closed loop: starts `concurrency` items, then a new one each time one finishes, so the
 * system under test always has the same number of items in flight (its throughput, not one
 * burst, decides the pace).
 */
export function closedLoop<T>(opts: ClosedLoopOptions<T>): ClosedLoop<T> {
  const { items, concurrency, begin } = opts
  if (!(concurrency >= 1)) throw new Error('concurrency must be ≥ 1')
  const inFlight = new Set<T>()
  let next = 0
  let finished = 0
  let settle: (value: { unfinished: T[] }) => void = () => {}
  const done = new Promise<{ unfinished: T[] }>((resolve) => (settle = resolve))
  const timer = setTimeout(() => {
    settle({ unfinished: [...inFlight, ...items.slice(next)] })
  }, opts.timeoutMs)

  const fill = () => {
    while (inFlight.size < concurrency && next < items.length) {
      const item = items[next++] as T
      inFlight.add(item)
      begin(item)
    }
    if (finished === items.length) {
      clearTimeout(timer)
      settle({ unfinished: [] })
    }
  }
  fill()
  return {
    finish(item) {
      if (!inFlight.delete(item)) return
      finished++
      fill()
    },
    done,
  }
}
