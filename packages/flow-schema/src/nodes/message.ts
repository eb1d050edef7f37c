import { z } from 'zod'
import { LIMITS, countChars } from '../limits'
import { idSchema, text, urlSchema } from '../primitives'
import { buttonsSchema, messageTagSchema, quickReplySchema } from './shared'
import { defineNode } from './defineNode'

export const attachmentSchema = z.strictObject({
  type: z.enum(['image', 'video', 'audio', 'file']),
  url: urlSchema,
})

export const cardSchema = z.strictObject({
  id: idSchema,
  title: text(LIMITS.cardTitleChars, 'a card title'),
  subtitle: text(LIMITS.cardSubtitleChars, 'a card subtitle').optional(),
  imageUrl: urlSchema.optional(),
  /** Opened when the card itself is tapped. */
  url: urlSchema.optional(),
  buttons: buttonsSchema.optional(),
})
export type Card = z.infer<typeof cardSchema>

export const messageDataSchema = z
  .strictObject({
    text: text(LIMITS.textChars, 'a message').optional(),
    attachments: z.array(attachmentSchema).max(10, 'at most 10 attachments').optional(),
    buttons: buttonsSchema.optional(),
    quickReplies: z
      .array(quickReplySchema)
      .max(LIMITS.quickReplies, `a message can have at most ${LIMITS.quickReplies} quick replies`)
      .optional(),
    cards: z
      .array(cardSchema)
      .max(LIMITS.cards, `a carousel can have at most ${LIMITS.cards} cards`)
      .optional(),
    tag: messageTagSchema.optional(),
    typingMs: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.typingMs, 'typing shows for at most 20 seconds')
      .optional(),
  })
  .superRefine((d, ctx) => {
    if (!d.text && !d.attachments?.length && !d.cards?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'a message needs text, an attachment or cards',
      })
    if (d.buttons?.length && !d.text)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message with buttons needs text' })
    if (d.buttons?.length && d.text && countChars(d.text) > LIMITS.buttonTextChars)
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `a message with buttons can be at most ${LIMITS.buttonTextChars} characters`,
      })
    for (const [i, card] of (d.cards ?? []).entries())
      if (!card.subtitle && !card.imageUrl && !card.buttons?.length)
        ctx.addIssue({
          code: 'custom',
          path: ['cards', i],
          message: 'a card needs a subtitle, an image or a button besides its title',
        })
    uniqueIds(ctx, [
      ...(d.buttons ?? []).map((b, i) => ({ id: b.id, path: ['buttons', i, 'id'] })),
      ...(d.quickReplies ?? []).map((q, i) => ({ id: q.id, path: ['quickReplies', i, 'id'] })),
      ...(d.cards ?? []).flatMap((c, ci) =>
        (c.buttons ?? []).map((b, i) => ({ id: b.id, path: ['cards', ci, 'buttons', i, 'id'] })),
      ),
    ])
  })
export type MessageData = z.infer<typeof messageDataSchema>

export const messageNodeSchema = defineNode('message', messageDataSchema)
export type MessageNode = z.infer<typeof messageNodeSchema>

/** Choice ids of a message: postback buttons, quick replies and postback card buttons. */
export function messageChoiceIds(d: MessageData): string[] {
  return [
    ...(d.buttons ?? []).filter((b) => b.type === 'postback').map((b) => b.id),
    ...(d.cards ?? []).flatMap((c) =>
      (c.buttons ?? []).filter((b) => b.type === 'postback').map((b) => b.id),
    ),
    ...(d.quickReplies ?? []).map((q) => q.id),
  ]
}

export function messageOutputs(d: MessageData): string[] {
  const choices = messageChoiceIds(d)
  return choices.length ? [...choices, 'fallback'] : ['next']
}

function uniqueIds(ctx: z.RefinementCtx, items: { id: string; path: (string | number)[] }[]) {
  const seen = new Set<string>()
  for (const { id, path } of items) {
    if (id === 'next' || id === 'fallback')
      ctx.addIssue({ code: 'custom', path, message: `"${id}" is reserved; choose another id` })
    if (seen.has(id))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `the id "${id}" is used twice in this message`,
      })
    seen.add(id)
  }
}
