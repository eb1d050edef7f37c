import { z } from 'zod'
import type { GraphReply, Page } from './Emulator'
import type { EmulatorState } from './EmulatorState'
import { invalidParameter } from './graphError'
import { paramMessage } from './paramMessage'

const idField = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().min(1),
)

const passSchema = z.object({
  recipient: z.strictObject({ id: idField }),
  target_app_id: idField,
  metadata: z.string().max(1000).optional(),
})

const takeSchema = z.object({
  recipient: z.strictObject({ id: idField }),
  metadata: z.string().max(1000).optional(),
})

/**
 * `POST /me/pass_thread_control` and `/me/take_thread_control` (handover protocol): the thread
 * goes to `target_app_id` (the Page Inbox is 263902037430900), or back to our app on a take.
 */
export function threadControl(
  state: EmulatorState,
  page: Page,
  action: 'pass' | 'take',
  input: unknown,
): GraphReply {
  const parsed =
    action === 'pass'
      ? passSchema.safeParse(input, { reportInput: true })
      : takeSchema.safeParse(input, { reportInput: true })
  if (!parsed.success) {
    const [first] = parsed.error.issues
    return invalidParameter(first ? paramMessage(first) : '(#100) Invalid parameter')
  }
  const person = state.person(page.pageId, parsed.data.recipient.id)
  if (!person) return invalidParameter('(#100) No matching user found', 2018001)
  // Take: only the primary receiver may, and the emulator treats our app as the primary.
  person.threadOwner =
    'target_app_id' in parsed.data && typeof parsed.data.target_app_id === 'string'
      ? parsed.data.target_app_id
      : state.config.appId
  state.recordThreadControl({
    pageId: page.pageId,
    psid: person.psid,
    action,
    owner: person.threadOwner,
    ...(parsed.data.metadata === undefined ? {} : { metadata: parsed.data.metadata }),
    at: state.config.now(),
  })
  return { status: 200, body: { success: true } }
}
