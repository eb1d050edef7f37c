import {
  decideMessaging,
  PAGE_INBOX_APP_ID,
  type GraphClient,
  type GraphErrorClass,
} from '@charla/messenger'
import {
  conversationKey,
  type Contact,
  type OutboxItem,
  type OutboxRepository,
  type Storage,
} from '@charla/storage'
import type { GraphDeps } from './GraphDeps'
import { backoffMs, MAX_SEND_ATTEMPTS } from './backoff'
import { createLoop, type Loop } from './createLoop'
import { createRateLimiter } from './createRateLimiter'
import { outboxBodySchema } from './OutboxBody'
import type { PipelineDeps } from './PipelineDeps'

export interface RelayOptions {
  concurrency: number
  idleMs: number
  /** Sends per second per Page. */
  ratePerSecond: number
  /** The first retry's delay; later ones double (tests shorten it). */
  retryFirstMs: number
}

/**
 * Sends the outbox through the Graph API, one message at a time per person (the next waits
 * until the previous was accepted), many people at once, within each Page's rate. Retryable
 * errors come back later with backoff; a token error (190) pauses the Page until its token
 * changes; 551 marks the person unreachable; nothing is sent outside the 24-hour window
 * without a fitting tag, and the reason is recorded on the message.
 */
export function createRelay(deps: PipelineDeps & GraphDeps, opts: RelayOptions): Loop {
  const busy = new Set<string>()
  const limiter = createRateLimiter(opts.ratePerSecond, deps.now)
  return createLoop({
    idleMs: opts.idleMs,
    onError: (err) => deps.log.error({ err }, 'outbox relay failed'),
    tick: async () => {
      const items = await deps.storage.outbox.nextPerConversation(
        deps.now(),
        opts.concurrency,
        busy,
      )
      if (!items.length) return undefined
      let wait: number | undefined
      // Outcomes are written in one transaction per tick (fewer commits), and a conversation
      // stays busy until they are committed, so no message can be picked up twice.
      const writes: Write[] = []
      const sent: Sent[] = []
      const store = deferred(writes, sent)
      const taken: string[] = []
      // Whose window is open, who is unreachable: one read for the tick's people.
      const contacts = await deps.storage.contacts.getMany(items)
      await Promise.all(
        items.map(async (item) => {
          const ms = limiter.take(item.pageId)
          if (ms > 0) {
            wait = Math.min(wait ?? ms, ms)
            return
          }
          const key = conversationKey(item.pageId, item.psid)
          busy.add(key)
          taken.push(key)
          try {
            await deliver(deps, store, item, opts, contacts.get(key))
          } catch (err) {
            deps.log.error({ err, outboxId: item.id }, 'could not deliver a message')
            await store.outbox.retryAt(
              item.id,
              deps.now() + backoffMs(item.attempts + 1, deps.random, opts.retryFirstMs),
              String(err),
            )
          }
        }),
      )
      try {
        if (writes.length || sent.length)
          await deps.storage.transaction(async (tx) => {
            for (const write of writes) await write(tx)
            await tx.outbox.markAllSent(sent)
          })
      } finally {
        for (const key of taken) busy.delete(key)
      }
      // Look again at once: a message sent lets its conversation's next one take its turn.
      return wait ?? 0
    },
  })
}

type Write = (tx: Storage) => Promise<unknown>
type Sent = Parameters<OutboxRepository['markAllSent']>[0][number]

/** The writes a delivery makes: queued for the tick's transaction. */
interface Store {
  outbox: Pick<OutboxRepository, 'markSent' | 'retryAt' | 'markFinal'>
  /** Error 551: the person cannot be reached; later messages to them are not attempted. */
  markUnreachable(pageId: string, psid: string, now: number): Promise<void>
}

/** Sends are marked with one statement for the whole tick; the rest one by one. */
function deferred(writes: Write[], sent: Sent[]): Store {
  return {
    outbox: {
      markSent: async (id, messageId, sentAt) => void sent.push({ id, messageId, sentAt }),
      retryAt: async (...args) => void writes.push((tx) => tx.outbox.retryAt(...args)),
      markFinal: async (...args) => void writes.push((tx) => tx.outbox.markFinal(...args)),
    },
    markUnreachable: async (pageId, psid, now) =>
      void writes.push((tx) => tx.contacts.upsert({ pageId, psid, unreachable: true }, now)),
  }
}

async function deliver(
  deps: PipelineDeps & GraphDeps,
  store: Store,
  item: OutboxItem,
  opts: RelayOptions,
  contact: Contact | undefined,
): Promise<void> {
  const { storage } = deps
  const now = deps.now()
  const page = await storage.pages.get(item.pageId)
  if (!page)
    return store.outbox.markFinal(item.id, 'failed', 'the Page is no longer connected', now)
  if (page.status === 'paused') return
  const graph = deps.graphFor(page)
  const body = outboxBodySchema.parse(item.body)
  if (contact?.unreachable && body.op === 'message')
    return store.outbox.markFinal(item.id, 'failed', 'the person cannot be reached (551)', now)

  let result: { ok: true; messageId?: string } | { ok: false; error: GraphErrorClass }
  if (body.op === 'message') {
    const decision = decideMessaging({
      now,
      ...(contact?.lastInteractionAt === undefined
        ? {}
        : { lastInteractionAt: contact.lastInteractionAt }),
      ...(isTag(item.tag) ? { tag: item.tag } : {}),
      ...(body.privateReply ? { privateReply: true } : {}),
    })
    if (!decision.ok) return store.outbox.markFinal(item.id, 'blocked', decision.reason, now)
    const request = body.senderAction
      ? body.request
      : {
          ...body.request,
          messaging_type: decision.messaging_type,
          ...(decision.tag ? { tag: decision.tag } : {}),
        }
    result = await graph.send(page.accessToken, request as Parameters<GraphClient['send']>[1])
  } else if (body.op === 'pass_thread_control') {
    result = await graph.passThreadControl(page.accessToken, item.psid, PAGE_INBOX_APP_ID)
  } else {
    result = await graph.takeThreadControl(page.accessToken, item.psid)
  }
  if (result.ok) return store.outbox.markSent(item.id, result.messageId ?? '', now)
  await onError(deps, store, item, result.error, now, opts)
}

async function onError(
  deps: PipelineDeps,
  store: Store,
  item: OutboxItem,
  error: GraphErrorClass,
  now: number,
  opts: RelayOptions,
): Promise<void> {
  const { storage } = deps
  const detail = `${error.code ?? 'network'}${error.subcode ? `/${error.subcode}` : ''}: ${error.message}`
  switch (error.kind) {
    case 'retryable':
      if (item.attempts + 1 >= MAX_SEND_ATTEMPTS)
        return store.outbox.markFinal(
          item.id,
          'failed',
          `gave up after ${item.attempts + 1} attempts (${detail})`,
          now,
        )
      return store.outbox.retryAt(
        item.id,
        now + (error.retryAfterMs ?? backoffMs(item.attempts + 1, deps.random, opts.retryFirstMs)),
        detail,
      )
    case 'token':
      // Every send of this Page would fail the same way: hold them all until the token changes.
      deps.log.error(
        { pageId: item.pageId, code: error.code },
        'the Page token was refused; the Page is paused',
      )
      await storage.pages.setStatus(item.pageId, 'paused', `token refused (${detail})`, now)
      return store.outbox.retryAt(item.id, now, detail)
    case 'unreachable':
      await store.markUnreachable(item.pageId, item.psid, now)
      return store.outbox.markFinal(item.id, 'failed', detail, now)
    case 'window':
      return store.outbox.markFinal(item.id, 'blocked', detail, now)
    case 'terminal':
      return store.outbox.markFinal(item.id, 'failed', detail, now)
  }
}

function isTag(
  tag: string | undefined,
): tag is 'CONFIRMED_EVENT_UPDATE' | 'POST_PURCHASE_UPDATE' | 'ACCOUNT_UPDATE' {
  return (
    tag === 'CONFIRMED_EVENT_UPDATE' || tag === 'POST_PURCHASE_UPDATE' || tag === 'ACCOUNT_UPDATE'
  )
}
