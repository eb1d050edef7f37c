import { z } from 'zod'
import { LIMITS } from '../limits'
import { text, urlSchema, idSchema } from '../primitives'
import { phraseOverridesSchema } from '../phrases'

export { phraseOverridesSchema }

export const QUESTION_INPUTS = ['text', 'email', 'phone', 'number', 'date', 'choice'] as const
export const questionInputSchema = z.enum(QUESTION_INPUTS)
export type QuestionInput = z.infer<typeof questionInputSchema>

export const validationSchema = z.strictObject({
  /** number: smallest value; text: fewest characters; date: earliest YYYY-MM-DD. */
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  /** A regular expression the whole answer must match (text input). */
  pattern: z.string().max(500).refine(isRegExp, 'not a valid regular expression').optional(),
})

export const choicesSchema = z
  .array(text(LIMITS.quickReplyTitleChars, 'a choice'))
  .min(1, 'a choice question needs at least one choice')
  .max(
    LIMITS.quickReplies,
    `at most ${LIMITS.quickReplies} choices (Messenger shows 13 quick replies)`,
  )

export const buttonSchema = z
  .strictObject({
    id: idSchema,
    type: z.enum(['postback', 'url', 'call']),
    title: text(LIMITS.buttonTitleChars, 'a button title'),
    url: urlSchema.optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'a phone number is written +<country><number>, e.g. +34600111222')
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (b.type === 'url' && !b.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'a link button needs an address' })
    if (b.type === 'call' && !b.phone)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'a call button needs a phone number',
      })
  })
export type Button = z.infer<typeof buttonSchema>

export const buttonsSchema = z
  .array(buttonSchema)
  .max(LIMITS.buttons, `a message can have at most ${LIMITS.buttons} buttons`)

export const quickReplySchema = z
  .strictObject({
    id: idSchema,
    /** Absent for an ordinary quick reply; Messenger fills in the person's email or phone. */
    type: z.enum(['user_email', 'user_phone_number']).optional(),
    title: text(LIMITS.quickReplyTitleChars, 'a quick reply title').optional(),
    imageUrl: urlSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.type && !q.title)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'a quick reply needs a title' })
    if (q.type && q.title)
      ctx.addIssue({
        code: 'custom',
        path: ['title'],
        message: 'an email or phone quick reply takes its title from Messenger',
      })
  })
export type QuickReply = z.infer<typeof quickReplySchema>

export const messageTagSchema = z.enum([
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'ACCOUNT_UPDATE',
])
export type MessageTag = z.infer<typeof messageTagSchema>

export const reminderSchema = z.strictObject({
  afterMinutes: z.number().int().min(1, 'a reminder waits at least one minute'),
  text: text(LIMITS.textChars, 'a reminder'),
})

/** Patterns run with the `u` flag (so emoji count as one character); check them the same way. */
export function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u')
    return true
  } catch {
    return false
  }
}
