import type { Flow, InboundEvent, OutboundActionOf } from '@charla/flow-schema'
import type { Page, Storage } from '@charla/storage'
import type { Logger } from '../pipeline/PipelineDeps'

/** The engine's actions that touch the business: leads, bookings, orders. */
export const BUSINESS_ACTIONS = [
  'save_lead',
  'find_slots',
  'hold_slot',
  'release_hold',
  'confirm_booking',
  'cancel_booking',
  'create_checkout',
  'expire_checkout',
] as const

export type BusinessActionType = (typeof BUSINESS_ACTIONS)[number]
export type BusinessAction = OutboundActionOf<BusinessActionType>

export function isBusinessAction(action: { type: string }): action is BusinessAction {
  return (BUSINESS_ACTIONS as readonly string[]).includes(action.type)
}

/** Where a business action happens: the step that emitted it. */
export interface BusinessContext {
  page: Page
  psid: string
  flowVersionId: string
  /** The flow of that version: its resources (calendars, products) and nodes. */
  flow: Flow
  /** The step's clock (the injectable clock of the pipeline). */
  now: number
  /** The inbox item being processed: with the action's own ids, makes dedupe keys stable. */
  inboxItemId: number
  /** Where the run came from (the trigger's ref, ad, comment, keyword): leads store it. */
  source?: Record<string, string>
  log: Logger
}

/**
 * Carries out one business action inside the step's own transaction (`tx`): whatever it writes
 * (a lead, a hold, a booking, an order, durable jobs) commits or rolls back with the
 * conversation's state, so a crash never leaves one without the other. Results the engine waits
 * for (`slots_found`, `slot_held`, …) are returned as events: they go into the inbox in the
 * same transaction and reach the conversation in order. Work that needs the network (a CRM
 * push, a payment provider) is written as a durable job here and done later, never inside.
 */
export type BusinessHandler<T extends BusinessActionType> = (
  tx: Storage,
  action: OutboundActionOf<T>,
  ctx: BusinessContext,
) => Promise<InboundEvent[]>

/** One handler per business action: a new action fails to compile until it has one. */
export type BusinessHandlers = { [T in BusinessActionType]: BusinessHandler<T> }

export async function runBusinessAction(
  handlers: BusinessHandlers,
  tx: Storage,
  action: BusinessAction,
  ctx: BusinessContext,
): Promise<InboundEvent[]> {
  // The mapped type pairs each action with its handler; TypeScript cannot follow the pairing
  // through a union, so it is restated once here.
  const handler = handlers[action.type] as BusinessHandler<typeof action.type>
  return handler(tx, action as never, ctx)
}
