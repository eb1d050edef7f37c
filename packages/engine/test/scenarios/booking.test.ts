import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node } from '@charla/flow-schema/testing'
import type { InboundEvent, SlotDay } from '@charla/flow-schema'
import { converse, getStarted, say, T0, tap, tapQuick } from '../converse'

function bookingFlow(locale = 'en-GB') {
  return makeFlow({
    locale,
    resources: {
      calendars: [
        {
          id: 'chairs',
          name: 'Chairs',
          timezone: 'Europe/Madrid',
          slotMinutes: 30,
          bufferMinutes: 0,
          capacity: 2,
          weeklyHours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] },
        },
      ],
    },
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('b', 'booking', {
        calendarId: 'chairs',
        service: { name: 'Haircut', durationMinutes: 30 },
        prompt: 'When shall we cut your hair?',
        daysAhead: 14,
        confirmation: 'Booked: {{booking.service}} on {{booking.date}} at {{booking.time}}.',
        reminders: [
          { beforeMinutes: 60, text: 'See you at {{booking.time}} for your {{booking.service}}!' },
        ],
        allowCancel: true,
        allowReschedule: true,
      }),
      node('ok', 'message', { text: 'Anything else?' }),
      node('no', 'end', { text: 'Maybe another time' }),
      node('full', 'end', { text: 'We are fully booked' }),
    ],
    edges: [
      ...chain('t', 'b'),
      edge('b', 'booked', 'ok'),
      edge('b', 'declined', 'no'),
      edge('b', 'no_slots', 'full'),
    ],
  })
}

/** 10:00 and 10:30 Madrid time on the 24th; 16:00 on the 25th (UTC+1 in November). */
const days: SlotDay[] = [
  { date: '2026-11-23', slots: [] },
  {
    date: '2026-11-24',
    slots: [
      { start: '2026-11-24T09:00:00Z', end: '2026-11-24T09:30:00Z' },
      { start: '2026-11-24T09:30:00Z', end: '2026-11-24T10:00:00Z' },
    ],
  },
  { date: '2026-11-25', slots: [{ start: '2026-11-25T15:00:00Z', end: '2026-11-25T15:30:00Z' }] },
]
const found = (requestId: string, d = days): InboundEvent => ({
  type: 'slots_found',
  requestId,
  timezone: 'Europe/Madrid',
  days: d,
})

describe('booking', () => {
  it('offers days, then times in the calendar zone, holds, confirms and schedules the reminder', () => {
    const c = converse(bookingFlow())
    expect(c.send(getStarted())).toEqual(['find slots chairs 30min 14d (b1)'])
    expect(c.send(found('b1'))).toEqual([
      'bot: When shall we cut your hair? {Tue 24 Nov | Wed 25 Nov | No, thanks}',
    ])
    expect(c.send(tapQuick('b:b:day:2026-11-24', 'Tue 24 Nov'))).toEqual([
      'bot: Free times on Tuesday 24 November (Central European Standard Time): {10:00 | 10:30 | Other day | No, thanks}',
    ])
    expect(c.send(say('10:30'))).toEqual(['hold 2026-11-24T09:30:00Z (b2)'])
    expect(c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'hold_7' })).toEqual([
      'bot: Haircut on Tuesday 24 November at 10:30 (Central European Standard Time). Shall I book it? [Confirm] [Other day] [No, thanks]',
    ])
    expect(c.send(tap('b:b:confirm', 'Confirm'))).toEqual(['confirm hold_7 (b3)'])
    const confirmed: InboundEvent = {
      type: 'booking_confirmed',
      requestId: 'b3',
      ok: true,
      bookingId: 'bk_1',
      icsUrl: 'https://bot.example.com/ics/bk_1.ics',
    }
    expect(c.send(confirmed)).toEqual([
      'bot: Booked: Haircut on Tuesday 24 November at 10:30. [Add to calendar → https://bot.example.com/ics/bk_1.ics] [Cancel] [Reschedule]',
      'timer t4 in 1410m',
      'bot: Anything else?',
    ])
    expect(c.state.bookings).toEqual({
      bk_1: { nodeId: 'b', start: '2026-11-24T09:30:00Z', timerIds: ['t4'] },
    })
    expect(c.fireNextTimer()).toEqual([
      'bot: See you at 10:30 for your Haircut! [Cancel] [Reschedule] (tag CONFIRMED_EVENT_UPDATE)',
    ])
    expect(c.now).toBe(Date.parse('2026-11-24T08:30:00Z'))
  })

  it('leaves through no_slots when nothing is free', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    expect(c.send(found('b1', [{ date: '2026-11-24', slots: [] }]))).toEqual([
      'bot: We are fully booked',
    ])
  })

  it('offers other times when someone took the last place first', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-25'))
    c.send(tapQuick('b:b:time:2026-11-25T15:00:00Z'))
    expect(c.send({ type: 'slot_held', requestId: 'b2', ok: false })).toEqual([
      'bot: Sorry, that time was just taken. Here are other times.',
      'find slots chairs 30min 14d (b3)',
    ])
    expect(c.send(found('b3', days.slice(0, 2)))).toEqual([
      'bot: When shall we cut your hair? {Tue 24 Nov | No, thanks}',
    ])
  })

  it('releases the hold and leaves through declined when the person backs out', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-24'))
    c.send(tapQuick('b:b:time:2026-11-24T09:00:00Z'))
    c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'hold_1' })
    expect(c.send(tap('b:b:no'))).toEqual(['release hold_1', 'bot: Maybe another time'])
  })

  it('pages times ten at a time with "More times"', () => {
    const many: SlotDay[] = [
      {
        date: '2026-11-24',
        slots: Array.from({ length: 14 }, (_, i) => {
          const start = new Date(Date.parse('2026-11-24T08:00:00Z') + i * 30 * 60_000).toISOString()
          return { start, end: start }
        }),
      },
    ]
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1', many))
    const first = c.send(tapQuick('b:b:day:2026-11-24'))[0] ?? ''
    expect(first).toContain(
      '{9:00 | 9:30 | 10:00 | 10:30 | 11:00 | 11:30 | 12:00 | 12:30 | 13:00 | 13:30 | More times | Other day | No, thanks}',
    )
    expect(c.send(tapQuick('b:b:more'))[0]).toContain(
      '{14:00 | 14:30 | 15:00 | 15:30 | Other day | No, thanks}',
    )
  })

  it('cancels a booking from its confirmation button, with its reminders', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-24'))
    c.send(tapQuick('b:b:time:2026-11-24T09:00:00Z'))
    c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'h' })
    c.send(tap('b:b:confirm'))
    c.send({ type: 'booking_confirmed', requestId: 'b3', ok: true, bookingId: 'bk_9' })
    expect(c.send(tap('bk:bk_9:cancel', 'Cancel'))).toEqual([
      'cancel t4',
      'cancel booking bk_9',
      'bot: Your booking is cancelled.',
    ])
    expect(c.state.bookings).toEqual({})
    expect(c.send(tap('bk:bk_9:cancel'))).toEqual([])
  })

  it('reschedules: the old booking stays until the new one is booked', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-24'))
    c.send(tapQuick('b:b:time:2026-11-24T09:00:00Z'))
    c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'h1' })
    c.send(tap('b:b:confirm'))
    c.send({ type: 'booking_confirmed', requestId: 'b3', ok: true, bookingId: 'old' })
    expect(c.send(tap('bk:old:reschedule'))).toEqual(['find slots chairs 30min 14d (b5)'])
    expect(c.state.wait).toMatchObject({ kind: 'booking', replaces: 'old' })
    c.send(found('b5'))
    c.send(tapQuick('b:b:day:2026-11-25'))
    c.send(tapQuick('b:b:time:2026-11-25T15:00:00Z'))
    c.send({ type: 'slot_held', requestId: 'b6', ok: true, holdId: 'h2' })
    // The runtime cancels the old booking in the same write as it books the new one.
    expect(c.send(tap('b:b:confirm'))).toEqual(['confirm h2 replacing old (b7)'])
    const out = c.send({ type: 'booking_confirmed', requestId: 'b7', ok: true, bookingId: 'new' })
    expect(out).toContain('cancel booking old')
    expect(out).toContain('cancel t4')
    expect(Object.keys(c.state.bookings)).toEqual(['new'])
  })

  it('records reminders the runtime scheduled with the booking instead of scheduling its own', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-24'))
    c.send(tapQuick('b:b:time:2026-11-24T09:30:00Z'))
    c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'h' })
    c.send(tap('b:b:confirm'))
    const fireAt = Date.parse('2026-11-24T08:30:00Z')
    const out = c.send({
      type: 'booking_confirmed',
      requestId: 'b3',
      ok: true,
      bookingId: 'bk_5',
      reminders: [{ timerId: 'r:bk_5:0', fireAt, reminder: 0 }],
    })
    expect(out).toEqual([
      'bot: Booked: Haircut on Tuesday 24 November at 10:30. [Cancel] [Reschedule]',
      'bot: Anything else?',
    ])
    expect(c.state.bookings).toEqual({
      bk_5: { nodeId: 'b', start: '2026-11-24T09:30:00Z', timerIds: ['r:bk_5:0'] },
    })
    // The job fires as the runtime's scheduler would send it.
    expect(c.send({ type: 'timer', timerId: 'r:bk_5:0' })).toEqual([
      'bot: See you at 10:30 for your Haircut! [Cancel] [Reschedule] (tag CONFIRMED_EVENT_UPDATE)',
    ])
    expect(c.send({ type: 'timer', timerId: 'r:bk_5:0' })).toEqual([])
  })

  it('cancelling cancels the runtime-scheduled reminders too; a late reminder is ignored', () => {
    const c = converse(bookingFlow())
    c.send(getStarted())
    c.send(found('b1'))
    c.send(tapQuick('b:b:day:2026-11-24'))
    c.send(tapQuick('b:b:time:2026-11-24T09:30:00Z'))
    c.send({ type: 'slot_held', requestId: 'b2', ok: true, holdId: 'h' })
    c.send(tap('b:b:confirm'))
    c.send({
      type: 'booking_confirmed',
      requestId: 'b3',
      ok: true,
      bookingId: 'bk_5',
      reminders: [{ timerId: 'r:bk_5:0', fireAt: T0 + 3_600_000, reminder: 0 }],
    })
    expect(c.send(tap('bk:bk_5:cancel'))).toEqual([
      'cancel r:bk_5:0',
      'cancel booking bk_5',
      'bot: Your booking is cancelled.',
    ])
    expect(c.send({ type: 'timer', timerId: 'r:bk_5:0' })).toEqual([])
  })

  it('speaks the flow language: Spanish days, times and phrases', () => {
    const c = converse(bookingFlow('es-ES'))
    c.send(getStarted())
    expect(c.send(found('b1'))).toEqual([
      'bot: When shall we cut your hair? {mar, 24 nov | mié, 25 nov | No, gracias}',
    ])
    expect(c.send(tapQuick('b:b:day:2026-11-25'))).toEqual([
      'bot: Horas libres el miércoles, 25 de noviembre (hora estándar de Europa central): {16:00 | Otro día | No, gracias}',
    ])
  })
})
