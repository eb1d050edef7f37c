import { PAGE_INBOX_APP_ID } from '@charla/messenger'
import type { GraphReply, Page } from './Emulator'
import type { EmulatorState, PersonState } from './EmulatorState'
import { graphError, invalidParameter, type GraphFailure } from './graphError'
import type { SendBody } from './sendBodySchema'
import { validateSendBody } from './validateSendBody'

/** Meta's app id for the Page Inbox, where a pass without an app id goes (one definition, shared). */
export { PAGE_INBOX_APP_ID }

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * `POST /{page}/messages`: checks the body, then the recipient the way Meta does (known,
 * reachable, thread owned by us, window open), records the send and answers like the Send API.
 */
export function sendMessage(state: EmulatorState, page: Page, input: unknown): GraphReply {
  const check = validateSendBody(input)
  if (!check.ok) return check.error
  const body = check.body
  const target = resolveRecipient(state, page, body)
  if ('error' in target) return target.error
  const refusal = refuse(state, page, target.person, body, target.commentId !== undefined)
  if (refusal) return refusal

  const { person, commentId } = target
  const at = state.config.now()
  const messageId = body.message ? state.nextMid() : undefined
  if (commentId !== undefined)
    state.comments.set(commentId, { pageId: page.pageId, psid: person.psid, replied: true })
  if (body.thread_control) applyThreadControl(state, person, body.thread_control, at)
  state.record({
    pageId: page.pageId,
    psid: person.psid,
    kind: body.message ? 'message' : 'sender_action',
    ...(messageId === undefined ? {} : { messageId }),
    ...(body.messaging_type === undefined ? {} : { messagingType: body.messaging_type }),
    ...(body.tag === undefined ? {} : { tag: body.tag }),
    ...(body.sender_action === undefined ? {} : { senderAction: body.sender_action }),
    ...(commentId === undefined ? {} : { commentId }),
    body,
    at,
  })
  // Sender actions answer with the recipient only; messages add the new message's id.
  return {
    status: 200,
    body:
      messageId === undefined
        ? { recipient_id: person.psid }
        : { recipient_id: person.psid, message_id: messageId },
  }
}

type Target = { person: PersonState; commentId?: string } | { error: GraphFailure }

function resolveRecipient(state: EmulatorState, page: Page, body: SendBody): Target {
  const commentId = body.recipient.comment_id
  if (commentId !== undefined) {
    if (body.sender_action !== undefined) {
      return {
        error: invalidParameter(
          '(#100) param recipient[comment_id] cannot be used with sender_action',
        ),
      }
    }
    const comment = state.comments.get(commentId)
    if (!comment || comment.pageId !== page.pageId) {
      return {
        error: invalidParameter(`(#100) param recipient[comment_id] is not a comment on this Page`),
      }
    }
    // Private Replies: one message per comment (10900 "Activity already replied to").
    if (comment.replied) return { error: graphError(10900, '(#10900) Activity already replied to') }
    const person = state.person(page.pageId, comment.psid)
    return person ? { person, commentId } : { error: noMatchingUser() }
  }
  const person = state.person(page.pageId, body.recipient.id ?? '')
  return person ? { person } : { error: noMatchingUser() }
}

function noMatchingUser(): GraphFailure {
  return invalidParameter('(#100) No matching user found', 2018001)
}

function refuse(
  state: EmulatorState,
  page: Page,
  person: PersonState,
  body: SendBody,
  privateReply: boolean,
): GraphFailure | undefined {
  if (person.unreachable) {
    return graphError(551, "(#551) This person isn't available right now.", { subcode: 1545041 })
  }
  // Handover protocol: while another app owns the thread, only that app may send.
  if (person.threadOwner !== null && person.threadOwner !== state.config.appId) {
    return graphError(10, '(#10) Another app controls this thread', { subcode: 2018300 })
  }
  const now = state.config.now()
  if (
    state.config.enforceWindow &&
    body.message &&
    !privateReply &&
    outsideWindow(person, body, now)
  ) {
    return graphError(
      10,
      '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
      { subcode: 2018278 },
    )
  }
  return overRateLimit(state, page, now)
}

/** RESPONSE and UPDATE live within 24 hours of the person's last action; HUMAN_AGENT 7 days. */
function outsideWindow(person: PersonState, body: SendBody, now: number): boolean {
  const allowedMs =
    body.messaging_type !== 'MESSAGE_TAG'
      ? DAY_MS
      : body.tag === 'HUMAN_AGENT'
        ? 7 * DAY_MS
        : Infinity
  if (allowedMs === Infinity) return false
  return person.lastInteractionAt === undefined || now - person.lastInteractionAt > allowedMs
}

/** §9: sends per Page per second; beyond the limit Meta answers 613. */
function overRateLimit(state: EmulatorState, page: Page, now: number): GraphFailure | undefined {
  const limit = state.config.sendsPerSecond
  if (limit === undefined) return undefined
  const recent = (state.recentSends.get(page.pageId) ?? []).filter((at) => now - at < 1000)
  if (recent.length >= limit) {
    state.recentSends.set(page.pageId, recent)
    return graphError(613, '(#613) Calls to this api have exceeded the rate limit.')
  }
  recent.push(now)
  state.recentSends.set(page.pageId, recent)
  return undefined
}

function applyThreadControl(
  state: EmulatorState,
  person: PersonState,
  control: NonNullable<SendBody['thread_control']>,
  at: number,
): void {
  person.threadOwner =
    control.control_type === 'pass' ? (control.app_id ?? PAGE_INBOX_APP_ID) : null
  state.recordThreadControl({
    pageId: person.pageId,
    psid: person.psid,
    action: control.control_type,
    owner: person.threadOwner,
    at,
  })
}
