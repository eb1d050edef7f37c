import { z } from 'zod'
import { slotDaySchema } from './slotDay'
import { valueSchema } from './value'

const answersSchema = z.record(z.string(), valueSchema)

/** What the conversation is waiting for at its current node. */
export const waitSchema = z.discriminatedUnion('kind', [
  /** A message with choices: a tap or a free-text answer. */
  z.object({ kind: z.literal('choice'), nodeId: z.string() }),
  z.object({ kind: z.literal('question'), nodeId: z.string(), retries: z.number().int() }),
  z.object({ kind: z.literal('delay'), nodeId: z.string(), timerId: z.string() }),
  /** After a comment's private reply, Messenger allows nothing more until the person answers. */
  z.object({ kind: z.literal('comment_reply'), nodeId: z.string() }),
  z.object({ kind: z.literal('http'), nodeId: z.string(), requestId: z.string() }),
  z.object({ kind: z.literal('handoff'), nodeId: z.string(), timerId: z.string().optional() }),
  z.object({
    kind: z.literal('lead_form'),
    nodeId: z.string(),
    leadKey: z.string(),
    /** -1 while the consent question is open. */
    field: z.number().int(),
    retries: z.number().int(),
    answers: answersSchema,
    consent: z.boolean().optional(),
    timerId: z.string().optional(),
    reminded: z.boolean(),
  }),
  z.object({
    kind: z.literal('booking'),
    nodeId: z.string(),
    stage: z.enum(['finding', 'pick_day', 'pick_time', 'holding', 'confirm', 'confirming']),
    requestId: z.string().optional(),
    timezone: z.string().optional(),
    days: z.array(slotDaySchema).optional(),
    day: z.string().optional(),
    page: z.number().int().optional(),
    start: z.string().optional(),
    holdId: z.string().optional(),
    misses: z.number().int(),
    /** When rescheduling: the booking this one replaces once it is booked. */
    replaces: z.string().optional(),
  }),
  z.object({ kind: z.literal('catalog'), nodeId: z.string() }),
  z.object({
    kind: z.literal('checkout'),
    nodeId: z.string(),
    stage: z.enum(['creating', 'pending']),
    requestId: z.string(),
    orderId: z.string().optional(),
    totalMinor: z.number().int(),
    reminderTimerId: z.string().optional(),
    expiryTimerId: z.string().optional(),
  }),
])
export type Wait = z.infer<typeof waitSchema>
export type WaitOf<K extends Wait['kind']> = Extract<Wait, { kind: K }>

/** Timers the engine scheduled; a timer event not listed here is stale and ignored. */
export const timerSchema = z.discriminatedUnion('purpose', [
  /** Belongs to the current wait (delay, reminders, expiries, hand-off resume). */
  z.object({ purpose: z.literal('wait'), nodeId: z.string() }),
  z.object({
    purpose: z.literal('booking_reminder'),
    nodeId: z.string(),
    bookingId: z.string(),
    reminder: z.number().int(),
  }),
])
export type Timer = z.infer<typeof timerSchema>

export const contactSchema = z.object({
  psid: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  tags: z.array(z.string()),
  /** Contact-scope variables: kept across flows; the CRM fields. */
  fields: z.record(z.string(), valueSchema),
})
export type Contact = z.infer<typeof contactSchema>

export const conversationStateSchema = z.object({
  flowId: z.string(),
  status: z.enum(['idle', 'waiting', 'handoff', 'ended']),
  wait: waitSchema.optional(),
  /** Conversation-scope variables and the built-ins nodes set (`booking.*`, `order.*`). */
  vars: z.record(z.string(), valueSchema),
  contact: contactSchema,
  timers: z.record(z.string(), timerSchema),
  /** Bookings this conversation made that are still on. */
  bookings: z.record(
    z.string(),
    z.object({ nodeId: z.string(), start: z.string(), timerIds: z.array(z.string()) }),
  ),
  /** A lead form that timed out; the person's next message resumes it. */
  resumable: waitSchema.optional(),
  /** Source of the run: ref, ad, comment, keyword... (stored with leads). */
  source: z.record(z.string(), z.string()).optional(),
  /** Counter behind request, timer and lead ids; unique within the conversation. */
  seq: z.number().int(),
})
export type ConversationState = z.infer<typeof conversationStateSchema>
