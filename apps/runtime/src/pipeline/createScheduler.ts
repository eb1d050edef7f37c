import { createLoop, type Loop } from './createLoop'
import type { PipelineDeps } from './PipelineDeps'

/**
 * Turns due timers (delays, reminders, expiries, hand-off timeouts) into inbox events, so they
 * reach the engine through the same ordered path as what people send. A timer and its inbox
 * event are written in one transaction: a crash never loses one nor fires it twice.
 */
export function createScheduler(
  deps: PipelineDeps,
  opts: { idleMs: number; onFired: () => void },
): Loop {
  return createLoop({
    idleMs: opts.idleMs,
    onError: (err) => deps.log.error({ err }, 'scheduler failed'),
    tick: async () => {
      const now = deps.now()
      const due = await deps.storage.jobs.due(now, 200)
      if (due.length) {
        await deps.storage.transaction(async (tx) => {
          await tx.inbox.add(
            due.map((job) => ({
              dedupeKey: `timer:${job.key}:${job.runAt}`,
              pageId: job.pageId,
              psid: job.psid,
              event: { type: 'timer' as const, timerId: job.timerId },
              occurredAt: job.runAt,
              receivedAt: now,
            })),
          )
          for (const job of due) await tx.jobs.markDone(job.id)
        })
        opts.onFired()
        return 0
      }
      const next = await deps.storage.jobs.nextRunAt()
      return next === undefined ? undefined : Math.max(0, next - deps.now())
    },
  })
}
