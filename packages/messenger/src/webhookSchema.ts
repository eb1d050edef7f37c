import { z } from 'zod'

/**
 * Zod shapes of what Meta POSTs to the webhook (reference §1.3, §2). Tolerant on purpose:
 * unknown fields pass through, ids may come as numbers (`app_id`) and numbers as strings (the
 * newer per-field format sends "all JSON properties as strings", §1.3).
 */

/** Ids are strings; a few (`app_id`, `requested_owner_app_id`) arrive as JSON numbers. */
export const idLike = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
])

/** A number, or a string holding one. */
export const numLike = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
])

const boolLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])

export const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.unknown()),
})

export const entrySchema = z.looseObject({
  id: idLike,
  time: numLike.optional(),
})

const partySchema = z.looseObject({
  id: idLike.optional(),
  user_ref: z.string().optional(),
})

const referralSchema = z.looseObject({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: idLike.optional(),
})
export type RawReferral = z.infer<typeof referralSchema>

const attachmentSchema = z.looseObject({
  type: z.string(),
  payload: z.looseObject({ url: z.string().optional() }).nullish(),
})

const messageSchema = z.looseObject({
  mid: z.string().optional(),
  text: z.string().optional(),
  is_echo: boolLike.optional(),
  app_id: idLike.nullish(),
  metadata: z.string().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  attachments: z.array(attachmentSchema).optional(),
})

const ownerId = idLike.nullish()

export const messagingEventSchema = z.looseObject({
  sender: partySchema.optional(),
  recipient: partySchema.optional(),
  timestamp: numLike.optional(),
  message: messageSchema.optional(),
  postback: z
    .looseObject({
      mid: z.string().optional(),
      title: z.string().optional(),
      payload: z.string().optional(),
      referral: referralSchema.optional(),
    })
    .optional(),
  referral: referralSchema.optional(),
  optin: z
    .looseObject({
      ref: z.string().optional(),
      user_ref: z.string().optional(),
      type: z.string().optional(),
      payload: z.string().optional(),
      notification_messages_token: z.string().optional(),
      notification_messages_status: z.string().optional(),
    })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).nullish(), watermark: numLike }).optional(),
  read: z.looseObject({ watermark: numLike }).optional(),
  reaction: z
    .looseObject({
      mid: z.string(),
      action: z.enum(['react', 'unreact']),
      emoji: z.string().optional(),
      reaction: z.string().optional(),
    })
    .optional(),
  pass_thread_control: z
    .looseObject({
      new_owner_app_id: ownerId,
      previous_owner_app_id: ownerId,
      metadata: z.string().nullish(),
    })
    .optional(),
  take_thread_control: z
    .looseObject({
      new_owner_app_id: ownerId,
      previous_owner_app_id: ownerId,
      metadata: z.string().nullish(),
    })
    .optional(),
  request_thread_control: z
    .looseObject({ requested_owner_app_id: ownerId, metadata: z.string().nullish() })
    .optional(),
})
export type MessagingEvent = z.infer<typeof messagingEventSchema>

export const changeSchema = z.looseObject({ field: z.string(), value: z.unknown() })

export const feedValueSchema = z.looseObject({
  item: z.string(),
  verb: z.string(),
  comment_id: z.string().optional(),
  post_id: z.string().optional(),
  parent_id: z.string().optional(),
  from: z.looseObject({ id: idLike, name: z.string().optional() }).optional(),
  message: z.string().optional(),
  /** Unix seconds as a number; tolerated as a numeric or ISO string too. */
  created_time: z.union([z.number(), z.string()]).optional(),
})
