import { z } from 'zod'
import { messageTagSchema } from '../nodes/shared'
import { outboundMessageSchema } from './outboundMessage'
import { valueSchema } from './value'

const lineItemSchema = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitMinor: z.number().int(),
  imageUrl: z.string().optional(),
})
export type LineItem = z.infer<typeof lineItemSchema>

export const ANALYTICS_EVENTS = [
  'conversation_started',
  'node_entered',
  'output_taken',
  'node_left',
  'split_assigned',
  'conversation_ended',
] as const

/**
 * What a step asks the world to do. Request ids are unique within a conversation; the runtime
 * namespaces them with the conversation's key. Results come back as inbound events carrying
 * the same `requestId`.
 */
export const outboundActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('send'),
    nodeId: z.string().optional(),
    message: outboundMessageSchema,
    /** The tag to use if the 24-hour window has closed; the runtime decides messaging_type. */
    tag: messageTagSchema.optional(),
    /** Send as a Private Reply to this comment (the only way to answer a comment). */
    privateReplyTo: z.string().optional(),
  }),
  /** Show the typing indicator for this long before the next send. */
  z.object({ type: z.literal('typing'), durationMs: z.number().int() }),
  z.object({ type: z.literal('schedule_timer'), timerId: z.string(), fireAt: z.number() }),
  z.object({ type: z.literal('cancel_timer'), timerId: z.string() }),
  z.object({
    type: z.literal('http_request'),
    requestId: z.string(),
    nodeId: z.string(),
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().optional(),
    timeoutMs: z.number().int(),
  }),
  /** Contact-scope variables and tags changed. */
  z.object({
    type: z.literal('update_contact'),
    fields: z.record(z.string(), valueSchema).optional(),
    addTags: z.array(z.string()).optional(),
    removeTags: z.array(z.string()).optional(),
  }),
  /** Pass the thread to the Page inbox (handover protocol). */
  z.object({ type: z.literal('handoff'), nodeId: z.string() }),
  /** Take the thread back from the inbox. */
  z.object({ type: z.literal('take_control') }),
  /** Continue in another flow (a jump across flows). */
  z.object({ type: z.literal('start_flow'), flowId: z.string(), nodeId: z.string().optional() }),
  /** Store or update a lead; `leadKey` is stable for one run of one form. */
  z.object({
    type: z.literal('save_lead'),
    leadKey: z.string(),
    nodeId: z.string(),
    status: z.enum(['in_progress', 'completed', 'abandoned', 'declined']),
    answers: z.record(z.string(), valueSchema),
    consent: z.boolean().optional(),
    webhookUrl: z.string().optional(),
  }),
  z.object({
    type: z.literal('find_slots'),
    requestId: z.string(),
    nodeId: z.string(),
    calendarId: z.string(),
    durationMinutes: z.number().int(),
    daysAhead: z.number().int(),
  }),
  z.object({
    type: z.literal('hold_slot'),
    requestId: z.string(),
    nodeId: z.string(),
    calendarId: z.string(),
    start: z.string(),
    durationMinutes: z.number().int(),
  }),
  z.object({ type: z.literal('release_hold'), holdId: z.string() }),
  z.object({
    type: z.literal('confirm_booking'),
    requestId: z.string(),
    nodeId: z.string(),
    holdId: z.string(),
    service: z.string(),
    /** Rescheduling: the booking this one replaces, cancelled in the same write. */
    replaces: z.string().optional(),
  }),
  z.object({ type: z.literal('cancel_booking'), bookingId: z.string() }),
  z.object({
    type: z.literal('create_checkout'),
    requestId: z.string(),
    nodeId: z.string(),
    items: z.array(lineItemSchema),
    currency: z.string(),
    totalMinor: z.number().int(),
    provider: z.enum(['stripe', 'paypal', 'choice']),
    collect: z.object({ shippingAddress: z.boolean(), email: z.boolean(), phone: z.boolean() }),
    expiresMinutes: z.number().int(),
  }),
  z.object({ type: z.literal('expire_checkout'), orderId: z.string() }),
  z.object({
    type: z.literal('analytics'),
    event: z.enum(ANALYTICS_EVENTS),
    nodeId: z.string().optional(),
    output: z.string().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  /** Something stopped the conversation; it is recorded, never thrown. */
  z.object({
    type: z.literal('error'),
    code: z.enum(['step_budget_exceeded', 'missing_node', 'invalid_state']),
    message: z.string(),
    nodeId: z.string().optional(),
  }),
])
export type OutboundAction = z.infer<typeof outboundActionSchema>
export type OutboundActionOf<T extends OutboundAction['type']> = Extract<
  OutboundAction,
  { type: T }
>
