import { z } from 'zod'
import { buttonSchema, defaultActionSchema } from './buttonSchema'
import { textField, urlField } from './fields'

/** Button template: text up to 640 characters and 1–3 buttons (template/button). */
const buttonTemplateSchema = z.strictObject({
  template_type: z.literal('button'),
  text: textField(640),
  buttons: z.array(buttonSchema).min(1).max(3),
  sharable: z.boolean().optional(),
})

/** One card: a title (80) and at least one more field, or Meta refuses the element. */
const genericElementSchema = z
  .strictObject({
    title: textField(80),
    subtitle: textField(80).optional(),
    image_url: urlField({ httpsOnly: false }).optional(),
    default_action: defaultActionSchema.optional(),
    buttons: z.array(buttonSchema).max(3).optional(),
  })
  .superRefine((element, ctx) => {
    const others = [element.subtitle, element.image_url, element.default_action, element.buttons]
    if (!others.some((field) => field !== undefined && (!Array.isArray(field) || field.length))) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Incomplete element data: title and at least one other field (image url, subtitle or buttons) is required with non-empty value',
      })
    }
  })

/** Generic template (carousel): 1–10 elements (template/generic). */
const genericTemplateSchema = z.strictObject({
  template_type: z.literal('generic'),
  elements: z.array(genericElementSchema).min(1).max(10),
  sharable: z.boolean().optional(),
  image_aspect_ratio: z.enum(['horizontal', 'square']).optional(),
})

const requiredText = z.string().min(1)

/** Receipt template; the required fields are the ones template/receipt marks required. */
const receiptTemplateSchema = z.strictObject({
  template_type: z.literal('receipt'),
  sharable: z.boolean().optional(),
  recipient_name: requiredText,
  merchant_name: z.string().optional(),
  order_number: requiredText,
  currency: z.string().regex(/^[A-Z]{3}$/, {
    message: 'param {param} must be an ISO 4217 currency code',
  }),
  payment_method: requiredText,
  order_url: urlField({ httpsOnly: false }).optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  address: z
    .strictObject({
      street_1: requiredText,
      street_2: z.string().optional(),
      city: requiredText,
      postal_code: requiredText,
      state: requiredText,
      country: requiredText,
    })
    .optional(),
  summary: z.strictObject({
    subtotal: z.number().optional(),
    shipping_cost: z.number().optional(),
    total_tax: z.number().optional(),
    total_cost: z.number(),
  }),
  adjustments: z.array(z.strictObject({ name: requiredText, amount: z.number() })).optional(),
  // Up to 100 items; Meta does not promise to show them in order.
  elements: z
    .array(
      z.strictObject({
        title: requiredText,
        subtitle: z.string().optional(),
        quantity: z.number().int().optional(),
        price: z.number(),
        currency: z.string().optional(),
        image_url: urlField({ httpsOnly: false }).optional(),
      }),
    )
    .max(100)
    .optional(),
})

export const templatePayloadSchema = z.discriminatedUnion('template_type', [
  buttonTemplateSchema,
  genericTemplateSchema,
  receiptTemplateSchema,
])
export type TemplatePayload = z.infer<typeof templatePayloadSchema>
