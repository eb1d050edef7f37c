import { z } from 'zod'
import { LIMITS } from '../limits'
import { idSchema, text, variableNameSchema } from '../primitives'
import { phraseOverridesSchema, reminderSchema } from './shared'
import { defineNode } from './defineNode'

export const checkoutDataSchema = z
  .strictObject({
    items: z
      .array(z.strictObject({ productId: idSchema, quantity: z.number().int().min(1).max(1000) }))
      .max(100)
      .optional(),
    cartVariable: variableNameSchema.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is an ISO 4217 code such as "EUR"'),
    collect: z.strictObject({
      shippingAddress: z.boolean(),
      email: z.boolean(),
      phone: z.boolean(),
    }),
    provider: z.enum(['stripe', 'paypal', 'choice']),
    buttonText: text(LIMITS.buttonTitleChars, 'a button text'),
    text: text(LIMITS.buttonTextChars, 'a checkout message').optional(),
    expiresMinutes: z
      .number()
      .int()
      .min(30, 'a checkout stays open at least 30 minutes')
      .max(24 * 60),
    reminder: reminderSchema.optional(),
    receipt: z.boolean(),
    phrases: phraseOverridesSchema.optional(),
  })
  .superRefine((d, ctx) => {
    const hasItems = (d.items?.length ?? 0) > 0
    if (hasItems === !!d.cartVariable)
      ctx.addIssue({
        code: 'custom',
        path: ['items'],
        message: 'a checkout takes either fixed items or a cart variable',
      })
  })
export type CheckoutData = z.infer<typeof checkoutDataSchema>

export const checkoutNodeSchema = defineNode('checkout', checkoutDataSchema)
export type CheckoutNode = z.infer<typeof checkoutNodeSchema>

export const checkoutOutputs = (): string[] => ['paid', 'abandoned', 'failed']
