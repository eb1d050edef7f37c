import type { Calendar } from '@charla/flow-schema'
import { describe, expect, it } from 'vitest'
import { previewSlots, zonedInstant } from './calendarPreview'
import { toValues, validateCalendar, weekSummary } from './calendarValues'

const madrid: Calendar = {
  id: 'chair',
  name: 'Chair',
  timezone: 'Europe/Madrid',
  slotMinutes: 30,
  bufferMinutes: 15,
  capacity: 1,
  weeklyHours: {
    mon: [
      ['09:00', '10:30'],
      ['16:00', '17:00'],
    ],
    tue: [['09:00', '10:00']],
  },
  closedDates: ['2026-11-24'],
  minNoticeMinutes: 60,
}

describe('calendar preview', () => {
  it('offers the grid in the calendar zone, after the notice, skipping closed dates', () => {
    // Monday 23 November 2026, 08:10 in Madrid (07:10Z): 09:00 is within the hour's notice.
    const days = previewSlots(madrid, Date.parse('2026-11-23T07:10:00Z'), { maxDays: 2 })
    expect(days).toEqual([
      { date: '2026-11-23', times: ['09:45', '16:00'] },
      // Tuesday the 24th is closed; the next Monday is open again.
      { date: '2026-11-30', times: ['09:00', '09:45', '16:00'] },
    ])
  })

  it('maps wall times across daylight saving (the skipped hour does not exist)', () => {
    expect(zonedInstant('2026-03-29', 150, 'Europe/Madrid')).toBeUndefined()
    expect(new Date(zonedInstant('2026-03-29', 180, 'Europe/Madrid')!).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    )
    expect(new Date(zonedInstant('2026-11-01', 9 * 60, 'America/New_York')!).toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    )
  })
})

describe('calendar form validation', () => {
  it('accepts a valid calendar and refuses overlapping ranges, a taken id and a closed week', () => {
    expect(validateCalendar(toValues(madrid), [])).toEqual({})
    const v = toValues(madrid)
    v.weeklyHours.mon = [
      ['09:00', '12:00'],
      ['11:00', '13:00'],
    ]
    expect(validateCalendar(v, ['chair'])).toMatchObject({
      'weeklyHours.mon': 'These ranges overlap',
      id: 'Another calendar already has this id',
    })
    const closed = toValues({ ...madrid, weeklyHours: {} })
    expect(validateCalendar({ ...closed, slotMinutes: 2 }, [])).toMatchObject({
      weeklyHours: expect.stringContaining('Open at least one day'),
      slotMinutes: expect.any(String),
    })
  })

  it('sums a week up in one line', () => {
    const hours: [string, string][] = [['09:00', '17:00']]
    expect(
      weekSummary({
        ...madrid,
        weeklyHours: { mon: hours, tue: hours, wed: hours, fri: hours, sat: [['10:00', '14:00']] },
      }),
    ).toBe('Mon–Wed 09:00–17:00 · Fri 09:00–17:00 · Sat 10:00–14:00')
  })
})
