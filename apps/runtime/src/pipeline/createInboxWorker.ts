import { conversationKey, type InboxItem } from '@charla/storage'
import { createLoop, type Loop } from './createLoop'
import type { PipelineDeps } from './PipelineDeps'
import type { WritePlan } from './planWrites'
import { gatherWrites } from './gatherWrites'
import { prepareInboxItem, readStoredPeople, type PreparedStep } from './processInboxItem'

export interface InboxWorkerOptions {
  /** Conversations processed at once; each conversation is only ever processed one event at a time. */
  concurrency: number
  /** An event that keeps failing is set aside after this many attempts, so its person is not stuck. */
  maxAttempts: number
  idleMs: number
  /** Called after each committed step: wake the relay, run HTTP requests. */
  onCommitted: (plan: WritePlan | undefined) => void
}

/**
 * Takes inbox events in order per conversation, many conversations in parallel. Only the
 * oldest pending event of a conversation is ever taken, and a conversation stays busy until its
 * step is committed, so one person's events never overtake each other. The steps of one batch
 * are committed together: one transaction per batch instead of one per event.
 */
export function createInboxWorker(deps: PipelineDeps, opts: InboxWorkerOptions): Loop {
  const busy = new Set<string>()

  const fail = (item: InboxItem, err: unknown) => {
    deps.log.error({ err, inboxId: item.id, pageId: item.pageId }, 'could not process an event')
    return deps.storage.inbox.markFailed(
      item.id,
      err instanceof Error ? err.message : String(err),
      opts.maxAttempts,
    )
  }

  /** Commits the batch; if that fails, each step on its own, so one bad event cannot block the rest. */
  async function commit(ready: { item: InboxItem; step: PreparedStep }[]) {
    const saved = new Set<InboxItem>()
    try {
      await deps.storage.transaction(async (tx) => {
        saved.clear()
        const gathered = gatherWrites(tx)
        for (const r of ready) if (await r.step.write(gathered.tx)) saved.add(r.item)
        await gathered.flush()
      })
    } catch {
      saved.clear()
      for (const r of ready) {
        try {
          if (await deps.storage.transaction((tx) => r.step.write(tx))) saved.add(r.item)
        } catch (err) {
          await fail(r.item, err)
        }
      }
    }
    for (const r of ready) {
      if (!saved.has(r.item)) continue
      r.step.report()
      opts.onCommitted(r.step.plan)
    }
  }

  return createLoop({
    idleMs: opts.idleMs,
    onError: (err) => deps.log.error({ err }, 'inbox worker failed'),
    tick: async () => {
      const items = await deps.storage.inbox.nextPerConversation(opts.concurrency, busy)
      if (!items.length) return undefined
      const keys = items.map((item) => conversationKey(item.pageId, item.psid))
      for (const key of keys) busy.add(key)
      try {
        const ready: { item: InboxItem; step: PreparedStep }[] = []
        const known = await readStoredPeople(deps.storage, items)
        await Promise.all(
          items.map(async (item) => {
            try {
              ready.push({ item, step: await prepareInboxItem(deps, item, known) })
            } catch (err) {
              await fail(item, err)
            }
          }),
        )
        // Commit in the order the events were taken, whatever order their preparation ended in.
        ready.sort((a, b) => a.item.id - b.item.id)
        if (ready.length) await commit(ready)
      } finally {
        for (const key of keys) busy.delete(key)
      }
      // Look again at once: a step done lets its conversation's next event take its turn.
      return 0
    },
  })
}
