import { z } from 'zod'

/** A referral as Meta sends it (m.me `ref`, ads, QR codes); source and type have defaults. */
export const referralSchema = z.strictObject({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: z.string().optional(),
  ads_context_data: z.record(z.string(), z.unknown()).optional(),
})
export type Referral = z.infer<typeof referralSchema>

/**
 * What a person does in Messenger, as one webhook event: a message (text, a quick-reply tap,
 * attachments), a postback (button, Get Started, menu), a referral into an open thread, or a
 * comment on a Page post.
 */
export const personActionSchema = z
  .strictObject({
    text: z.string().optional(),
    /** A quick-reply tap; the text defaults to the title of the quick reply last sent. */
    quickReplyPayload: z.string().optional(),
    attachments: z
      .array(
        z.strictObject({
          type: z.string().min(1),
          payload: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
    /** The title defaults to that of the button last sent with this payload. */
    postback: z
      .strictObject({
        payload: z.string(),
        title: z.string().optional(),
        referral: referralSchema.optional(),
      })
      .optional(),
    referral: referralSchema.optional(),
    comment: z
      .strictObject({
        postId: z.string().min(1),
        commentId: z.string().min(1).optional(),
        parentId: z.string().min(1).optional(),
        text: z.string(),
      })
      .optional(),
  })
  .superRefine((action, ctx) => {
    const isMessage =
      action.text !== undefined ||
      action.quickReplyPayload !== undefined ||
      action.attachments !== undefined
    const kinds = [isMessage, action.postback, action.referral, action.comment].filter(Boolean)
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          'say exactly one thing: text/quickReplyPayload/attachments, postback, referral or comment',
      })
    }
  })
export type PersonAction = z.input<typeof personActionSchema>
