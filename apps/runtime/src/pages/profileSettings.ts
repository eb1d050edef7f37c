import type { MessengerProfileSettings } from '@charla/storage'
import type { MessengerProfileBody } from '@charla/messenger'
import { z } from 'zod'

/** Characters as Messenger counts them (code points, so an emoji is one). */
const chars = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .refine((s) => [...s].length <= max, `${what} is longer than ${max} characters`)

const httpsUrl = z
  .string()
  .trim()
  .refine((s) => {
    try {
      return new URL(s).protocol === 'https:'
    } catch {
      return false
    }
  }, 'must be an https:// address')

/**
 * The Messenger profile a marketer edits, with Meta's limits (Messenger Profile API): greeting
 * ≤ 160 characters per locale with a `default`, a menu of ≤ 20 items of ≤ 30 characters that
 * needs Get Started, ≤ 4 ice breakers, https domains.
 */
export const profileSettingsSchema = z
  .strictObject({
    getStarted: z.strictObject({ payload: chars(1000, 'the Get Started payload') }).optional(),
    greeting: z
      .array(
        z.strictObject({
          locale: z.string().regex(/^(default|[a-z]{2}_[A-Z]{2})$/, 'a locale looks like en_US'),
          text: chars(160, 'a greeting'),
        }),
      )
      .max(100),
    persistentMenu: z
      .array(
        z
          .strictObject({
            title: chars(30, 'a menu item’s title'),
            payload: chars(1000, 'a menu item’s payload').optional(),
            url: httpsUrl.optional(),
            flowId: z.string().max(200).optional(),
          })
          .refine((i) => (i.payload === undefined) !== (i.url === undefined), {
            message: 'a menu item opens either a flow or a web address',
          }),
      )
      .max(20, 'Messenger shows at most 20 menu items'),
    composerInputDisabled: z.boolean().optional(),
    iceBreakers: z
      .array(
        z.strictObject({
          question: chars(80, 'an ice breaker question'),
          payload: chars(1000, 'an ice breaker’s payload'),
          flowId: z.string().max(200).optional(),
        }),
      )
      .max(4, 'Messenger shows at most 4 ice breakers'),
    whitelistedDomains: z.array(httpsUrl).max(50),
  })
  .superRefine((s, ctx) => {
    if (s.greeting.length && !s.greeting.some((g) => g.locale === 'default'))
      ctx.addIssue({
        code: 'custom',
        path: ['greeting'],
        message: 'a greeting for the default locale is needed',
      })
    const locales = s.greeting.map((g) => g.locale)
    if (new Set(locales).size !== locales.length)
      ctx.addIssue({ code: 'custom', path: ['greeting'], message: 'one greeting per locale' })
    if (s.persistentMenu.length && !s.getStarted)
      ctx.addIssue({
        code: 'custom',
        path: ['persistentMenu'],
        message: 'Messenger shows the menu only with a Get Started button: turn it on',
      })
  })

export const EMPTY_PROFILE: MessengerProfileSettings = {
  greeting: [],
  persistentMenu: [],
  iceBreakers: [],
  whitelistedDomains: [],
}

/** Meta's field names, in the order the editor lists them. */
export const PROFILE_FIELDS = [
  'get_started',
  'greeting',
  'persistent_menu',
  'ice_breakers',
  'whitelisted_domains',
] as const
type ProfileField = (typeof PROFILE_FIELDS)[number]

/**
 * The sync as Meta calls: one POST with every field that has a value, and one DELETE for the
 * fields that had one when last synced and are now empty (nothing to unset: no DELETE).
 */
export function profileCalls(
  wanted: MessengerProfileSettings,
  synced: MessengerProfileSettings | undefined,
): { set?: MessengerProfileBody; unset: ProfileField[] } {
  const now = fieldsOf(wanted)
  const before = synced ? fieldsOf(synced) : {}
  const set = Object.fromEntries(
    Object.entries(now).filter(([, v]) => v !== undefined),
  ) as MessengerProfileBody
  const unset = PROFILE_FIELDS.filter((f) => before[f] !== undefined && now[f] === undefined)
  return { ...(Object.keys(set).length ? { set } : {}), unset }
}

function fieldsOf(s: MessengerProfileSettings): Partial<Record<ProfileField, unknown>> {
  return {
    get_started: s.getStarted ? { payload: s.getStarted.payload } : undefined,
    greeting: s.greeting.length ? s.greeting : undefined,
    persistent_menu: s.persistentMenu.length
      ? [
          {
            locale: 'default',
            composer_input_disabled: s.composerInputDisabled ?? false,
            call_to_actions: s.persistentMenu.map((i) =>
              i.url
                ? { type: 'web_url', title: i.title, url: i.url }
                : { type: 'postback', title: i.title, payload: i.payload },
            ),
          },
        ]
      : undefined,
    ice_breakers: s.iceBreakers.length
      ? [
          {
            locale: 'default',
            call_to_actions: s.iceBreakers.map((i) => ({
              question: i.question,
              payload: i.payload,
            })),
          },
        ]
      : undefined,
    whitelisted_domains: s.whitelistedDomains.length ? s.whitelistedDomains : undefined,
  }
}
