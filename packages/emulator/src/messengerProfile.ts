import type { GraphReply, Page } from './Emulator'
import type { EmulatorState } from './EmulatorState'
import { graphError, invalidParameter, type GraphFailure } from './graphError'
import { messengerProfileSchema } from './messengerProfileSchema'
import { paramMessage } from './paramMessage'

/** `POST /me/messenger_profile`: merges the fields sent into the Page's profile. */
export function setMessengerProfile(state: EmulatorState, page: Page, input: unknown): GraphReply {
  const parsed = messengerProfileSchema.safeParse(withoutToken(input), { reportInput: true })
  if (!parsed.success) {
    const [first] = parsed.error.issues
    return invalidParameter(first ? paramMessage(first) : '(#100) Invalid parameter')
  }
  const fields = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined))
  if (Object.keys(fields).length === 0) {
    return invalidParameter('(#100) You must specify at least one field to set')
  }
  const merged = { ...(state.profiles.get(page.pageId) ?? {}), ...fields }
  // The persistent menu only shows once a Get Started button exists.
  if (merged.persistent_menu !== undefined && merged.get_started === undefined) {
    return invalidParameter(
      '(#100) You must set a Get Started button if you also wish to use persistent menu.',
    )
  }
  state.profiles.set(page.pageId, merged)
  // The Messenger Profile API answers `result`, unlike the handover calls' `success`.
  return { status: 200, body: { result: 'success' } }
}

/** `GET /me/messenger_profile?fields=a,b`: `{ data: [{ a, b }] }`, or `{ data: [] }` if unset. */
export function getMessengerProfile(
  state: EmulatorState,
  page: Page,
  fields: string | undefined,
): GraphReply {
  if (!fields) return invalidParameter('(#100) The parameter fields is required')
  const profile = state.profiles.get(page.pageId) ?? {}
  const picked = Object.fromEntries(
    fields
      .split(',')
      .map((field) => field.trim())
      .flatMap((field) => (profile[field] === undefined ? [] : [[field, profile[field]]])),
  )
  return { status: 200, body: { data: Object.keys(picked).length ? [picked] : [] } }
}

/** `DELETE /me/messenger_profile` with `{ fields: [...] }`: unsets those fields. */
export function deleteMessengerProfile(
  state: EmulatorState,
  page: Page,
  input: unknown,
): GraphReply {
  const raw =
    typeof input === 'object' && input !== null
      ? (Object.getOwnPropertyDescriptor(input, 'fields')?.value as unknown)
      : undefined
  const fields = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string'))
    return invalidParameter('(#100) The parameter fields is required')
  const known = Object.keys(messengerProfileSchema.shape)
  const unknown = fields.find((f: string) => !known.includes(f))
  if (unknown !== undefined)
    return invalidParameter(
      `(#100) Param fields[${fields.indexOf(unknown)}] must be one of {${known.join(', ')}} - got "${unknown}".`,
    )
  const profile = { ...(state.profiles.get(page.pageId) ?? {}) }
  for (const field of fields as string[]) delete profile[field]
  state.profiles.set(page.pageId, profile)
  return { status: 200, body: { result: 'success' } }
}

/** Meta allows 10 Messenger Profile API calls per Page in 10 minutes (§9); beyond, 613. */
export function overProfileLimit(state: EmulatorState, page: Page): GraphFailure | undefined {
  const limit = state.config.profileCallsPer10Minutes
  if (limit === undefined) return undefined
  const now = state.config.now()
  const recent = (state.recentProfileCalls.get(page.pageId) ?? []).filter(
    (at) => now - at < 10 * 60_000,
  )
  if (recent.length >= limit) {
    state.recentProfileCalls.set(page.pageId, recent)
    return graphError(613, '(#613) Calls to this api have exceeded the rate limit.')
  }
  recent.push(now)
  state.recentProfileCalls.set(page.pageId, recent)
  return undefined
}

function withoutToken(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  return Object.fromEntries(
    Object.entries(input).filter(([key]) => key !== 'access_token' && key !== 'appsecret_proof'),
  )
}
