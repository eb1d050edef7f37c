import type { PersonAction, Referral } from './personActionSchema'
import type { FeedChange, MessagingEvent } from './WebhookBody'

/** One event, placed by `buildWebhookBody` in its Page's entry under `field`. */
export type WebhookEvent =
  | { pageId: string; field: 'messaging' | 'standby'; event: MessagingEvent }
  | { pageId: string; field: 'changes'; change: FeedChange }

export interface EventContext {
  pageId: string
  psid: string
  /** For messages and postbacks. */
  mid: string
  /** For comments. */
  commentId: string
  timestamp: number
  /** Another app owns the thread, so the event arrives in `standby`. */
  standby: boolean
  commenter: { id: string; name: string }
  /** The title a person saw for a payload, if the emulator sent it. */
  titleFor: (payload: string, kind: 'quick_reply' | 'postback') => string | undefined
}

/** Turns what a person did into the event Meta would deliver (webhook-events reference). */
export function toWebhookEvent(action: PersonAction, ctx: EventContext): WebhookEvent {
  const { pageId, psid, timestamp } = ctx
  if (action.comment) {
    const { postId, parentId, text } = action.comment
    return {
      pageId,
      field: 'changes',
      change: {
        field: 'feed',
        value: {
          item: 'comment',
          verb: 'add',
          comment_id: ctx.commentId,
          post_id: postId,
          // A top-level comment's parent is the post itself.
          parent_id: parentId ?? postId,
          from: ctx.commenter,
          message: text,
          created_time: Math.floor(timestamp / 1000),
        },
      },
    }
  }
  const base = { sender: { id: psid }, recipient: { id: pageId }, timestamp }
  const field = ctx.standby ? 'standby' : 'messaging'
  if (action.postback) {
    const { payload, title, referral } = action.postback
    const postback = {
      mid: ctx.mid,
      title: title ?? ctx.titleFor(payload, 'postback') ?? payload,
      payload,
      ...(referral ? { referral: withDefaults(referral) } : {}),
    }
    return { pageId, field, event: { ...base, postback } }
  }
  if (action.referral)
    return { pageId, field, event: { ...base, referral: withDefaults(action.referral) } }
  const { quickReplyPayload: payload, attachments } = action
  // A quick-reply tap arrives as a message whose text is the title that was tapped.
  const text =
    action.text ??
    (payload === undefined ? undefined : (ctx.titleFor(payload, 'quick_reply') ?? payload))
  const message = {
    mid: ctx.mid,
    ...(text === undefined ? {} : { text }),
    ...(payload === undefined ? {} : { quick_reply: { payload } }),
    ...(attachments === undefined ? {} : { attachments }),
  }
  return { pageId, field, event: { ...base, message } }
}

function withDefaults(referral: Referral): Required<Pick<Referral, 'source' | 'type'>> & Referral {
  return {
    ...referral,
    source: referral.source ?? 'SHORTLINK',
    type: referral.type ?? 'OPEN_THREAD',
  }
}
