import Database from 'better-sqlite3'
import { join } from 'node:path'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestRuntime } from '../pipeline/startTestRuntime'
import { startBookingRuntime, PUBLIC_URL } from './startBookingRuntime'
import { barberFlow, MONDAY } from './bookingFlows'

let t: TestRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const clock = { now: MONDAY }

interface Sent {
  text: string
  quickReplies: { title: string; payload: string }[]
  buttons: { title: string; payload?: string; url?: string }[]
  tag?: string
}

function sent(t: TestRuntime, psid: string): Sent[] {
  return t.emulator.sent({ pageId: t.pageId, psid }).map((m) => {
    const body = m.body as {
      tag?: string
      message?: {
        text?: string
        quick_replies?: { title: string; payload: string }[]
        attachment?: { payload?: { text?: string; buttons?: Sent['buttons'] } }
      }
    }
    return {
      text: body.message?.text ?? body.message?.attachment?.payload?.text ?? '',
      quickReplies: body.message?.quick_replies ?? [],
      buttons: body.message?.attachment?.payload?.buttons ?? [],
      ...(body.tag ? { tag: body.tag } : {}),
    }
  })
}

async function next(t: TestRuntime, psid: string, count: number): Promise<Sent> {
  await t.emulator.waitForSent({ pageId: t.pageId, psid, count })
  const all = sent(t, psid)
  return all[all.length - 1]!
}

/** Get Started → a day → a time → Confirm; resolves the confirmation message. */
async function book(t: TestRuntime, psid: string, day: string, time: string): Promise<Sent> {
  const before = sent(t, psid).length
  await t.say(psid, { postback: { payload: 'GET_STARTED' } })
  const days = await next(t, psid, before + 1)
  const d = days.quickReplies.find((q) => q.payload === `b:b:day:${day}`)
  if (!d)
    throw new Error(`day ${day} not offered: ${days.quickReplies.map((q) => q.title).join(', ')}`)
  await t.say(psid, { quickReplyPayload: d.payload })
  const times = await next(t, psid, before + 2)
  const slot = times.quickReplies.find((q) => q.title === time)
  if (!slot)
    throw new Error(`${time} not offered: ${times.quickReplies.map((q) => q.title).join(', ')}`)
  await t.say(psid, { quickReplyPayload: slot.payload })
  const summary = await next(t, psid, before + 3)
  expect(summary.text).toContain('Shall I book it?')
  await t.say(psid, { postback: { payload: 'b:b:confirm' } })
  // The confirmation, then the flow's next step.
  await next(t, psid, before + 5)
  return sent(t, psid)[before + 3]!
}

function db(t: TestRuntime) {
  return new Database(join(t.dataDir, 'charla.db'), { readonly: true, fileMustExist: true })
}

function jobs(t: TestRuntime, psid: string) {
  const d = db(t)
  try {
    return d
      .prepare('select timer_id, run_at, status from jobs where psid = ? order by id')
      .all(psid) as { timer_id: string; run_at: number; status: string }[]
  } finally {
    d.close()
  }
}

async function advanceTo(t: TestRuntime, at: number) {
  clock.now = at
  t.runtime.pipeline.wakeAll()
}

const start = () => startBookingRuntime([barberFlow()], () => clock.now)

describe('bookings through the runtime', () => {
  it('books a time, serves its calendar file, and reminds an hour before, once, with Cancel / Reschedule', async () => {
    clock.now = MONDAY
    t = await start()
    const confirmation = await book(t, 'ana', '2026-11-24', '10:30')
    expect(confirmation.text).toBe('Booked: Haircut on Tuesday 24 November at 10:30.')
    expect(confirmation.buttons.map((b) => b.title)).toEqual([
      'Add to calendar',
      'Cancel',
      'Reschedule',
    ])
    const ics = confirmation.buttons[0]?.url ?? ''
    expect(ics).toMatch(/^https:\/\/bookings\.example\.com\/bookings\/[\w-]{22}\.ics$/)

    // The appointment is 09:30Z (10:30 in Madrid); its reminder is a job at 08:30Z.
    const { bookings } = await t.runtime.storage.bookings.list({}, { limit: 10, offset: 0 })
    expect(bookings).toHaveLength(1)
    const booking = bookings[0]!
    expect(new Date(booking.start).toISOString()).toBe('2026-11-24T09:30:00.000Z')
    expect(booking).toMatchObject({ status: 'confirmed', firstName: 'ana', service: 'Haircut' })
    expect(jobs(t, 'ana')).toEqual([
      {
        timer_id: `r:${booking.id}:0`,
        run_at: Date.parse('2026-11-24T08:30:00Z'),
        status: 'pending',
      },
    ])

    const file = await request(ics.replace(PUBLIC_URL, t.runtime.url))
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toContain('text/calendar')
    const text = await file.body.text()
    expect(text).toContain('DTSTART:20261124T093000Z\r\nDTEND:20261124T100000Z')
    expect(text).toContain('STATUS:CONFIRMED')
    const guessed = await request(`${t.runtime.url}/bookings/${booking.id}.ics`)
    expect(guessed.statusCode).toBe(404)
    await guessed.body.dump()

    // A minute before the reminder is due: nothing. At 09:30 Madrid (an hour before): the reminder.
    await advanceTo(t, Date.parse('2026-11-24T08:29:00Z'))
    await new Promise((r) => setTimeout(r, 400))
    expect(sent(t, 'ana')).toHaveLength(5)
    await advanceTo(t, Date.parse('2026-11-24T08:30:00Z'))
    const reminder = await next(t, 'ana', 6)
    expect(reminder.text).toBe('Reminder: Haircut today at 10:30.')
    expect(reminder.buttons.map((b) => b.title)).toEqual(['Cancel', 'Reschedule'])
    // The window closed a day ago: it went out tagged.
    expect(reminder.tag).toBe('CONFIRMED_EVENT_UPDATE')
    await advanceTo(t, Date.parse('2026-11-24T09:00:00Z'))
    await new Promise((r) => setTimeout(r, 400))
    expect(sent(t, 'ana')).toHaveLength(6)
  })

  it('cancelling before the reminder removes it and gives the place back', async () => {
    clock.now = MONDAY
    t = await start()
    const confirmation = await book(t, 'ana', '2026-11-24', '10:30')
    const cancel = confirmation.buttons.find((b) => b.title === 'Cancel')!
    await t.say('ana', { postback: { payload: cancel.payload! } })
    expect((await next(t, 'ana', 6)).text).toBe('Your booking is cancelled.')
    const [booking] = (await t.runtime.storage.bookings.list({}, { limit: 1, offset: 0 })).bookings
    expect(booking).toMatchObject({ status: 'cancelled', cancelledBy: 'person' })
    expect(jobs(t, 'ana').map((j) => j.status)).toEqual(['cancelled'])
    // The place is free again for someone else.
    const other = await book(t, 'bea', '2026-11-24', '10:30')
    expect(other.text).toContain('10:30')
    await advanceTo(t, Date.parse('2026-11-24T09:00:00Z'))
    expect((await next(t, 'bea', 6)).text).toBe('Reminder: Haircut today at 10:30.')
    expect(sent(t, 'ana')).toHaveLength(6)
  })

  it('rescheduling moves the reminder with the booking, in the same write', async () => {
    clock.now = MONDAY
    t = await start()
    const first = await book(t, 'ana', '2026-11-24', '10:30')
    const reschedule = first.buttons.find((b) => b.title === 'Reschedule')!
    await t.say('ana', { postback: { payload: reschedule.payload! } })
    const days = await next(t, 'ana', 6)
    await t.say('ana', {
      quickReplyPayload: days.quickReplies.find((q) => q.payload === 'b:b:day:2026-11-25')!.payload,
    })
    const times = await next(t, 'ana', 7)
    await t.say('ana', {
      quickReplyPayload: times.quickReplies.find((q) => q.title === '13:00')!.payload,
    })
    await next(t, 'ana', 8)
    await t.say('ana', { postback: { payload: 'b:b:confirm' } })
    expect((await next(t, 'ana', 9)).text).toBe(
      'Booked: Haircut on Wednesday 25 November at 13:00.',
    )
    const { bookings } = await t.runtime.storage.bookings.list({}, { limit: 10, offset: 0 })
    const [old, moved] = [
      bookings.find((b) => b.status === 'cancelled'),
      bookings.find((b) => b.status === 'confirmed'),
    ]
    expect(old).toMatchObject({ cancelledBy: 'reschedule' })
    expect(moved).toMatchObject({ replaces: old!.id })
    expect(jobs(t, 'ana')).toEqual([
      {
        timer_id: `r:${old!.id}:0`,
        run_at: Date.parse('2026-11-24T08:30:00Z'),
        status: 'cancelled',
      },
      {
        timer_id: `r:${moved!.id}:0`,
        run_at: Date.parse('2026-11-25T11:00:00Z'),
        status: 'pending',
      },
    ])
    await advanceTo(t, Date.parse('2026-11-24T09:00:00Z'))
    await new Promise((r) => setTimeout(r, 400))
    expect(sent(t, 'ana')).toHaveLength(9)
    await advanceTo(t, Date.parse('2026-11-25T11:00:00Z'))
    expect((await next(t, 'ana', 10)).text).toBe('Reminder: Haircut today at 13:00.')
  })

  it('two people take the last place at once: one is booked, the other is offered other times', async () => {
    clock.now = MONDAY
    t = await start()
    for (const psid of ['ana', 'bea']) {
      await t.say(psid, { postback: { payload: 'GET_STARTED' } })
      await next(t, psid, 1)
      await t.say(psid, { quickReplyPayload: 'b:b:day:2026-11-24' })
      await next(t, psid, 2)
    }
    const tap = (psid: string) =>
      t!.say(psid, { quickReplyPayload: 'b:b:time:2026-11-24T09:30:00.000Z' })
    await Promise.all([tap('ana'), tap('bea')])
    const [a, b] = await Promise.all([next(t, 'ana', 3), next(t, 'bea', 3)])
    const texts = [a.text, b.text]
    expect(texts.filter((x) => x.includes('Shall I book it?'))).toHaveLength(1)
    expect(texts.filter((x) => x.includes('just taken'))).toHaveLength(1)
    const loser = a.text.includes('just taken') ? 'ana' : 'bea'
    const offered = await next(t, loser, 4)
    expect(offered.quickReplies.length).toBeGreaterThan(1)
  })

  it('the business cancels from the admin API: the person is told, the reminder never comes', async () => {
    clock.now = MONDAY
    t = await start()
    await book(t, 'ana', '2026-11-24', '10:30')
    const [booking] = (await t.runtime.storage.bookings.list({}, { limit: 1, offset: 0 })).bookings
    const res = await request(`${t.runtime.url}/api/bookings/${booking!.id}/cancel`, {
      method: 'POST',
      headers: t.adminHeaders,
    })
    expect(res.statusCode).toBe(200)
    expect(await res.body.json()).toMatchObject({
      booking: { status: 'cancelled', cancelledBy: 'business' },
    })
    const told = await next(t, 'ana', 6)
    expect(told.text).toContain('has been cancelled')
    expect(told.text).toContain('Haircut')
    const again = await request(`${t.runtime.url}/api/bookings/${booking!.id}/cancel`, {
      method: 'POST',
      headers: t.adminHeaders,
    })
    expect(again.statusCode).toBe(409)
    await again.body.dump()
    const conversation = await t.runtime.storage.conversations.get(t.pageId, 'ana')
    expect(conversation?.state.bookings).toEqual({})
    expect(conversation?.state.timers).toEqual({})
    await advanceTo(t, Date.parse('2026-11-24T09:00:00Z'))
    await new Promise((r) => setTimeout(r, 400))
    expect(sent(t, 'ana')).toHaveLength(6)

    const list = await request(
      `${t.runtime.url}/api/bookings?from=2026-11-24&to=2026-11-24&status=cancelled`,
      { headers: t.adminHeaders },
    )
    const body = (await list.body.json()) as {
      bookings: { id: string; token?: string }[]
      total: number
    }
    expect(body.total).toBe(1)
    expect(body.bookings[0]?.token).toBeUndefined()
    const csv = await request(`${t.runtime.url}/api/bookings/export.csv`, {
      headers: t.adminHeaders,
    })
    const lines = (await csv.body.text()).trim().split('\r\n')
    expect(lines[0]).toContain('booking_id,status,start_utc')
    expect(lines[1]).toContain(`${booking!.id},cancelled,2026-11-24T09:30:00.000Z`)
    expect(lines[1]).toContain('2026-11-24,10:30,Europe/Madrid')
  })

  it('says no_slots when the week is fully booked', async () => {
    clock.now = Date.parse('2026-11-27T16:45:00Z') // Friday 17:45 in Madrid, daysAhead 1 would be empty
    t = await startBookingRuntime(
      [
        {
          ...barberFlow(),
          nodes: barberFlow().nodes.map((n) =>
            n.type === 'booking' ? { ...n, data: { ...n.data, daysAhead: 3 } } : n,
          ),
        },
      ],
      () => clock.now,
    )
    await t.say('ana', { postback: { payload: 'GET_STARTED' } })
    expect((await next(t, 'ana', 1)).text).toBe('We are fully booked this week.')
  })
})
