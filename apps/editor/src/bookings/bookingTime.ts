import { zonedInstant } from '../calendars/calendarPreview'

/** Dates and wall times in one zone: the Bookings view shows a calendar in its own zone. */

const formatters = new Map<string, Intl.DateTimeFormat>()

function parts(instant: number, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  const p: Record<string, string> = {}
  for (const part of f.formatToParts(new Date(instant))) p[part.type] = part.value
  return p
}

/** The local date (YYYY-MM-DD) and minutes since midnight of an instant in a zone. */
export function wallOf(instant: number, timeZone: string): { date: string; minutes: number } {
  const p = parts(instant, timeZone)
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  }
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** The Monday of a date's week. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
  return addDays(date, -weekday)
}

/** When a local date starts in a zone (the first minute that exists, for zones that skip midnight). */
export function startOfDay(date: string, timeZone: string): number {
  for (let m = 0; m < 180; m += 30) {
    const at = zonedInstant(date, m, timeZone)
    if (at !== undefined) return at - m * 60_000
  }
  return Date.parse(`${date}T00:00:00Z`)
}

/** "Tue 24 Nov" */
export function dayLabel(date: string, locale?: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}

/** "Nov 23 – 29, 2026" (a week), "Tuesday, November 24, 2026" (a day), in the admin's language. */
export function rangeLabel(first: string, days: number, locale?: string): string {
  const at = (date: string) => new Date(`${date}T12:00:00Z`)
  if (days === 1)
    return at(first).toLocaleDateString(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(at(first), at(addDays(first, days - 1)))
}

export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** "Tue 24 Nov, 10:30" in the booking's zone. */
export function whenIn(instant: number, timeZone: string, locale?: string): string {
  const w = wallOf(instant, timeZone)
  return `${dayLabel(w.date, locale)}, ${hhmm(w.minutes)}`
}
