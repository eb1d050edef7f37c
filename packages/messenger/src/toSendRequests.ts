import {
  countChars,
  LIMITS,
  type OutboundActionOf,
  type OutboundMessage,
  type OutButton,
  type OutCard,
  type OutQuickReply,
  type Receipt,
} from '@charla/flow-schema'
import type {
  GenericElement,
  ReceiptPayload,
  SendButton,
  SendMessage,
  SendQuickReply,
  SendRecipient,
  SendRequest,
} from './sendRequest'

/** Limits not in flow-schema's LIMITS (reference §3.2, §3.5, §9). */
export const SEND_LIMITS = {
  metadataChars: 1000,
  receiptElements: 100,
} as const

/**
 * A message the Send API would refuse. The engine already fits what it sends to Messenger's
 * limits, so this is a bug on our side, never the marketer's: it is thrown, not returned.
 */
export class SendRequestError extends Error {
  override name = 'SendRequestError'
}

export interface ToSendRequestsOptions {
  /** Put on `message.metadata`; comes back in the echo (e.g. `<flowId>:<nodeId>:<runId>`). */
  appendMetadata?: string
}

/**
 * Turns one engine action into Send API bodies (without token, `messaging_type` or `tag`).
 * `typing` becomes a `typing_on` sender action, always a request of its own (§3.4).
 */
export function toSendRequests(
  action: OutboundActionOf<'send'> | OutboundActionOf<'typing'>,
  recipient: { psid: string },
  opts: ToSendRequestsOptions = {},
): SendRequest[] {
  if (action.type === 'typing') {
    need(recipient.psid, 'a typing indicator needs the recipient PSID')
    return [{ recipient: { id: recipient.psid }, sender_action: 'typing_on' }]
  }
  // A Private Reply goes to the comment; Meta answers with the person's PSID (§6).
  let to: SendRecipient
  if (action.privateReplyTo !== undefined) {
    need(action.privateReplyTo, 'a private reply needs the comment id')
    to = { comment_id: action.privateReplyTo }
  } else {
    need(recipient.psid, 'a message needs the recipient PSID')
    to = { id: recipient.psid }
  }
  const message = toMessage(action.message)
  if (opts.appendMetadata !== undefined) {
    max(opts.appendMetadata, SEND_LIMITS.metadataChars, 'metadata')
    message.metadata = opts.appendMetadata
  }
  return [{ recipient: to, message }]
}

function toMessage(m: OutboundMessage): SendMessage {
  switch (m.kind) {
    case 'text':
      text(m.text, LIMITS.textChars, 'text')
      return { text: m.text, ...quickReplies(m.quickReplies) }
    case 'buttons':
      text(m.text, LIMITS.buttonTextChars, 'button template text')
      count(m.buttons, 1, LIMITS.buttons, 'buttons of a button template')
      return {
        attachment: {
          type: 'template',
          payload: { template_type: 'button', text: m.text, buttons: m.buttons.map(button) },
        },
        ...quickReplies(m.quickReplies),
      }
    case 'cards':
      count(m.cards, 1, LIMITS.cards, 'cards of a generic template')
      return {
        attachment: {
          type: 'template',
          payload: { template_type: 'generic', elements: m.cards.map(card) },
        },
        ...quickReplies(m.quickReplies),
      }
    case 'attachment':
      url(m.url, `${m.attachmentType} url`)
      return {
        attachment: { type: m.attachmentType, payload: { url: m.url, is_reusable: true } },
        ...quickReplies(m.quickReplies),
      }
    case 'receipt':
      return { attachment: { type: 'template', payload: receipt(m.receipt) } }
  }
}

function quickReplies(replies: OutQuickReply[] | undefined): { quick_replies?: SendQuickReply[] } {
  if (!replies?.length) return {}
  count(replies, 1, LIMITS.quickReplies, 'quick replies')
  return {
    quick_replies: replies.map((q): SendQuickReply => {
      if (q.type !== 'text') return { content_type: q.type }
      text(q.title, LIMITS.quickReplyTitleChars, 'quick reply title')
      text(q.payload, LIMITS.payloadChars, 'quick reply payload')
      if (q.imageUrl !== undefined) url(q.imageUrl, 'quick reply image_url')
      return {
        content_type: 'text',
        title: q.title,
        payload: q.payload,
        ...(q.imageUrl !== undefined ? { image_url: q.imageUrl } : {}),
      }
    }),
  }
}

function button(b: OutButton): SendButton {
  text(b.title, LIMITS.buttonTitleChars, 'button title')
  switch (b.type) {
    case 'postback':
      text(b.payload, LIMITS.payloadChars, 'postback payload')
      return { type: 'postback', title: b.title, payload: b.payload }
    case 'url':
      url(b.url, 'button url')
      return { type: 'web_url', url: b.url, title: b.title }
    case 'call':
      // Same rule as flow-schema's call button: +<country><number> (§3.5).
      if (!/^\+[1-9]\d{6,14}$/.test(b.phone))
        throw new SendRequestError(`a call button needs +<country><number>, got "${b.phone}"`)
      return { type: 'phone_number', title: b.title, payload: b.phone }
  }
}

function card(c: OutCard): GenericElement {
  text(c.title, LIMITS.cardTitleChars, 'card title')
  if (c.subtitle !== undefined) max(c.subtitle, LIMITS.cardSubtitleChars, 'card subtitle')
  if (c.imageUrl !== undefined) url(c.imageUrl, 'card image_url')
  if (c.url !== undefined) url(c.url, 'card url')
  const buttons = c.buttons?.length ? c.buttons : undefined
  if (buttons) count(buttons, 1, LIMITS.buttons, 'buttons of a card')
  // Meta wants a title plus at least one other property (§3.5).
  if (!c.subtitle && !c.imageUrl && !c.url && !buttons)
    throw new SendRequestError(
      `card "${c.title}" needs a subtitle, an image, a url or buttons besides its title`,
    )
  return {
    title: c.title,
    ...(c.subtitle ? { subtitle: c.subtitle } : {}),
    ...(c.imageUrl !== undefined ? { image_url: c.imageUrl } : {}),
    ...(c.url !== undefined ? { default_action: { type: 'web_url' as const, url: c.url } } : {}),
    ...(buttons ? { buttons: buttons.map(button) } : {}),
  }
}

function receipt(r: Receipt): ReceiptPayload {
  // Required by the receipt template (§3.5): recipient_name, order_number, currency,
  // payment_method, summary.total_cost.
  need(r.recipientName, 'a receipt needs recipient_name')
  need(r.orderNumber, 'a receipt needs order_number')
  need(r.paymentMethod, 'a receipt needs payment_method')
  const digits = currencyDigits(r.currency)
  count(r.elements, 0, SEND_LIMITS.receiptElements, 'receipt elements')
  const major = (minor: number, what: string): number => {
    if (!Number.isSafeInteger(minor)) throw new SendRequestError(`${what} is not an integer`)
    return Number((minor / 10 ** digits).toFixed(digits))
  }
  return {
    template_type: 'receipt',
    recipient_name: r.recipientName,
    order_number: r.orderNumber,
    currency: r.currency,
    payment_method: r.paymentMethod,
    ...(r.timestamp !== undefined ? { timestamp: String(toSeconds(r.timestamp)) } : {}),
    ...(r.address
      ? {
          address: {
            street_1: r.address.street1,
            ...(r.address.street2 ? { street_2: r.address.street2 } : {}),
            city: r.address.city,
            postal_code: r.address.postalCode,
            // Meta requires a state; many countries have none, so the city stands in.
            state: r.address.state || r.address.city,
            country: r.address.country,
          },
        }
      : {}),
    summary: {
      subtotal: major(r.subtotalMinor, 'subtotal'),
      total_cost: major(r.totalMinor, 'total'),
    },
    elements: r.elements.map((e, i) => {
      need(e.title, `receipt element ${i} needs a title`)
      return {
        title: e.title,
        ...(e.subtitle ? { subtitle: e.subtitle } : {}),
        quantity: e.quantity,
        price: major(e.priceMinor, `receipt element ${i} price`),
        currency: r.currency,
        ...(e.imageUrl !== undefined ? { image_url: e.imageUrl } : {}),
      }
    }),
  }
}

const digitsCache = new Map<string, number>()

/** How many decimals the currency has (EUR 2, JPY 0, KWD 3), like the engine's formatMoney. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency)
  if (cached !== undefined) return cached
  if (!/^[A-Z]{3}$/.test(currency))
    throw new SendRequestError(`"${currency}" is not an ISO 4217 currency code`)
  let digits: number
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
  } catch {
    throw new SendRequestError(`"${currency}" is not an ISO 4217 currency code`)
  }
  digitsCache.set(currency, digits)
  return digits
}

/** The engine gives seconds; a value that can only be milliseconds is converted. */
function toSeconds(t: number): number {
  return t >= 1e12 ? Math.floor(t / 1000) : Math.floor(t)
}

function need(value: string, message: string): void {
  if (!value) throw new SendRequestError(message)
}

function max(value: string, limit: number, what: string): void {
  const n = countChars(value)
  if (n > limit) throw new SendRequestError(`${what} has ${n} characters; the limit is ${limit}`)
}

function text(value: string, limit: number, what: string): void {
  if (!value) throw new SendRequestError(`${what} is empty`)
  max(value, limit, what)
}

function count(list: readonly unknown[], min: number, limit: number, what: string): void {
  if (list.length < min || list.length > limit)
    throw new SendRequestError(
      `${list.length} ${what}; Messenger takes ${min === limit ? limit : `${min} to ${limit}`}`,
    )
}

function url(value: string, what: string): void {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new SendRequestError(`${what} is not a URL: "${value.slice(0, 100)}"`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new SendRequestError(`${what} must be http(s): "${value.slice(0, 100)}"`)
}
