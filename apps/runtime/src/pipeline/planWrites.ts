import type { OutboundAction, OutboundActionOf } from '@charla/flow-schema'
import { toSendRequests } from '@charla/messenger'
import type { AnalyticsEvent, Job, OutboxItem } from '@charla/storage'
import type { BusinessAction } from '../business/BusinessHandlers'
import type { OutboxBody } from './OutboxBody'

/** Prefix of the Send API `metadata` on everything Charla sends. */
export const OWN_METADATA = 'charla'

export interface WritePlan {
  pageId: string
  psid: string
  outbox: Omit<OutboxItem, 'id' | 'status' | 'attempts' | 'messageId' | 'error' | 'sentAt'>[]
  schedule: Omit<Job, 'id' | 'status'>[]
  cancel: string[]
  analytics: AnalyticsEvent[]
  /** Run after the commit; their results come back through the inbox. */
  http: OutboundActionOf<'http_request'>[]
  startFlow?: OutboundActionOf<'start_flow'>
  /** Leads, bookings, orders: carried out in the step's transaction (see BusinessHandlers). */
  business: BusinessAction[]
  errors: OutboundActionOf<'error'>[]
}

export interface PlanContext {
  pageId: string
  psid: string
  flowVersionId: string
  now: number
}

/**
 * Turns a step's actions into the rows one transaction writes: outbox messages in order,
 * timers as jobs, analytics. Pure: the worker commits the plan, then runs what needs the network.
 */
export function planWrites(actions: readonly OutboundAction[], ctx: PlanContext): WritePlan {
  const plan: WritePlan = {
    pageId: ctx.pageId,
    psid: ctx.psid,
    outbox: [],
    schedule: [],
    cancel: [],
    analytics: [],
    http: [],
    business: [],
    errors: [],
  }
  const outbox = (body: OutboxBody, tag?: string) =>
    plan.outbox.push({
      pageId: ctx.pageId,
      psid: ctx.psid,
      body,
      ...(tag ? { tag } : {}),
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
    })
  const jobKey = (timerId: string) => `${ctx.pageId}:${ctx.psid}:${timerId}`
  for (const action of actions) {
    switch (action.type) {
      case 'send':
        // The metadata comes back in the echo: it tells our messages from a person's in the inbox.
        for (const request of toSendRequests(
          action,
          { psid: ctx.psid },
          { appendMetadata: `${OWN_METADATA}:${action.nodeId ?? ''}` },
        ))
          outbox(
            {
              op: 'message',
              request: { ...request },
              ...(action.privateReplyTo ? { privateReply: true } : {}),
            },
            action.tag,
          )
        break
      case 'typing':
        for (const request of toSendRequests(action, { psid: ctx.psid }))
          outbox({ op: 'message', request: { ...request }, senderAction: true })
        break
      case 'handoff':
        outbox({ op: 'pass_thread_control' })
        break
      case 'take_control':
        outbox({ op: 'take_thread_control' })
        break
      case 'schedule_timer':
        plan.schedule.push({
          key: jobKey(action.timerId),
          pageId: ctx.pageId,
          psid: ctx.psid,
          timerId: action.timerId,
          runAt: action.fireAt,
        })
        break
      case 'cancel_timer':
        plan.cancel.push(jobKey(action.timerId))
        break
      case 'analytics':
        plan.analytics.push({
          pageId: ctx.pageId,
          psid: ctx.psid,
          flowVersionId: ctx.flowVersionId,
          event: action.event,
          ...(action.nodeId ? { nodeId: action.nodeId } : {}),
          ...(action.output ? { output: action.output } : {}),
          ...(action.data ? { data: action.data } : {}),
          at: ctx.now,
        })
        break
      case 'http_request':
        plan.http.push(action)
        break
      case 'start_flow':
        plan.startFlow = action
        break
      case 'error':
        plan.errors.push(action)
        plan.analytics.push({
          pageId: ctx.pageId,
          psid: ctx.psid,
          flowVersionId: ctx.flowVersionId,
          event: 'error',
          ...(action.nodeId ? { nodeId: action.nodeId } : {}),
          data: { code: action.code, message: action.message },
          at: ctx.now,
        })
        break
      case 'update_contact':
        // The contact row is written from the new state in the same transaction.
        break
      case 'save_lead':
      case 'find_slots':
      case 'hold_slot':
      case 'release_hold':
      case 'confirm_booking':
      case 'cancel_booking':
      case 'create_checkout':
      case 'expire_checkout':
        plan.business.push(action)
        break
    }
  }
  return plan
}
