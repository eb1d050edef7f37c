import type { AnalyticsEvent, InboxItem, Storage } from '@charla/storage'

export type NewInboxItem = Omit<InboxItem, 'id' | 'status' | 'attempts' | 'error'>

/**
 * Group commit for the webhook: what concurrent requests store in the same turn of the event
 * loop goes into one transaction. Each request still answers only after its rows are committed,
 * so a 200 always means "stored"; fewer commits is what lets ingest keep up with Meta's bursts.
 */
export function createGroupCommit(storage: Storage) {
  let queue: {
    inbox: NewInboxItem[]
    analytics: AnalyticsEvent[]
    done: (err?: unknown) => void
  }[] = []
  let scheduled = false

  async function flush(): Promise<void> {
    scheduled = false
    const batch = queue
    queue = []
    try {
      await storage.transaction(async (tx) => {
        const inbox = batch.flatMap((b) => b.inbox)
        const analytics = batch.flatMap((b) => b.analytics)
        if (inbox.length) await tx.inbox.add(inbox)
        if (analytics.length) await tx.analytics.record(analytics)
      })
      for (const b of batch) b.done()
    } catch (err) {
      for (const b of batch) b.done(err)
    }
  }

  return {
    write(inbox: NewInboxItem[], analytics: AnalyticsEvent[]): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({
          inbox,
          analytics,
          done: (err) => (err === undefined ? resolve() : reject(err)),
        })
        if (!scheduled) {
          scheduled = true
          setImmediate(() => void flush())
        }
      })
    },
  }
}
