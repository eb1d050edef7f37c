import { z } from 'zod'

export const outQuickReplySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    title: z.string(),
    payload: z.string(),
    imageUrl: z.string().optional(),
  }),
  z.object({ type: z.literal('user_email') }),
  z.object({ type: z.literal('user_phone_number') }),
])
export type OutQuickReply = z.infer<typeof outQuickReplySchema>

export const outButtonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('postback'), title: z.string(), payload: z.string() }),
  z.object({ type: z.literal('url'), title: z.string(), url: z.string() }),
  z.object({ type: z.literal('call'), title: z.string(), phone: z.string() }),
])
export type OutButton = z.infer<typeof outButtonSchema>

export const outCardSchema = z.object({
  title: z.string(),
  subtitle: z.string().optional(),
  imageUrl: z.string().optional(),
  url: z.string().optional(),
  buttons: z.array(outButtonSchema).optional(),
})
export type OutCard = z.infer<typeof outCardSchema>

export const receiptSchema = z.object({
  recipientName: z.string(),
  orderNumber: z.string(),
  currency: z.string(),
  paymentMethod: z.string(),
  timestamp: z.number().optional(),
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
  /** Minor units, like the products they come from. */
  subtotalMinor: z.number().int(),
  totalMinor: z.number().int(),
  elements: z.array(
    z.object({
      title: z.string(),
      subtitle: z.string().optional(),
      quantity: z.number().int(),
      priceMinor: z.number().int(),
      imageUrl: z.string().optional(),
    }),
  ),
})
export type Receipt = z.infer<typeof receiptSchema>

/** A message as the engine means it; packages/messenger turns it into a Send API body. */
export const outboundMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    quickReplies: z.array(outQuickReplySchema).optional(),
  }),
  z.object({
    kind: z.literal('buttons'),
    text: z.string(),
    buttons: z.array(outButtonSchema),
    quickReplies: z.array(outQuickReplySchema).optional(),
  }),
  z.object({
    kind: z.literal('cards'),
    cards: z.array(outCardSchema),
    quickReplies: z.array(outQuickReplySchema).optional(),
  }),
  z.object({
    kind: z.literal('attachment'),
    attachmentType: z.enum(['image', 'video', 'audio', 'file']),
    url: z.string(),
    quickReplies: z.array(outQuickReplySchema).optional(),
  }),
  z.object({ kind: z.literal('receipt'), receipt: receiptSchema }),
])
export type OutboundMessage = z.infer<typeof outboundMessageSchema>
