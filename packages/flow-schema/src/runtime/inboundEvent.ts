import { z } from 'zod'
import { slotDaySchema } from './slotDay'

export const referralSchema = z.object({
  ref: z.string().optional(),
  /** SHORTLINK (m.me), ADS, CUSTOMER_CHAT_PLUGIN, ... */
  source: z.string(),
  adId: z.string().optional(),
})
export type Referral = z.infer<typeof referralSchema>

/** The Get Started button's payload, set by the runtime in the Messenger Profile. */
export const GET_STARTED_PAYLOAD = 'GET_STARTED'

/**
 * Everything that can move a conversation: what the person did (translated from Messenger by
 * the adapter), timers coming due, and the results of actions the engine asked for.
 */
export const inboundEventSchema = z.discriminatedUnion('type', [
  /** Text, a quick-reply tap (`quickReply` holds its payload) or attachments. */
  z.object({
    type: z.literal('message'),
    mid: z.string().optional(),
    text: z.string().optional(),
    quickReply: z.string().optional(),
    attachments: z.array(z.object({ type: z.string(), url: z.string().optional() })).optional(),
  }),
  /** A postback button, Get Started, a persistent-menu item or an ice breaker. */
  z.object({
    type: z.literal('postback'),
    mid: z.string().optional(),
    payload: z.string(),
    title: z.string().optional(),
    /** Present on the first postback after an m.me link or ad opened a new thread. */
    referral: referralSchema.optional(),
  }),
  /** An m.me link or ad opened an existing thread. */
  z.object({ type: z.literal('referral'), referral: referralSchema }),
  /** A comment on one of the Page's posts. */
  z.object({
    type: z.literal('comment'),
    commentId: z.string(),
    postId: z.string(),
    text: z.string().optional(),
  }),
  /** Starts the flow explicitly: at a node (the simulator's "start here"), else at its first trigger. */
  z.object({
    type: z.literal('start'),
    nodeId: z.string().optional(),
    /** For the runtime: which flow to start (a jump across flows). The engine ignores it. */
    flowId: z.string().optional(),
  }),
  /** A timer the engine scheduled came due. */
  z.object({
    type: z.literal('timer'),
    timerId: z.string(),
  }),
  z.object({
    type: z.literal('http_result'),
    requestId: z.string(),
    ok: z.boolean(),
    status: z.number().optional(),
    body: z.unknown().optional(),
    error: z.string().optional(),
  }),
  /** Free slots per day, in answer to `find_slots`. Days are `YYYY-MM-DD` in the calendar's zone. */
  z.object({
    type: z.literal('slots_found'),
    requestId: z.string(),
    timezone: z.string(),
    days: z.array(slotDaySchema),
  }),
  /** Answer to `hold_slot`: `ok: false` when someone else took the last place first. */
  z.object({
    type: z.literal('slot_held'),
    requestId: z.string(),
    ok: z.boolean(),
    holdId: z.string().optional(),
  }),
  /** Answer to `confirm_booking`. */
  z.object({
    type: z.literal('booking_confirmed'),
    requestId: z.string(),
    ok: z.boolean(),
    bookingId: z.string().optional(),
    icsUrl: z.string().optional(),
    /**
     * Reminder timers the runtime scheduled with the booking, in the same write (so they exist
     * exactly when the booking does). Without them the engine schedules its own.
     */
    reminders: z
      .array(z.object({ timerId: z.string(), fireAt: z.number(), reminder: z.number().int() }))
      .optional(),
  }),
  /** Answer to `create_checkout`: payment pages per provider. */
  z.object({
    type: z.literal('checkout_created'),
    requestId: z.string(),
    ok: z.boolean(),
    orderId: z.string().optional(),
    urls: z.object({ stripe: z.string().optional(), paypal: z.string().optional() }).optional(),
  }),
  /** A verified payment-provider webhook about an order. */
  z.object({
    type: z.literal('payment'),
    orderId: z.string(),
    /** `expired`: the provider's page expired unpaid (the checkout leaves through abandoned). */
    status: z.enum(['paid', 'failed', 'expired']),
    paymentMethod: z.string().optional(),
    customerName: z.string().optional(),
    address: z
      .object({
        street1: z.string(),
        street2: z.string().optional(),
        city: z.string(),
        postalCode: z.string(),
        state: z.string().optional(),
        country: z.string(),
      })
      .optional(),
  }),
  /** A person in the inbox wrote to the contact during a hand-off. */
  z.object({ type: z.literal('agent_message') }),
  /** The inbox gave the conversation back to the bot. */
  z.object({ type: z.literal('handoff_ended') }),
])
export type InboundEvent = z.infer<typeof inboundEventSchema>
export type InboundEventOf<T extends InboundEvent['type']> = Extract<InboundEvent, { type: T }>
