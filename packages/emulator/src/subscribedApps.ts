import type { GraphReply, Page } from './Emulator'
import type { EmulatorState } from './EmulatorState'
import { invalidParameter } from './graphError'

/** The webhook fields a Page subscription can name (webhook-events reference, §1.1). */
export const SUBSCRIBABLE_FIELDS = [
  'messages',
  'messaging_postbacks',
  'messaging_optins',
  'messaging_referrals',
  'message_deliveries',
  'message_reads',
  'message_echoes',
  'message_reactions',
  'message_edits',
  'messaging_handovers',
  'standby',
  'messaging_policy_enforcement',
  'messaging_account_linking',
  'messaging_feedback',
  'messaging_game_plays',
  'feed',
] as const

/** `GET /{page-id}/subscribed_apps`: our app with its fields, or nothing when unsubscribed. */
export function getSubscribedApps(state: EmulatorState, page: Page): GraphReply {
  const fields = state.subscriptions.get(page.pageId)
  return {
    status: 200,
    body: {
      data: fields
        ? [{ id: state.config.appId, name: 'Charla', subscribed_fields: [...fields] }]
        : [],
    },
  }
}

/**
 * `POST /{page-id}/subscribed_apps?subscribed_fields=a,b`: Meta requires the parameter and
 * refuses a field it does not know, naming it.
 */
export function subscribeApp(
  state: EmulatorState,
  page: Page,
  query: Record<string, string | undefined>,
  body: unknown,
): GraphReply {
  const raw = query.subscribed_fields ?? bodyString(body, 'subscribed_fields')
  if (raw === undefined || raw.trim() === '')
    return invalidParameter('(#100) The parameter subscribed_fields is required')
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  const unknown = fields.find((f) => !(SUBSCRIBABLE_FIELDS as readonly string[]).includes(f))
  if (unknown !== undefined)
    return invalidParameter(
      `(#100) Param subscribed_fields[${fields.indexOf(unknown)}] must be one of {${SUBSCRIBABLE_FIELDS.join(', ')}} - got "${unknown}".`,
    )
  state.subscriptions.set(page.pageId, [...new Set(fields)])
  return { status: 200, body: { success: true } }
}

function bodyString(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value: unknown = Object.getOwnPropertyDescriptor(body, name)?.value
  if (typeof value === 'string') return value
  return Array.isArray(value) ? value.join(',') : undefined
}
