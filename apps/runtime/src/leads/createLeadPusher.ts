import { randomBytes } from 'node:crypto'
import type { DuePush, Storage } from '@charla/storage'
import type { SafeHttp } from '../http/createSafeHttp'
import { createLoop } from '../pipeline/createLoop'
import type { Logger } from '../pipeline/PipelineDeps'
import { leadPayload } from './leadPayload'
import { isRetryable, pushBackoffMs } from './pushBackoff'
import { signLeadBody } from './signLeadBody'

export interface LeadPusherDeps {
  storage: Storage
  http: Pick<SafeHttp, 'fetch'>
  now: () => number
  random: () => number
  log: Logger
  /** How long a CRM has to answer one push. */
  timeoutMs?: number
  /** How often to look for pushes another process queued. */
  idleMs?: number
}

export interface LeadPusher {
  /** Makes one attempt at every push due now; resolves how many were attempted. */
  pushDue(): Promise<number>
  start(): void
  wake(): void
  stop(): Promise<void>
}

/**
 * Delivers completed leads to their CRM webhooks, from the pushes the save_lead handler
 * queued in the database (so a restart carries on where it was): a signed JSON POST with an
 * `Idempotency-Key` (the lead id, the same on every retry), through the SSRF-guarded client.
 * Every attempt is recorded; failures retry with backoff until the push's deadline (24 h
 * after completion), then the push is `failed` and the editor shows it.
 */
export function createLeadPusher(deps: LeadPusherDeps): LeadPusher {
  const timeoutMs = deps.timeoutMs ?? 10_000

  async function attempt(due: DuePush): Promise<void> {
    const { lead, push } = due
    // Held for one attempt: another process polling now will not send it a second time.
    const claimed = await deps.storage.leads.claimPush(
      lead.id,
      push.nextAttemptAt,
      deps.now() + timeoutMs + 60_000,
    )
    if (!claimed) return
    const page = await deps.storage.pages.get(lead.pageId)
    const secret = await deps.storage.leads.webhookSecret(
      lead.pageId,
      () => randomBytes(32).toString('hex'),
      deps.now(),
    )
    const body = JSON.stringify(leadPayload(lead, page?.name))
    const started = deps.now()
    const res = await deps.http.fetch({
      method: 'POST',
      url: push.url,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': lead.id,
        'x-charla-signature': signLeadBody(body, secret),
        'x-charla-delivery-attempt': String(push.attempts + 1),
      },
      body,
      timeoutMs,
    })
    const at = deps.now()
    const record = {
      url: push.url,
      at,
      durationMs: Math.max(0, at - started),
      ok: res.ok,
      ...(res.status === undefined ? {} : { statusCode: res.status }),
      ...(res.ok ? {} : { error: res.error }),
    }
    if (res.ok) {
      await deps.storage.leads.recordAttempt(lead.id, record, { status: 'delivered' })
      return
    }
    const next = at + pushBackoffMs(push.attempts + 1, deps.random)
    const giveUp = !isRetryable(res) || at >= push.deadline
    // The last try lands on the deadline rather than past it.
    await deps.storage.leads.recordAttempt(
      lead.id,
      record,
      giveUp
        ? { status: 'failed' }
        : { status: 'pending', nextAttemptAt: Math.min(next, push.deadline) },
    )
    if (giveUp)
      deps.log.warn(
        { leadId: lead.id, pageId: lead.pageId, attempts: push.attempts + 1, error: res.error },
        'gave up pushing a lead to its CRM',
      )
  }

  async function pushDue(): Promise<number> {
    const due = await deps.storage.leads.duePushes(deps.now(), 20)
    await Promise.all(
      due.map((d) =>
        attempt(d).catch((err: unknown) =>
          deps.log.error({ err, leadId: d.lead.id }, 'a lead push failed unexpectedly'),
        ),
      ),
    )
    return due.length
  }

  const loop = createLoop({
    idleMs: deps.idleMs ?? 1000,
    onError: (err) => deps.log.error({ err }, 'lead pusher failed'),
    tick: async () => {
      if (await pushDue()) return 0
      const next = await deps.storage.leads.nextPushAt()
      return next === undefined ? undefined : Math.max(0, next - deps.now())
    },
  })
  return { pushDue, start: loop.start, wake: loop.wake, stop: loop.stop }
}
