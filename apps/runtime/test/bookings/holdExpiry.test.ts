import { afterEach, describe, expect, it } from 'vitest'
import type { TestRuntime } from '../pipeline/startTestRuntime'
import { barberFlow, MONDAY } from './bookingFlows'
import { startBookingRuntime } from './startBookingRuntime'

let t: TestRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const clock = { now: MONDAY }
const TUESDAY_1030 = Date.parse('2026-11-24T09:30:00Z')

function texts(t: TestRuntime): { text: string; quickReplies: string[] }[] {
  return t.emulator.sent({ pageId: t.pageId, psid: 'ana' }).map((m) => {
    const body = m.body as {
      message?: {
        text?: string
        quick_replies?: { title: string }[]
        attachment?: { payload?: { text?: string } }
      }
    }
    return {
      text: body.message?.text ?? body.message?.attachment?.payload?.text ?? '',
      quickReplies: (body.message?.quick_replies ?? []).map((q) => q.title),
    }
  })
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v) || Date.now() > deadline) return v
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('hold expiry', () => {
  it('an unconfirmed hold gives its place back when it runs out, without anyone searching', async () => {
    clock.now = MONDAY
    t = await startBookingRuntime([barberFlow()], () => clock.now)
    const storage = t.runtime.storage
    const used = () =>
      storage.bookings.usage('', 'chair', TUESDAY_1030 - 3_600_000, TUESDAY_1030 + 3_600_000)

    await t.say('ana', { postback: { payload: 'GET_STARTED' } })
    await t.emulator.waitForSent({ pageId: t.pageId, psid: 'ana', count: 1 })
    await t.say('ana', { quickReplyPayload: 'b:b:day:2026-11-24' })
    await t.emulator.waitForSent({ pageId: t.pageId, psid: 'ana', count: 2 })
    const time = t.emulator.sent({ pageId: t.pageId, psid: 'ana' })[1]!.body as {
      message?: { quick_replies?: { title: string; payload: string }[] }
    }
    const slot = time.message?.quick_replies?.find((q) => q.title === '10:30')
    expect(slot).toBeDefined()
    await t.say('ana', { quickReplyPayload: slot!.payload })
    await t.emulator.waitForSent({ pageId: t.pageId, psid: 'ana', count: 3 })
    expect(texts(t)[2]!.text).toContain('Shall I book it?')
    // The hold takes the place while Ana thinks it over.
    expect(await used()).toEqual(new Map([[TUESDAY_1030, 1]]))
    const holdExpiry = await storage.bookings.nextHoldExpiry()
    expect(holdExpiry).toBe(MONDAY + 10 * 60_000)

    // A second before it runs out: still held. Past it: released by the sweeper, no search needed.
    clock.now = holdExpiry! - 1000
    await new Promise((r) => setTimeout(r, 300))
    expect(await used()).toEqual(new Map([[TUESDAY_1030, 1]]))
    clock.now = holdExpiry! + 1000
    expect(await until(used, (u) => u.size === 0)).toEqual(new Map())
    expect(await storage.bookings.nextHoldExpiry()).toBeUndefined()

    // Confirming late books nothing: Ana is offered other times.
    await t.say('ana', { postback: { payload: 'b:b:confirm' } })
    await t.emulator.waitForSent({ pageId: t.pageId, psid: 'ana', count: 4 })
    const { bookings } = await storage.bookings.list({}, { limit: 10, offset: 0 })
    expect(bookings).toEqual([])
    expect(texts(t)[3]!.text).toBe('Sorry, that time was just taken. Here are other times.')
  })
})
