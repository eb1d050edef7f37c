import { parseWebhook, verifySignature, verifySubscription } from '@charla/messenger'
import type { AnalyticsEvent, Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import type { InboundEvent } from '@charla/flow-schema'
import { errorBody } from '../errorHandler'
import { createGroupCommit, type NewInboxItem } from './createGroupCommit'
import { OWN_METADATA } from '../pipeline/planWrites'

export interface MessengerWebhookOptions {
  storage: Storage
  now: () => number
  /** New events are in the inbox: wake the worker. */
  onEvents: () => void
}

/** Meta batches up to 1,000 events in one POST; this is far above any real batch. */
const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024

/**
 * The Messenger webhook. The POST does as little as it can: check the signature over the raw
 * bytes, store each event in the inbox (duplicates dropped by key) in one transaction, answer
 * 200. Processing happens in the worker, so Meta never waits on the engine or the Send API.
 */
export const messengerWebhookRoutes: FastifyPluginAsync<MessengerWebhookOptions> = async (
  app,
  opts,
) => {
  const { storage } = opts
  const commit = createGroupCommit(storage)
  // The signature covers the exact bytes Meta sent, so the body is kept raw; it is parsed here.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES },
    (_req, body, done) => done(null, body),
  )

  app.get('/', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>
    const pages = await storage.pages.list()
    for (const page of pages) {
      const check = verifySubscription(query, page.verifyToken)
      if (check.ok) return reply.type('text/plain').send(check.challenge)
    }
    return reply
      .status(403)
      .send(errorBody('forbidden', 'the verify token does not match a connected Page'))
  })

  // Meta posts here up to thousands of times a second: two info lines per request would cost
  // more than storing the event. Refusals and failures are still logged (warn and up).
  app.post('/', { logLevel: 'warn' }, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const header = request.headers['x-hub-signature-256']
    const signature = Array.isArray(header) ? header[0] : header
    let body: unknown
    try {
      body = JSON.parse(raw.toString('utf8'))
    } catch {
      body = undefined
    }
    // The Page ids only choose which app secret to check with; nothing is trusted before that.
    const pageIds = pageIdsOf(body)
    const pages = await Promise.all(pageIds.map((id) => storage.pages.get(id)))
    const secrets = new Set(pages.map((p) => p?.appSecret))
    const [secret] = secrets
    if (
      !signature ||
      pageIds.length === 0 ||
      secrets.size !== 1 ||
      !secret ||
      !verifySignature(raw, signature, secret)
    ) {
      request.log.warn(
        { pageIds: pageIds.slice(0, 5).map((id) => id.slice(0, 40)), signed: Boolean(signature) },
        'webhook refused: the signature does not match',
      )
      return reply
        .status(401)
        .send(
          errorBody('invalid_signature', 'the X-Hub-Signature-256 header does not match the body'),
        )
    }

    const now = opts.now()
    const parsed = parseWebhook(body)
    const inbox: NewInboxItem[] = []
    const receipts: AnalyticsEvent[] = []
    for (const item of parsed.items) {
      if (item.kind === 'event' && !item.standby)
        inbox.push({
          dedupeKey: item.dedupeKey,
          pageId: item.pageId,
          psid: item.psid,
          event: item.event,
          occurredAt: item.occurredAt,
          receivedAt: now,
        })
      else if (item.kind === 'echo' && !item.metadata?.startsWith(OWN_METADATA))
        // Not one of ours: a person answered from the Page inbox (or another app did).
        inbox.push(event(item, { type: 'agent_message' }, now))
      else if (item.kind === 'handover' && item.action === 'pass')
        // The thread was passed (back) to us: a hand-off is over.
        inbox.push(event(item, { type: 'handoff_ended' }, now))
      else if (item.kind === 'delivery' || item.kind === 'read')
        receipts.push({
          pageId: item.pageId,
          psid: item.psid,
          flowVersionId: '',
          event: item.kind,
          data: { watermark: item.watermark },
          at: item.occurredAt,
        })
    }
    await commit.write(inbox, receipts)
    if (inbox.length) opts.onEvents()
    return reply.type('text/plain').send('EVENT_RECEIVED')
  })
}

function event(
  item: { dedupeKey: string; pageId: string; psid: string; occurredAt: number },
  e: InboundEvent,
  now: number,
): NewInboxItem {
  return {
    dedupeKey: item.dedupeKey,
    pageId: item.pageId,
    psid: item.psid,
    event: e,
    occurredAt: item.occurredAt,
    receivedAt: now,
  }
}

function pageIdsOf(body: unknown): string[] {
  if (body === null || typeof body !== 'object' || !('entry' in body) || !Array.isArray(body.entry))
    return []
  const ids = new Set<string>()
  for (const entry of body.entry as unknown[])
    if (
      entry !== null &&
      typeof entry === 'object' &&
      'id' in entry &&
      typeof entry.id === 'string'
    )
      ids.add(entry.id)
  return [...ids]
}
