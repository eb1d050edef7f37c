import { z } from 'zod'
import { payloadField, textField, urlField } from './fields'

/** Localised settings need a `default` entry (messenger-profile-api). */
function withDefaultLocale<T extends { locale: string }>(items: T[], ctx: z.RefinementCtx): void {
  if (!items.some((item) => item.locale === 'default')) {
    ctx.addIssue({
      code: 'custom',
      message: 'param {param} must include an entry with locale default',
    })
  }
}

/** Menu items: postback or web_url, titles of 30 characters. */
const menuItemSchema = z
  .strictObject({
    type: z.enum(['postback', 'web_url']),
    title: textField(30),
    payload: payloadField.optional(),
    url: urlField({ httpsOnly: true }).optional(),
    webview_height_ratio: z.enum(['compact', 'tall', 'full']).optional(),
    messenger_extensions: z.boolean().optional(),
    fallback_url: urlField({ httpsOnly: true }).optional(),
    webview_share_button: z.literal('hide').optional(),
  })
  .superRefine((item, ctx) => {
    const needed = item.type === 'postback' ? 'payload' : 'url'
    if (item[needed] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [needed],
        message: `The parameter {param} is required for a ${item.type} item`,
      })
    }
  })

const iceBreakerSchema = z.strictObject({ question: textField(80), payload: payloadField })

/** `POST /me/messenger_profile`; limits from the Messenger Profile API reference and §9. */
export const messengerProfileSchema = z.strictObject({
  get_started: z.strictObject({ payload: payloadField }).optional(),
  greeting: z
    .array(z.strictObject({ locale: z.string().min(1), text: textField(160) }))
    .min(1)
    .superRefine(withDefaultLocale)
    .optional(),
  persistent_menu: z
    .array(
      z.strictObject({
        locale: z.string().min(1),
        composer_input_disabled: z.boolean().optional(),
        disabled_surfaces: z.array(z.string()).optional(),
        // Since v8.0: 20 top-level items, no nesting.
        call_to_actions: z.array(menuItemSchema).max(20).optional(),
      }),
    )
    .min(1)
    .superRefine(withDefaultLocale)
    .optional(),
  // At most 4 questions, in the per-locale format or the older flat one (never both at once).
  ice_breakers: z
    .union([
      z.array(
        z.strictObject({
          locale: z.string().min(1),
          call_to_actions: z.array(iceBreakerSchema).max(4),
        }),
      ),
      z.array(iceBreakerSchema).max(4),
    ])
    .optional(),
  whitelisted_domains: z
    .array(urlField({ httpsOnly: true }))
    .max(50)
    .optional(),
  account_linking_url: urlField({ httpsOnly: true }).optional(),
  commands: z.array(z.unknown()).optional(),
  target_audience: z.record(z.string(), z.unknown()).optional(),
  home_url: z.record(z.string(), z.unknown()).optional(),
  platform: z.string().optional(),
})
