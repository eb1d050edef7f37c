import { z } from 'zod'

/**
 * What an outbox row asks the relay to do, in order with the person's other messages: a Send
 * API request (without token, messaging_type or tag: those are decided when it goes out, from
 * the 24-hour window at that moment), or a hand-over of the thread.
 */
export const outboxBodySchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('message'),
    request: z.record(z.string(), z.unknown()),
    /** Typing indicators: dropped, not blocked, outside the window. */
    senderAction: z.boolean().optional(),
    /** A Private Reply to a comment: allowed for 7 days after the comment. */
    privateReply: z.boolean().optional(),
  }),
  z.object({ op: z.literal('pass_thread_control') }),
  z.object({ op: z.literal('take_thread_control') }),
])
export type OutboxBody = z.infer<typeof outboxBodySchema>
