import type { Calendar } from '@charla/flow-schema'
import { describe, expect, it } from 'vitest'
import { coverOf, generateSlots, gridOf } from '../../src/business/bookings/generateSlots'
import { zonedInstant } from '../../src/business/bookings/zonedTime'

const weekdays = (hours: [string, string][]): Calendar['weeklyHours'] => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
})

const calendar = (over: Partial<Calendar> = {}): Calendar => ({
  id: 'cal',
  name: 'Chair',
  timezone: 'Europe/Madrid',
  slotMinutes: 30,
  bufferMinutes: 0,
  capacity: 1,
  weeklyHours: weekdays([['09:00', '13:00']]),
  ...over,
})

const iso = (ms: number) => new Date(ms).toISOString()
const at = (s: string) => Date.parse(s)
const starts = (cal: Calendar, date: string) => gridOf(cal, date).map((g) => iso(g.start))
const none = new Map<number, number>()

describe('slot generation', () => {
  it('lays slots on the wall clock of the calendar: 09:00 Madrid is 08:00Z in winter, 07:00Z in summer', () => {
    const cal = calendar({ weeklyHours: weekdays([['09:00', '11:00']]) })
    expect(starts(cal, '2025-01-15')).toEqual([
      '2025-01-15T08:00:00.000Z',
      '2025-01-15T08:30:00.000Z',
      '2025-01-15T09:00:00.000Z',
      '2025-01-15T09:30:00.000Z',
    ])
    expect(starts(cal, '2025-07-15')[0]).toBe('2025-07-15T07:00:00.000Z')
  })

  it('keeps 09:00 at 09:00 local on both sides of a DST change (Madrid, New York)', () => {
    const madrid = calendar()
    expect(starts(madrid, '2025-03-28')[0]).toBe('2025-03-28T08:00:00.000Z') // Fri, CET
    expect(starts(madrid, '2025-03-31')[0]).toBe('2025-03-31T07:00:00.000Z') // Mon, CEST
    expect(starts(madrid, '2025-10-24')[0]).toBe('2025-10-24T07:00:00.000Z') // Fri, CEST
    expect(starts(madrid, '2025-10-27')[0]).toBe('2025-10-27T08:00:00.000Z') // Mon, CET
    const ny = calendar({ timezone: 'America/New_York' })
    expect(starts(ny, '2025-03-07')[0]).toBe('2025-03-07T14:00:00.000Z') // Fri, EST
    expect(starts(ny, '2025-03-10')[0]).toBe('2025-03-10T13:00:00.000Z') // Mon, EDT
    expect(starts(ny, '2025-10-31')[0]).toBe('2025-10-31T13:00:00.000Z') // Fri, EDT
    expect(starts(ny, '2025-11-03')[0]).toBe('2025-11-03T14:00:00.000Z') // Mon, EST
  })

  it('skips the hour that does not exist when clocks go forward, and offers a repeated hour once', () => {
    const night = (timezone: string) =>
      calendar({ timezone, slotMinutes: 60, weeklyHours: { sun: [['00:00', '05:00']] } })
    // Madrid, 30 March 2025: 02:00 → 03:00.
    expect(starts(night('Europe/Madrid'), '2025-03-30')).toEqual([
      '2025-03-29T23:00:00.000Z', // 00:00 CET
      '2025-03-30T00:00:00.000Z', // 01:00 CET
      '2025-03-30T01:00:00.000Z', // 03:00 CEST
      '2025-03-30T02:00:00.000Z', // 04:00 CEST
    ])
    // Madrid, 26 October 2025: 03:00 → 02:00; 02:00 happens twice and is offered once.
    expect(starts(night('Europe/Madrid'), '2025-10-26')).toEqual([
      '2025-10-25T22:00:00.000Z', // 00:00 CEST
      '2025-10-25T23:00:00.000Z', // 01:00 CEST
      '2025-10-26T00:00:00.000Z', // 02:00 CEST (the first one)
      '2025-10-26T02:00:00.000Z', // 03:00 CET
      '2025-10-26T03:00:00.000Z', // 04:00 CET
    ])
    // New York, 9 March 2025: 02:00 → 03:00.
    expect(starts(night('America/New_York'), '2025-03-09')).toEqual([
      '2025-03-09T05:00:00.000Z',
      '2025-03-09T06:00:00.000Z',
      '2025-03-09T07:00:00.000Z', // 03:00 EDT
      '2025-03-09T08:00:00.000Z',
    ])
    // New York, 2 November 2025: 01:00 happens twice.
    expect(starts(night('America/New_York'), '2025-11-02')).toEqual([
      '2025-11-02T04:00:00.000Z', // 00:00 EDT
      '2025-11-02T05:00:00.000Z', // 01:00 EDT (the first one)
      '2025-11-02T07:00:00.000Z', // 02:00 EST
      '2025-11-02T08:00:00.000Z',
      '2025-11-02T09:00:00.000Z',
    ])
    expect(zonedInstant('2025-03-30', 2 * 60 + 30, 'Europe/Madrid')).toBeUndefined()
  })

  it('counts days in the calendar zone: late evening in New York is already tomorrow in Madrid', () => {
    const now = at('2025-01-14T23:30:00Z') // Tue 18:30 in New York, Wed 00:30 in Madrid
    const madrid = generateSlots({
      calendar: calendar(),
      durationMinutes: 30,
      daysAhead: 1,
      now,
      used: none,
    })
    const ny = generateSlots({
      calendar: calendar({ timezone: 'America/New_York' }),
      durationMinutes: 30,
      daysAhead: 1,
      now,
      used: none,
    })
    expect(madrid.map((d) => d.date)).toEqual(['2025-01-15'])
    expect(ny).toEqual([]) // Tuesday's hours in New York are over
  })

  it('puts the buffer between slots and only offers a slot that fits before closing', () => {
    const cal = calendar({ bufferMinutes: 15, weeklyHours: weekdays([['09:00', '11:00']]) })
    expect(starts(cal, '2025-01-15')).toEqual([
      '2025-01-15T08:00:00.000Z', // 09:00
      '2025-01-15T08:45:00.000Z', // 09:45
      '2025-01-15T09:30:00.000Z', // 10:30, ends 11:00
    ])
  })

  it('a service longer than a slot takes the slots it spans and must end before closing', () => {
    const cal = calendar({ weeklyHours: weekdays([['09:00', '10:30']]) })
    const grid = gridOf(cal, '2025-01-15')
    expect(coverOf(grid, at('2025-01-15T08:00:00Z'), 60)?.covers.map(iso)).toEqual([
      '2025-01-15T08:00:00.000Z',
      '2025-01-15T08:30:00.000Z',
    ])
    expect(coverOf(grid, at('2025-01-15T09:00:00Z'), 60)).toBeUndefined() // 10:00 + 1 h > 10:30
    expect(coverOf(grid, at('2025-01-15T08:10:00Z'), 30)).toBeUndefined() // not on the grid
    // 09:30 is taken: an hour-long service can start neither at 09:00 nor at 09:30; from 10:00
    // it ends at 11:00, after closing on this grid but not on a longer day.
    const used = new Map([[at('2025-01-15T08:30:00Z'), 1]])
    const offered = (hours: [string, string]) =>
      generateSlots({
        calendar: calendar({ weeklyHours: weekdays([hours]) }),
        durationMinutes: 60,
        daysAhead: 1,
        now: at('2025-01-15T06:00:00Z'),
        used,
      }).flatMap((d) => d.slots.map((s) => iso(s.start)))
    expect(offered(['09:00', '10:30'])).toEqual([])
    expect(offered(['09:00', '11:00'])).toEqual(['2025-01-15T09:00:00.000Z'])
  })

  it('offers a slot until its capacity is used up', () => {
    const cal = calendar({ capacity: 3, weeklyHours: weekdays([['09:00', '10:00']]) })
    const first = at('2025-01-15T08:00:00Z')
    const offered = (taken: number) =>
      generateSlots({
        calendar: cal,
        durationMinutes: 30,
        daysAhead: 1,
        now: at('2025-01-15T06:00:00Z'),
        used: new Map([[first, taken]]),
      })[0]?.slots.map((s) => iso(s.start))
    expect(offered(2)).toEqual(['2025-01-15T08:00:00.000Z', '2025-01-15T08:30:00.000Z'])
    expect(offered(3)).toEqual(['2025-01-15T08:30:00.000Z'])
  })

  it('respects the minimum notice, closed dates and daysAhead', () => {
    const cal = calendar({
      minNoticeMinutes: 60,
      closedDates: ['2025-01-16'],
      weeklyHours: weekdays([['09:00', '11:00']]),
    })
    const days = generateSlots({
      calendar: cal,
      durationMinutes: 30,
      daysAhead: 3,
      now: at('2025-01-15T08:10:00Z'), // 09:10 in Madrid: nothing before 10:10
      used: none,
    })
    expect(days.map((d) => d.date)).toEqual(['2025-01-15', '2025-01-17'])
    expect(days[0]?.slots.map((s) => iso(s.start))).toEqual(['2025-01-15T09:30:00.000Z'])
    expect(
      generateSlots({
        calendar: cal,
        durationMinutes: 30,
        daysAhead: 2,
        now: at('2025-01-15T08:10:00Z'),
        used: none,
      }).map((d) => d.date),
    ).toEqual(['2025-01-15'])
  })
})
