import type { Storage } from '@charla/storage'
import { createLoop, type Loop } from '../../pipeline/createLoop'
import type { Logger } from '../../pipeline/PipelineDeps'

/** Holds released per write, so one sweep never holds the writer long. */
const BATCH = 200

/**
 * Gives back the places of holds nobody confirmed. A hold's expiry is written with the hold,
 * in the step's transaction (`booking_holds.expires_at`), so it survives a crash like any job;
 * this loop sleeps until the next one is due and releases it, instead of waiting for someone
 * else to search that calendar. Several processes may sweep one database: each release is its
 * own write and a released hold is gone, so none is released twice.
 */
export function createHoldSweeper(deps: {
  storage: Storage
  now: () => number
  log: Logger
  /** Longest sleep: holds written by another process are found within this. */
  idleMs?: number
}): Loop {
  return createLoop({
    idleMs: deps.idleMs ?? 5_000,
    onError: (err) => deps.log.error({ err }, 'releasing expired booking holds failed'),
    tick: async () => {
      const released = await deps.storage.bookings.releaseExpiredHolds(deps.now(), BATCH)
      if (released === BATCH) return 0
      const next = await deps.storage.bookings.nextHoldExpiry()
      return next === undefined ? undefined : Math.max(0, next - deps.now())
    },
  })
}
