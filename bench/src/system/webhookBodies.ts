import { serializeLikeMeta, type WebhookBody } from '@charla/emulator'
import { signBody } from '@charla/messenger'
import { seeded } from '../seeded'

/** One webhook POST ready to send: the exact bytes and the signature over them. */
export interface SignedWebhook {
  /** The body as sent (and signed), serialised the way Meta writes it. */
  raw: string
  /** `X-Hub-Signature-256`. */
  signature: string
  psid: string
  mid: string
}

export interface MessageEvent {
  pageId: string
  psid: string
  mid: string
  text: string
  /** Milliseconds, as Meta's messaging timestamps are. */
  timestamp: number
}

/**
 * A message webhook in Meta's shape (one entry, one messaging event), as the emulator's
 * `buildWebhookBody` makes it: `{ object, entry: [{ id, time, messaging: [{ sender, recipient,
 * timestamp, message: { mid, text } }] }] }`.
 */
export function messageWebhook(event: MessageEvent): WebhookBody {
  const { pageId, psid, mid, text, timestamp } = event
  return {
    object: 'page',
    entry: [
      {
        id: pageId,
        time: timestamp,
        messaging: [
          { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } },
        ],
      },
    ],
  }
}

/** Serialises like Meta (non-ASCII as `\uXXXX`, `/` as `\/`) and signs those exact bytes. */
export function signedMessage(event: MessageEvent, appSecret: string): SignedWebhook {
  const raw = serializeLikeMeta(messageWebhook(event))
  return { raw, signature: signBody(raw, appSecret), psid: event.psid, mid: event.mid }
}

/** The inbox key the runtime stores a message under (`parseWebhook`'s dedupe key). */
export function inboxKey(pageId: string, mid: string): string {
  return `${pageId}:${mid}`
}

export interface IngestPlanOptions {
  pageId: string
  appSecret: string
  /** Distinct events (each its own message id). */
  distinct: number
  /** People the events are spread over. */
  people: number
  /** The share of requests that repeat an earlier body byte for byte, as Meta's retries do. */
  duplicateShare: number
  /** Keeps message ids and psids apart between plans sent to one runtime. */
  prefix: string
  /** Timestamp of the first event; each next one is 1 ms later. */
  startAt: number
  seed?: number
}

export interface IngestPlan {
  /** The distinct bodies, in the order they are first sent. */
  bodies: SignedWebhook[]
  /** The requests in sending order, as indexes into `bodies`; duplicates repeat an earlier one. */
  order: number[]
  duplicates: number
}

/**
 * Distinct signed message webhooks from `people` people, plus exact repeats so that
 * `duplicateShare` of all requests are duplicates. A repeat always comes after its first
 * sending, and the plan is the same for the same options (a seeded generator).
 */
export function planIngest(opts: IngestPlanOptions): IngestPlan {
  const { distinct, people, duplicateShare } = opts
  if (!Number.isInteger(distinct) || distinct < 1) throw new Error('distinct must be ≥ 1')
  if (!Number.isInteger(people) || people < 1) throw new Error('people must be ≥ 1')
  if (!(duplicateShare >= 0 && duplicateShare < 1))
    throw new Error('duplicateShare must be in [0, 1)')
  const random = seeded(opts.seed ?? 7)
  const texts = ['hola, ¿tienen turnos mañana?', 'I want to order ☕ x2', 'price?', 'ok 👍']
  const bodies = Array.from({ length: distinct }, (_, i) =>
    signedMessage(
      {
        pageId: opts.pageId,
        psid: `${opts.prefix}p${Math.floor(random() * people)}`,
        mid: `m_${opts.prefix}${i}`,
        text: `${texts[i % texts.length]} #${i}`,
        timestamp: opts.startAt + i,
      },
      opts.appSecret,
    ),
  )
  const total = Math.round(distinct / (1 - duplicateShare))
  let duplicatesLeft = total - distinct
  let next = 0
  const order: number[] = []
  while (order.length < total) {
    const newLeft = distinct - next
    // Each remaining slot is a repeat with the share of repeats still to place; never first.
    const repeat = next > 0 && random() * (duplicatesLeft + newLeft) < duplicatesLeft
    if (repeat) {
      order.push(Math.floor(random() * next))
      duplicatesLeft--
    } else order.push(next++)
  }
  return { bodies, order, duplicates: total - distinct }
}
