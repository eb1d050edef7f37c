import type {
  ConversationState,
  Flow,
  InboundEvent,
  OutboundAction,
  OutboundMessage,
  OutQuickReply,
} from '@charla/flow-schema'
import { parseFlow } from '@charla/flow-schema'
import { createConversationState, step } from '../src'

/** 2026-11-23 09:00 UTC, a Monday. */
export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)

export interface Conversation {
  /** Sends an event at the current clock; returns the transcript of what the bot did. */
  send(event: InboundEvent): string[]
  /** Moves the clock to the earliest pending timer and fires it. */
  fireNextTimer(): string[]
  /** Moves the clock forward without firing anything. */
  advance(ms: number): void
  readonly state: ConversationState
  readonly actions: OutboundAction[]
  readonly now: number
  /** Timers the runtime would hold: id → due time. */
  readonly pending: Map<string, number>
}

/**
 * Drives a flow the way the runtime will: one step per event, timers kept as the jobs table
 * would keep them. The flow is parsed first, so a scenario can never run an invalid flow.
 */
export function converse(
  flowInput: Flow,
  opts: {
    now?: number
    random?: () => number
    contact?: Partial<ConversationState['contact']>
    analytics?: boolean
  } = {},
): Conversation {
  const parsed = parseFlow(JSON.parse(JSON.stringify(flowInput)))
  if (!parsed.ok) throw new Error(`invalid scenario flow: ${JSON.stringify(parsed.errors)}`)
  const flow = parsed.flow
  let now = opts.now ?? T0
  let state = createConversationState(flow, {
    psid: 'psid_1',
    firstName: 'Ana',
    lastName: 'García',
    ...opts.contact,
  })
  let last: OutboundAction[] = []
  const pending = new Map<string, number>()
  const random = opts.random ?? (() => 0)

  const apply = (event: InboundEvent): string[] => {
    const before = JSON.stringify(state)
    const result = step(flow, state, event, {
      now,
      random,
      page: { id: 'page_1', name: 'Barbería Sol' },
    })
    if (JSON.stringify(state) !== before) throw new Error('step mutated its input state')
    state = result.state
    last = result.actions
    for (const a of result.actions) {
      if (a.type === 'schedule_timer') pending.set(a.timerId, a.fireAt)
      if (a.type === 'cancel_timer') pending.delete(a.timerId)
    }
    return transcript(result.actions, now, opts.analytics ?? false)
  }

  return {
    send: apply,
    fireNextTimer() {
      const next = [...pending].sort((a, b) => a[1] - b[1])[0]
      if (!next) throw new Error('no timer is pending')
      pending.delete(next[0])
      now = Math.max(now, next[1])
      return apply({ type: 'timer', timerId: next[0] })
    },
    advance(ms) {
      now += ms
    },
    get state() {
      return state
    },
    get actions() {
      return last
    },
    get now() {
      return now
    },
    pending,
  }
}

/**
 * One readable line per action, so expected conversations read like a chat log. Intl puts
 * (narrow) no-break spaces in money and numbers; they print here as plain spaces.
 */
export function transcript(actions: OutboundAction[], now: number, analytics = false): string[] {
  return actions.flatMap(line(now, analytics)).map((l) => l.replace(/[\u00a0\u202f]/g, ' '))
}

function line(now: number, analytics: boolean) {
  return (a: OutboundAction): string[] => {
    switch (a.type) {
      case 'send': {
        const extra = [
          a.tag ? `tag ${a.tag}` : '',
          a.privateReplyTo ? `private reply to ${a.privateReplyTo}` : '',
        ]
          .filter(Boolean)
          .join(', ')
        return [`bot: ${describe(a.message)}${extra ? ` (${extra})` : ''}`]
      }
      case 'typing':
        return [`typing ${a.durationMs}ms`]
      case 'schedule_timer':
        return [`timer ${a.timerId} in ${duration(a.fireAt - now)}`]
      case 'cancel_timer':
        return [`cancel ${a.timerId}`]
      case 'http_request':
        return [`http ${a.method} ${a.url}${a.body ? ` ${a.body}` : ''}`]
      case 'update_contact':
        return [
          `contact${a.addTags ? ` +${a.addTags.join(' +')}` : ''}${a.removeTags ? ` -${a.removeTags.join(' -')}` : ''}${
            a.fields ? ` ${JSON.stringify(a.fields)}` : ''
          }`,
        ]
      case 'handoff':
        return ['handoff to inbox']
      case 'take_control':
        return ['take control back']
      case 'start_flow':
        return [`start flow ${a.flowId}${a.nodeId ? ` at ${a.nodeId}` : ''}`]
      case 'save_lead':
        return [
          `lead ${a.leadKey} ${a.status} ${JSON.stringify(a.answers)}${a.consent === undefined ? '' : ` consent=${a.consent}`}${
            a.webhookUrl ? ` → ${a.webhookUrl}` : ''
          }`,
        ]
      case 'find_slots':
        return [
          `find slots ${a.calendarId} ${a.durationMinutes}min ${a.daysAhead}d (${a.requestId})`,
        ]
      case 'hold_slot':
        return [`hold ${a.start} (${a.requestId})`]
      case 'release_hold':
        return [`release ${a.holdId}`]
      case 'confirm_booking':
        return [
          `confirm ${a.holdId}${a.replaces ? ` replacing ${a.replaces}` : ''} (${a.requestId})`,
        ]
      case 'cancel_booking':
        return [`cancel booking ${a.bookingId}`]
      case 'create_checkout':
        return [
          `checkout ${a.provider} ${a.totalMinor} ${a.currency} ${a.items.map((i) => `${i.quantity}x${i.productId}`).join(',')} (${a.requestId})`,
        ]
      case 'expire_checkout':
        return [`expire ${a.orderId}`]
      case 'error':
        return [`error ${a.code}`]
      case 'analytics':
        return analytics
          ? [`~ ${a.event}${a.nodeId ? ` ${a.nodeId}` : ''}${a.output ? ` ${a.output}` : ''}`]
          : []
    }
  }
}

function describe(m: OutboundMessage): string {
  switch (m.kind) {
    case 'text':
      return `${m.text}${quick(m.quickReplies)}`
    case 'buttons':
      return `${m.text} ${m.buttons.map((b) => `[${b.title}${b.type === 'url' ? ` → ${b.url}` : ''}]`).join(' ')}${quick(m.quickReplies)}`
    case 'cards':
      return `cards: ${m.cards.map((c) => `${c.title}${c.subtitle ? ` / ${c.subtitle}` : ''}${(c.buttons ?? []).map((b) => ` [${b.title}]`).join('')}`).join(' | ')}${quick(m.quickReplies)}`
    case 'attachment':
      return `${m.attachmentType} ${m.url}${quick(m.quickReplies)}`
    case 'receipt':
      return `receipt ${m.receipt.orderNumber} ${m.receipt.totalMinor} ${m.receipt.currency}: ${m.receipt.elements.map((e) => `${e.quantity}x ${e.title}`).join(', ')}`
  }
}

function quick(replies: OutQuickReply[] | undefined): string {
  if (!replies?.length) return ''
  return ` {${replies.map((q) => (q.type === 'text' ? q.title : q.type)).join(' | ')}}`
}

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  return `${ms / 1000}s`
}

/** Event builders. */
export const say = (text: string): InboundEvent => ({ type: 'message', text })
export const tapQuick = (payload: string, text = payload): InboundEvent => ({
  type: 'message',
  text,
  quickReply: payload,
})
export const tap = (payload: string, title?: string): InboundEvent =>
  title === undefined ? { type: 'postback', payload } : { type: 'postback', payload, title }
export const getStarted = (): InboundEvent => ({ type: 'postback', payload: 'GET_STARTED' })
