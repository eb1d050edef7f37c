import type { InboundEventOf } from '@charla/flow-schema'
import { createInboxWorker } from './createInboxWorker'
import { createRelay } from './createRelay'
import type { GraphDeps } from './GraphDeps'
import { createScheduler } from './createScheduler'
import type { PipelineDeps } from './PipelineDeps'
import type { WritePlan } from './planWrites'

export interface PipelineOptions {
  concurrency?: number
  ratePerSecond?: number
  /** How often idle loops look for work another process may have added. */
  idleMs?: number
  /** The first retry's delay after a retryable Send API error. */
  retryFirstMs?: number
  /** A step of this conversation was committed (the simulator shows the new state). */
  onStep?: (pageId: string, psid: string) => void
}

export interface Pipeline {
  start(): void
  /** New inbox events: process them now. */
  wakeWorker(): void
  /** Look at everything again now (the clock moved: the simulator's time machine, tests). */
  wakeAll(): void
  /** Stops taking work and waits for what is in flight (graceful shutdown). */
  stop(): Promise<void>
}

/**
 * The message path of DESIGN.md: inbox → ordered worker → outbox → relay, with the scheduler
 * feeding due timers back into the inbox. Every stage reads its work from the database, so
 * after a crash `start()` simply carries on from what is stored.
 */
export function createPipeline(
  deps: PipelineDeps & GraphDeps,
  opts: PipelineOptions = {},
): Pipeline {
  const idleMs = opts.idleMs ?? 1000
  const inflightHttp = new Set<Promise<void>>()
  const relay = createRelay(deps, {
    concurrency: opts.concurrency ?? 32,
    idleMs,
    ratePerSecond: opts.ratePerSecond ?? 300,
    retryFirstMs: opts.retryFirstMs ?? 1000,
  })
  const worker = createInboxWorker(deps, {
    concurrency: opts.concurrency ?? 32,
    maxAttempts: 5,
    idleMs,
    onCommitted: (plan) => {
      if (!plan) return
      opts.onStep?.(plan.pageId, plan.psid)
      if (plan.outbox.length) relay.wake()
      if (plan.startFlow) worker.wake()
      for (const action of plan.http) track(runHttp(action, plan))
    },
  })
  const scheduler = createScheduler(deps, { idleMs, onFired: () => worker.wake() })

  function track(p: Promise<void>) {
    inflightHttp.add(p)
    void p.finally(() => inflightHttp.delete(p))
  }

  async function runHttp(action: WritePlan['http'][number], plan: WritePlan): Promise<void> {
    const { pageId, psid } = plan
    let result: InboundEventOf<'http_result'>
    try {
      result = deps.performHttp
        ? await deps.performHttp(action)
        : {
            type: 'http_result',
            requestId: action.requestId,
            ok: false,
            error: 'HTTP requests are not enabled',
          }
    } catch (err) {
      result = { type: 'http_result', requestId: action.requestId, ok: false, error: String(err) }
    }
    const now = deps.now()
    await deps.storage.inbox.add([
      {
        dedupeKey: `${pageId}:${psid}:http:${action.requestId}`,
        pageId,
        psid,
        event: result,
        occurredAt: now,
        receivedAt: now,
      },
    ])
    worker.wake()
  }

  return {
    start() {
      worker.start()
      relay.start()
      scheduler.start()
    },
    wakeWorker: () => worker.wake(),
    wakeAll() {
      scheduler.wake()
      worker.wake()
      relay.wake()
    },
    async stop() {
      await Promise.all([worker.stop(), relay.stop(), scheduler.stop()])
      await Promise.allSettled([...inflightHttp])
    },
  }
}
