import type { OrderProviderTask, Storage } from '@charla/storage'
import { pushBackoffMs } from '../leads/pushBackoff'
import { createLoop } from '../pipeline/createLoop'
import type { Logger } from '../pipeline/PipelineDeps'
import type { PaymentProviders } from './createPaymentProviders'

export interface ProviderTaskRunnerDeps {
  storage: Storage
  /** Read on every attempt: the providers as configured now. */
  providers: () => PaymentProviders
  now: () => number
  random: () => number
  log: Logger
  /** How often to look for tasks committed since (by this or another process). */
  idleMs?: number
}

export interface ProviderTaskRunner {
  /** Makes one attempt at every task due now; resolves how many were attempted. */
  runDue(): Promise<number>
  start(): void
  wake(): void
  stop(): Promise<void>
}

/** What one attempt came to: finished (with a note), or worth another try (with why not). */
type Attempt = { done: true; note?: string } | { done: false; error: string }

/** How long one attempt may hold a task before another runner may take it over. */
const LEASE_MS = 120_000

/** One entry per task kind (a kind this runtime does not know fails, and says so). */
const RUN: Record<
  string,
  (task: OrderProviderTask, providers: PaymentProviders) => Promise<Attempt>
> = {
  async stripe_expire_session(task, providers) {
    const stripe = providers.stripe?.client
    if (!stripe) return { done: false, error: 'Stripe is not configured' }
    try {
      await stripe.checkout.sessions.expire(task.ref)
      return { done: true }
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode
      // 400: the session is no longer open (paid, or expired already); 404: Stripe has no such
      // session. Either way there is nothing left to close.
      if (status === 400 || status === 404)
        return { done: true, note: `nothing to expire: ${(err as Error).message}` }
      return { done: false, error: err instanceof Error ? err.message : String(err) }
    }
  },
}

/**
 * Makes the calls orders owe their payment providers, from the tasks queued in the database
 * with the decision (so a crash between the commit and the call only delays it): today,
 * expiring the Stripe Checkout Session of a checkout that expired first, so the person cannot
 * pay a dead order. Failures retry after 30 s, doubling up to an hour (±25 %), until the task's
 * deadline, when the provider has closed the session itself. A payment that still lands is
 * taken as any late payment is (the order becomes paid and the receipt is sent).
 */
export function createProviderTaskRunner(deps: ProviderTaskRunnerDeps): ProviderTaskRunner {
  async function attempt(task: OrderProviderTask): Promise<void> {
    if (!(await deps.storage.orders.claimProviderTask(task.id, task.runAt, deps.now() + LEASE_MS)))
      return
    const run = RUN[task.kind]
    const result: Attempt = run
      ? await run(task, deps.providers())
      : { done: false, error: `unknown task kind ${task.kind}` }
    const at = deps.now()
    if (result.done) {
      await deps.storage.orders.finishProviderTask(
        task.id,
        { status: 'done', ...(result.note ? { note: result.note } : {}) },
        at,
      )
      return
    }
    const next = at + pushBackoffMs(task.attempts + 1, deps.random)
    if (!run || at >= task.deadline) {
      await deps.storage.orders.finishProviderTask(
        task.id,
        { status: 'failed', error: result.error },
        at,
      )
      deps.log.warn(
        {
          orderId: task.orderId,
          kind: task.kind,
          attempts: task.attempts + 1,
          error: result.error,
        },
        'gave up a payment provider call',
      )
      return
    }
    await deps.storage.orders.finishProviderTask(
      task.id,
      { status: 'pending', runAt: Math.min(next, task.deadline), error: result.error },
      at,
    )
  }

  async function runDue(): Promise<number> {
    const due = await deps.storage.orders.dueProviderTasks(deps.now(), 20)
    await Promise.all(
      due.map((t) =>
        attempt(t).catch((err: unknown) =>
          deps.log.error({ err, orderId: t.orderId }, 'a payment provider call failed'),
        ),
      ),
    )
    return due.length
  }

  const loop = createLoop({
    idleMs: deps.idleMs ?? 1000,
    onError: (err) => deps.log.error({ err }, 'payment provider task runner failed'),
    tick: async () => {
      if (await runDue()) return 0
      const next = await deps.storage.orders.nextProviderTaskAt()
      return next === undefined ? undefined : Math.max(0, next - deps.now())
    },
  })
  return { runDue, start: loop.start, wake: loop.wake, stop: loop.stop }
}
