import { conversationKey } from '@charla/storage'
import { createLoop, type Loop } from './createLoop'
import type { PipelineDeps } from './PipelineDeps'
import type { WritePlan } from './planWrites'
import { processInboxItem } from './processInboxItem'

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
 * oldest pending event of a conversation is ever taken, and a conversation being processed is
 * skipped, so one person's events never overtake each other.
 */
export function createInboxWorker(deps: PipelineDeps, opts: InboxWorkerOptions): Loop {
  const busy = new Set<string>()
  return createLoop({
    idleMs: opts.idleMs,
    onError: (err) => deps.log.error({ err }, 'inbox worker failed'),
    tick: async () => {
      const items = await deps.storage.inbox.nextPerConversation(opts.concurrency, busy)
      if (!items.length) return undefined
      await Promise.all(
        items.map(async (item) => {
          const key = conversationKey(item.pageId, item.psid)
          busy.add(key)
          try {
            const result = await processInboxItem(deps, item)
            if (result.kind === 'done') opts.onCommitted(result.plan)
          } catch (err) {
            deps.log.error(
              { err, inboxId: item.id, pageId: item.pageId },
              'could not process an event',
            )
            await deps.storage.inbox.markFailed(
              item.id,
              err instanceof Error ? err.message : String(err),
              opts.maxAttempts,
            )
          } finally {
            busy.delete(key)
          }
        }),
      )
      return 0
    },
  })
}
