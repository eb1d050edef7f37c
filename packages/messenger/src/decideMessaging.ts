import { LIMITS, messageTagSchema, type MessageTag } from '@charla/flow-schema'

/** Standard messaging window: 24 h after the person's last message or tap (§3.3). */
export const STANDARD_WINDOW_MS = LIMITS.windowMs
/** A Private Reply must go out within 7 days of the comment (§6). */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000

export interface MessagingInput {
  /**
   * When the person last opened or refreshed the window (message, postback, referral into an
   * existing thread, reaction). For a private reply: when the comment was written.
   */
  lastInteractionAt?: number
  now: number
  /** The tag the engine put on the send, for use only if the window has closed. */
  tag?: MessageTag
  /** The send answers a comment (`recipient.comment_id`). */
  privateReply?: boolean
}

export type MessagingDecision =
  | { ok: true; messaging_type: 'RESPONSE' | 'MESSAGE_TAG'; tag?: string }
  | {
      ok: false
      code: 'outside_window' | 'private_reply_expired' | 'invalid_tag'
      reason: string
    }

/**
 * Picks `messaging_type` (and `tag`) for a bot message, or refuses it so that nothing goes out
 * that Meta would reject with 10/2018278 (§3.3). Bots never use HUMAN_AGENT: that tag is for a
 * person's own replies and automated messages under it are prohibited.
 *
 * Boundaries: the window is open while `now - lastInteractionAt < 24 h`; at exactly 24 h it
 * has closed. A `lastInteractionAt` in the future (clock skew between processes) counts as
 * open.
 */
export function decideMessaging(input: MessagingInput): MessagingDecision {
  const { lastInteractionAt, now } = input
  const age = lastInteractionAt === undefined ? undefined : now - lastInteractionAt

  if (input.privateReply) {
    // A private reply does not need (or open) the standard window; its own limit is 7 days.
    if (age === undefined)
      return {
        ok: false,
        code: 'private_reply_expired',
        reason: 'a private reply needs the time of the comment it answers',
      }
    if (age >= PRIVATE_REPLY_WINDOW_MS)
      return {
        ok: false,
        code: 'private_reply_expired',
        reason: `the comment is ${describe(age)} old; a private reply must be sent within 7 days of it`,
      }
    return { ok: true, messaging_type: 'RESPONSE' }
  }

  if (age !== undefined && age < STANDARD_WINDOW_MS) return { ok: true, messaging_type: 'RESPONSE' }

  const since =
    age === undefined ? 'the person has not written yet' : `last interaction ${describe(age)} ago`
  if (input.tag === undefined)
    return {
      ok: false,
      code: 'outside_window',
      reason:
        `outside the 24-hour window and the message has no tag (${since}); after the window ` +
        'closes Messenger only accepts tagged updates (CONFIRMED_EVENT_UPDATE, ' +
        'POST_PURCHASE_UPDATE, ACCOUNT_UPDATE)',
    }
  // The type says MessageTag, but actions come from stored JSON: check (never HUMAN_AGENT).
  const tag = messageTagSchema.safeParse(input.tag)
  if (!tag.success)
    return {
      ok: false,
      code: 'invalid_tag',
      reason: `outside the 24-hour window and "${String(input.tag)}" is not a tag a bot may use (${since})`,
    }
  return { ok: true, messaging_type: 'MESSAGE_TAG', tag: tag.data }
}

function describe(ms: number): string {
  const hours = ms / 3_600_000
  if (hours < 48) return `${Math.floor(hours)} h`
  return `${Math.floor(hours / 24)} days`
}
