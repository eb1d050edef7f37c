import { z } from 'zod'
import { payloadField, textField, urlField } from './fields'

const webviewOptions = {
  webview_height_ratio: z.enum(['compact', 'tall', 'full']).optional(),
  messenger_extensions: z.boolean().optional(),
  fallback_url: urlField({ httpsOnly: true }).optional(),
  webview_share_button: z.literal('hide').optional(),
}

/** Button titles: 20 characters (reference/buttons). */
const titleField = textField(20)

/**
 * The button types Charla sends. Meta knows more (account_link, game_play, …); a runtime that
 * sends one of those here is doing something Charla never meant to, so it is refused.
 */
export const buttonSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('web_url'),
    title: titleField,
    // A webview opens inside Messenger, which loads https only.
    url: urlField({ httpsOnly: true }),
    ...webviewOptions,
  }),
  z.strictObject({ type: z.literal('postback'), title: titleField, payload: payloadField }),
  z.strictObject({
    type: z.literal('phone_number'),
    title: titleField,
    // Meta dials the payload as is: "+" then the country code and number (E.164).
    payload: z.string().regex(/^\+[1-9]\d{6,14}$/, {
      message: 'param {param} must be a phone number in the format +<country code><number>',
    }),
  }),
])
export type Button = z.infer<typeof buttonSchema>

/** A generic element's `default_action`: the URL button without a title. */
export const defaultActionSchema = z.strictObject({
  type: z.literal('web_url'),
  url: urlField({ httpsOnly: true }),
  ...webviewOptions,
})
