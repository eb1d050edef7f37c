import { createHash } from 'node:crypto'
import type { InboundEvent, InboundEventOf } from '@charla/flow-schema'
import type { z } from 'zod'
import {
  changeSchema,
  entrySchema,
  envelopeSchema,
  feedValueSchema,
  messagingEventSchema,
  type MessagingEvent,
  type RawReferral,
} from './webhookSchema'

/** What every item carries: where it belongs and how to store it once. */
export interface WebhookItemBase {
  /** The Page (`entry[].id`). */
  pageId: string
  /**
   * The person the conversation is with: `sender.id` for input, `recipient.id` for echoes,
   * `from.id` for comments. Empty only for a checkbox-plugin opt-in (see `userRef`).
   */
  psid: string
  /** Unique per event across retries: store it with a unique constraint (inbox). */
  dedupeKey: string
  /** Milliseconds since the epoch (Meta's `timestamp`; seconds are converted). */
  occurredAt: number
  /** Came in `standby[]`: another app owns the thread; observe, never reply (§5). */
  standby?: boolean
}

export type WebhookItem =
  /** Something the person did, for the engine. */
  | (WebhookItemBase & { kind: 'event'; event: InboundEvent })
  /** A message the Page sent (by us, another app, or a person in the Page Inbox). Never input. */
  | (WebhookItemBase & {
      kind: 'echo'
      mid: string
      /** The app that sent it; the Page Inbox is PAGE_INBOX_APP_ID. */
      appId?: string
      text?: string
      /** The `metadata` string given to the Send API. */
      metadata?: string
    })
  | (WebhookItemBase & { kind: 'delivery'; mids: string[]; watermark: number })
  | (WebhookItemBase & { kind: 'read'; watermark: number })
  | (WebhookItemBase & {
      kind: 'optin'
      ref?: string
      /** Checkbox plugin: the person has no PSID yet (`psid` is empty). */
      userRef?: string
      /** e.g. `notification_messages` for a Marketing Messages opt-in. */
      optinType?: string
      payload?: string
      notificationMessagesToken?: string
      notificationMessagesStatus?: string
    })
  | (WebhookItemBase & {
      kind: 'handover'
      action: 'pass' | 'take' | 'request'
      newOwnerAppId?: string
      previousOwnerAppId?: string
      requestedOwnerAppId?: string
      metadata?: string
    })
  | (WebhookItemBase & {
      kind: 'reaction'
      mid: string
      action: 'react' | 'unreact'
      emoji?: string
      reaction?: string
    })

export type WebhookItemOf<K extends WebhookItem['kind']> = Extract<WebhookItem, { kind: K }>

export interface ParsedWebhook {
  /** In payload order: entry by entry, each entry's messaging/standby/changes as they appear. */
  items: WebhookItem[]
  /** Events not turned into items (unknown kinds, malformed, the Page's own comments...). */
  skipped: number
  /** Why, for the first few skipped events (for logs; never contains secrets). */
  skippedReasons: string[]
}

const MAX_REASONS = 20

/**
 * The `changes[].field` values that, in the newer per-field format, carry one messaging event
 * as `value` (§1.3).
 */
const MESSAGING_FIELDS: ReadonlySet<string> = new Set([
  'messages',
  'messaging_postbacks',
  'messaging_optins',
  'messaging_referrals',
  'message_deliveries',
  'message_reads',
  'message_echoes',
  'message_reactions',
  'messaging_handovers',
])

/**
 * Splits a webhook POST (already signature-checked and JSON-parsed) into items: every
 * `entry[]` × `messaging[]` / `standby[]` / `changes[]` (§1.6: never only the first). Never
 * throws; whatever it cannot use is counted in `skipped`.
 */
export function parseWebhook(body: unknown): ParsedWebhook {
  const result: ParsedWebhook = { items: [], skipped: 0, skippedReasons: [] }
  const skip = (reason: string, count = 1): void => {
    result.skipped += count
    if (result.skippedReasons.length < MAX_REASONS) result.skippedReasons.push(reason)
  }

  const envelope = envelopeSchema.safeParse(body)
  if (!envelope.success) {
    skip('not a webhook body ({ object, entry: [] })')
    return result
  }
  if (envelope.data.object !== 'page') {
    skip(`object "${clip(envelope.data.object)}" is not "page"`, envelope.data.entry.length || 1)
    return result
  }

  for (const [i, rawEntry] of envelope.data.entry.entries()) {
    const entry = entrySchema.safeParse(rawEntry)
    if (!entry.success || !isRecord(rawEntry)) {
      skip(`entry[${i}]: no page id`)
      continue
    }
    const pageId = entry.data.id
    const entryTime = entry.data.time
    // Object key order is the JSON's order, so items come out in payload order.
    for (const [key, list] of Object.entries(rawEntry)) {
      if (key !== 'messaging' && key !== 'standby' && key !== 'changes') continue
      if (!Array.isArray(list)) {
        skip(`entry[${i}].${key} is not an array`)
        continue
      }
      for (const [j, raw] of list.entries()) {
        const where = `entry[${i}].${key}[${j}]`
        const ctx: Ctx = { pageId, entryTime, standby: key === 'standby', where }
        const item = key === 'changes' ? fromChange(raw, ctx) : fromMessaging(raw, ctx)
        if (typeof item === 'string') skip(item)
        else result.items.push(item)
      }
    }
  }
  return result
}

interface Ctx {
  pageId: string
  entryTime: number | undefined
  standby: boolean
  where: string
}

/** An item, or why there is none. */
type Outcome = WebhookItem | string

function fromMessaging(raw: unknown, ctx: Ctx): Outcome {
  const parsed = messagingEventSchema.safeParse(raw)
  if (!parsed.success) return `${ctx.where}: ${summarize(parsed.error)}`
  const e = parsed.data
  const { pageId, where } = ctx
  const stamp = e.timestamp ?? ctx.entryTime ?? 0
  const sender = e.sender?.id
  const base = (psid: string, dedupeKey: string): WebhookItemBase => ({
    pageId,
    psid,
    dedupeKey,
    occurredAt: toMs(stamp),
    ...(ctx.standby ? { standby: true } : {}),
  })
  const derived = (psid: string, kind: string, content: string): string =>
    `${pageId}:${psid}:${kind}:${stamp}:${sha1(content)}`

  // Dispatch order of §2.10: echo, message (quick reply first), postback, referral, optin,
  // delivery, read, reaction, handover.
  if (e.message) {
    const m = e.message
    if (m.is_echo) {
      // Sender and recipient swap on echoes: the conversation is the recipient's (§2).
      const psid = e.recipient?.id
      if (!psid || !m.mid) return `${where}: echo without recipient.id or mid`
      return {
        ...base(psid, `${pageId}:echo:${m.mid}`),
        kind: 'echo',
        mid: m.mid,
        ...(m.app_id ? { appId: m.app_id } : {}),
        ...(m.text !== undefined ? { text: m.text } : {}),
        ...(m.metadata !== undefined ? { metadata: m.metadata } : {}),
      }
    }
    if (!sender) return noSender(where, e, 'message')
    const attachments = (m.attachments ?? []).map((a) => ({
      type: a.type,
      ...(a.payload?.url ? { url: a.payload.url } : {}),
    }))
    if (m.quick_reply === undefined && m.text === undefined && attachments.length === 0)
      return `${where}: message with no text, quick reply or attachment`
    const event: InboundEventOf<'message'> = {
      type: 'message',
      ...(m.mid ? { mid: m.mid } : {}),
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.quick_reply ? { quickReply: m.quick_reply.payload } : {}),
      ...(attachments.length ? { attachments } : {}),
    }
    const key = m.mid ? `${pageId}:${m.mid}` : derived(sender, 'message', JSON.stringify(m))
    return { ...base(sender, key), kind: 'event', event }
  }

  if (e.postback) {
    if (!sender) return noSender(where, e, 'postback')
    const p = e.postback
    // Other apps get a standby postback without the payload (§2.3).
    const payload = p.payload ?? ''
    const referral = p.referral ? toReferral(p.referral) : undefined
    const event: InboundEventOf<'postback'> = {
      type: 'postback',
      payload,
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.mid ? { mid: p.mid } : {}),
      ...(referral ? { referral } : {}),
    }
    const key = p.mid ? `${pageId}:${p.mid}` : derived(sender, 'postback', payload)
    return { ...base(sender, key), kind: 'event', event }
  }

  if (e.referral) {
    if (!sender) return noSender(where, e, 'referral')
    const referral = toReferral(e.referral)
    const key = derived(
      sender,
      'referral',
      `${referral.source}|${referral.ref ?? ''}|${referral.adId ?? ''}`,
    )
    return { ...base(sender, key), kind: 'event', event: { type: 'referral', referral } }
  }

  if (e.optin) {
    const o = e.optin
    // Checkbox-plugin opt-ins have no sender; the person is known by user_ref only (§2.5).
    if (!sender && !o.user_ref) return `${where}: opt-in without sender.id or user_ref`
    const psid = sender ?? ''
    const content = [o.type, o.ref, o.user_ref, o.payload, o.notification_messages_token]
    const key = derived(psid, 'optin', content.map((s) => s ?? '').join('|'))
    return {
      ...base(psid, key),
      kind: 'optin',
      ...(o.ref !== undefined ? { ref: o.ref } : {}),
      ...(o.user_ref !== undefined ? { userRef: o.user_ref } : {}),
      ...(o.type !== undefined ? { optinType: o.type } : {}),
      ...(o.payload !== undefined ? { payload: o.payload } : {}),
      ...(o.notification_messages_token !== undefined
        ? { notificationMessagesToken: o.notification_messages_token }
        : {}),
      ...(o.notification_messages_status !== undefined
        ? { notificationMessagesStatus: o.notification_messages_status }
        : {}),
    }
  }

  if (e.delivery) {
    if (!sender) return noSender(where, e, 'delivery')
    const { watermark } = e.delivery
    return {
      ...base(sender, `${pageId}:${sender}:delivery:${watermark}`),
      kind: 'delivery',
      mids: e.delivery.mids ?? [],
      watermark,
    }
  }

  if (e.read) {
    if (!sender) return noSender(where, e, 'read')
    const { watermark } = e.read
    return { ...base(sender, `${pageId}:${sender}:read:${watermark}`), kind: 'read', watermark }
  }

  if (e.reaction) {
    if (!sender) return noSender(where, e, 'reaction')
    const r = e.reaction
    return {
      ...base(sender, `${pageId}:${sender}:reaction:${r.mid}:${r.action}:${stamp}`),
      kind: 'reaction',
      mid: r.mid,
      action: r.action,
      ...(r.emoji !== undefined ? { emoji: r.emoji } : {}),
      ...(r.reaction !== undefined ? { reaction: r.reaction } : {}),
    }
  }

  const handover = e.pass_thread_control
    ? ({ action: 'pass', ...e.pass_thread_control } as const)
    : e.take_thread_control
      ? ({ action: 'take', ...e.take_thread_control } as const)
      : e.request_thread_control
        ? ({ action: 'request', ...e.request_thread_control } as const)
        : undefined
  if (handover) {
    if (!sender) return noSender(where, e, 'handover')
    const h = {
      ...(handover.action !== 'request' && handover.new_owner_app_id
        ? { newOwnerAppId: handover.new_owner_app_id }
        : {}),
      ...(handover.action !== 'request' && handover.previous_owner_app_id
        ? { previousOwnerAppId: handover.previous_owner_app_id }
        : {}),
      ...(handover.action === 'request' && handover.requested_owner_app_id
        ? { requestedOwnerAppId: handover.requested_owner_app_id }
        : {}),
      ...(handover.metadata ? { metadata: handover.metadata } : {}),
    }
    const key = derived(sender, `handover:${handover.action}`, JSON.stringify(h))
    return { ...base(sender, key), kind: 'handover', action: handover.action, ...h }
  }

  const kinds = Object.keys(e).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k))
  return `${where}: unhandled event kind (${kinds.map(clip).join(', ') || 'empty'})`
}

function fromChange(raw: unknown, ctx: Ctx): Outcome {
  const change = changeSchema.safeParse(raw)
  if (!change.success) return `${ctx.where}: ${summarize(change.error)}`
  const { field, value } = change.data
  if (field === 'feed') return fromFeed(value, ctx)
  // The per-field format: one messaging event as the change's value (§1.3).
  if (MESSAGING_FIELDS.has(field) && isRecord(value)) return fromMessaging(value, ctx)
  return `${ctx.where}: change field "${clip(field)}" is not handled`
}

/** A comment on a Page post: what a Private Reply answers (§2.9, §6). */
function fromFeed(value: unknown, ctx: Ctx): Outcome {
  const { pageId, where } = ctx
  const parsed = feedValueSchema.safeParse(value)
  if (!parsed.success) return `${where}: ${summarize(parsed.error)}`
  const v = parsed.data
  if (v.item !== 'comment') return `${where}: feed ${clip(v.item)} is not a comment`
  if (v.verb !== 'add') return `${where}: comment ${clip(v.verb)} (only new comments count)`
  if (!v.comment_id || !v.post_id) return `${where}: comment without comment_id or post_id`
  // `from` is missing when the app lacks the permission to see who wrote it (§2.9).
  if (!v.from) return `${where}: comment without from`
  if (v.from.id === pageId) return `${where}: the Page's own comment`
  const occurredAt = parseTime(v.created_time) ?? toMs(ctx.entryTime ?? 0)
  const event: InboundEventOf<'comment'> = {
    type: 'comment',
    commentId: v.comment_id,
    postId: v.post_id,
    ...(v.message !== undefined ? { text: v.message } : {}),
  }
  return {
    pageId,
    psid: v.from.id,
    dedupeKey: `${pageId}:comment:${v.comment_id}`,
    occurredAt,
    ...(ctx.standby ? { standby: true } : {}),
    kind: 'event',
    event,
  }
}

function toReferral(r: RawReferral): InboundEventOf<'referral'>['referral'] {
  return {
    ...(r.ref !== undefined ? { ref: r.ref } : {}),
    // A referral without a source does not happen in Meta's docs; keep the event anyway.
    source: r.source ?? 'UNKNOWN',
    ...(r.ad_id !== undefined ? { adId: r.ad_id } : {}),
  }
}

function noSender(where: string, e: MessagingEvent, kind: string): string {
  // Chat-plugin events identify the person by sender.user_ref; the plugin is retired (§7.2).
  return e.sender?.user_ref
    ? `${where}: ${kind} from a chat-plugin user_ref (no PSID)`
    : `${where}: ${kind} without sender.id`
}

/** Meta's timestamps are milliseconds; entry times and `created_time` of changes are seconds. */
function toMs(t: number): number {
  return t > 0 && t < 1e12 ? t * 1000 : t
}

function parseTime(t: number | string | undefined): number | undefined {
  if (t === undefined) return undefined
  if (typeof t === 'number') return toMs(t)
  if (/^\d+$/.test(t)) return toMs(Number(t))
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}

function sha1(s: string): string {
  return createHash('sha1').update(s, 'utf8').digest('hex')
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function summarize(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`
}

/** Keeps untrusted strings short in the reasons. */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}
