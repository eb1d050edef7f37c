export interface ConnectionMutex {
  /** Resolves once the caller holds the connection; rejects after `timeoutMs` of waiting. */
  lock(): Promise<void>
  unlock(): void
}

/**
 * One SQLite connection, many async callers: each query or transaction holds it exclusively, in
 * arrival order. The wait is bounded because the one way to wait forever is a bug worth naming:
 * code inside `transaction(fn)` that awaits the outer storage instead of `tx`.
 */
export function createConnectionMutex(timeoutMs: number): ConnectionMutex {
  let held = false
  const waiting: (() => void)[] = []
  return {
    lock() {
      if (!held) {
        held = true
        return Promise.resolve()
      }
      return new Promise<void>((resolve, reject) => {
        const take = () => {
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          const at = waiting.indexOf(take)
          if (at >= 0) waiting.splice(at, 1)
          reject(
            new Error(
              `waited ${timeoutMs} ms for the SQLite connection: a transaction is holding it. ` +
                'Inside transaction(fn), use the `tx` it passes, never the outer storage.',
            ),
          )
        }, timeoutMs)
        // A waiter must not keep the process alive on its own.
        timer.unref()
        waiting.push(take)
      })
    },
    unlock() {
      // Handed straight to the next waiter, so nobody can cut in between.
      const next = waiting.shift()
      if (next) next()
      else held = false
    },
  }
}
