import type { AnalyticsEvent, OutboxRepository, Storage } from '@charla/storage'

type NewOutboxItem = Parameters<OutboxRepository['add']>[0][number]

/**
 * A transaction as the steps of one batch see it: the writes every step makes (its outgoing
 * messages, its analytics, its inbox mark) are gathered and made once for the whole batch by
 * `flush`, in the same transaction: three statements per batch instead of three per event.
 * Everything else, reads included, goes straight to the transaction. Nothing a step reads
 * depends on these rows, so the order of the writes within the transaction does not matter.
 */
export function gatherWrites(tx: Storage): { tx: Storage; flush(): Promise<void> } {
  const outbox: NewOutboxItem[] = []
  const analytics: AnalyticsEvent[] = []
  const done: number[] = []
  const view: Storage = {
    ...tx,
    outbox: { ...tx.outbox, add: async (items) => void outbox.push(...items) },
    analytics: { ...tx.analytics, record: async (events) => void analytics.push(...events) },
    inbox: { ...tx.inbox, markDone: async (id) => void done.push(id) },
    transaction: (fn) => fn(view),
  }
  return {
    tx: view,
    async flush() {
      if (outbox.length) await tx.outbox.add(outbox.splice(0))
      if (analytics.length) await tx.analytics.record(analytics.splice(0))
      if (done.length) await tx.inbox.markAllDone(done.splice(0))
    },
  }
}
