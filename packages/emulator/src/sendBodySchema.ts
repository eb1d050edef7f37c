import { z } from 'zod'
import { payloadField, textField, urlField } from './fields'
import { templatePayloadSchema } from './templateSchema'

/** The tags Meta still accepts since the 2020 policy change (send-messages/message-tags). */
export const MESSAGE_TAGS = [
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'ACCOUNT_UPDATE',
  'HUMAN_AGENT',
  'CUSTOMER_FEEDBACK',
] as const

export const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'] as const

export const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen'] as const

// Graph ids are numeric strings; clients may send them as JSON numbers, which Meta accepts.
const idField = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().min(1),
)

/** A PSID, or a comment for a Private Reply. Meta has more kinds; Charla uses these two. */
const recipientSchema = z.strictObject({
  id: idField.optional(),
  comment_id: idField.optional(),
})

/** Up to 13 quick replies; text ones need a title (20) and a payload (1000). */
const quickReplySchema = z
  .strictObject({
    content_type: z.enum(['text', 'user_email', 'user_phone_number']),
    title: textField(20).optional(),
    payload: payloadField.optional(),
    image_url: urlField({ httpsOnly: false }).optional(),
  })
  .superRefine((reply, ctx) => {
    if (reply.content_type !== 'text') return
    for (const field of ['title', 'payload'] as const) {
      if (reply[field] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'The parameter {param} is required for a text quick reply',
        })
      }
    }
  })

/** Media by URL (Meta downloads it) or by an id from the Attachment Upload API. */
const mediaPayloadSchema = z
  .strictObject({
    url: urlField({ httpsOnly: false }).optional(),
    attachment_id: idField.optional(),
    is_reusable: z.boolean().optional(),
  })
  .superRefine((payload, ctx) => {
    if ((payload.url === undefined) === (payload.attachment_id === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'param {param} must have exactly one of url or attachment_id',
      })
    }
  })

const mediaAttachment = (type: 'image' | 'video' | 'audio' | 'file') =>
  z.strictObject({ type: z.literal(type), payload: mediaPayloadSchema })

const attachmentSchema = z.discriminatedUnion('type', [
  mediaAttachment('image'),
  mediaAttachment('video'),
  mediaAttachment('audio'),
  mediaAttachment('file'),
  z.strictObject({ type: z.literal('template'), payload: templatePayloadSchema }),
])

/** `message` needs text or an attachment, never both (Send API reference). */
const messageSchema = z
  .strictObject({
    text: textField(2000).optional(),
    attachment: attachmentSchema.optional(),
    quick_replies: z.array(quickReplySchema).max(13).optional(),
    metadata: payloadField.optional(),
  })
  .superRefine((message, ctx) => {
    if ((message.text === undefined) === (message.attachment === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'param {param} must have exactly one of text or attachment',
      })
    }
  })

export const sendBodySchema = z
  .strictObject({
    recipient: recipientSchema,
    messaging_type: z.enum(MESSAGING_TYPES).optional(),
    tag: z.enum(MESSAGE_TAGS).optional(),
    message: messageSchema.optional(),
    sender_action: z.enum(SENDER_ACTIONS).optional(),
    notification_type: z.enum(['REGULAR', 'SILENT_PUSH', 'NO_PUSH']).optional(),
    persona_id: idField.optional(),
    reply_to: z.strictObject({ mid: z.string().min(1) }).optional(),
    // Conversation Routing: hand the thread on with the message itself.
    thread_control: z
      .strictObject({ control_type: z.enum(['pass', 'release']), app_id: idField.optional() })
      .optional(),
  })
  .superRefine((body, ctx) => {
    const issue = (message: string, path: string[] = []) =>
      ctx.addIssue({ code: 'custom', path, message })
    if ((body.recipient.id === undefined) === (body.recipient.comment_id === undefined)) {
      issue('param {param} must have exactly one of id or comment_id', ['recipient'])
    }
    // A request is a message or a sender action, never both (send-messages/sender-actions).
    if ((body.message === undefined) === (body.sender_action === undefined)) {
      issue(
        body.message === undefined
          ? 'Must send either message or sender_action'
          : 'Only one of message or sender_action can be specified',
      )
      return
    }
    if (body.message === undefined) return
    // Since 2018 every message says why it is sent; a tag only makes sense with MESSAGE_TAG.
    if (body.messaging_type === undefined) {
      issue('The parameter {param} is required', ['messaging_type'])
    } else if (body.messaging_type === 'MESSAGE_TAG' && body.tag === undefined) {
      issue('The parameter {param} is required when messaging_type is MESSAGE_TAG', ['tag'])
    }
    if (body.tag !== undefined && body.messaging_type !== 'MESSAGE_TAG') {
      issue('param {param} is only allowed when messaging_type is MESSAGE_TAG', ['tag'])
    }
  })

/** A Send API body the emulator accepted, with ids as strings. */
export type SendBody = z.infer<typeof sendBodySchema>
export type SendMessageBody = NonNullable<SendBody['message']>
