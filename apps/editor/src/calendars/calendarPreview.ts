import { WEEKDAYS, type Calendar } from '@charla/flow-schema'

/**
 * The next times a calendar offers, for the editor's live preview: its grid (opening hours,
 * slot length plus buffer, closed dates, minimum notice) in its own zone, before any booking.
 * The runtime's generateSlots is the authority; this mirrors its grid rules with Intl only so
 * the preview stays a few lines and costs nothing to recompute on each keystroke.
 */
export interface PreviewDay {
  date: string
  times: string[]
}

const MINUTE = 60_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
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
  return f
}

function wall(instant: number, timeZone: string) {
  const p: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = part.value
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  }
}

/** The instant of a local wall time, or undefined when the clocks skip it. */
export function zonedInstant(date: string, minutes: number, timeZone: string): number | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const guess = Date.UTC(y, m - 1, d) + minutes * MINUTE
  // Two rounds of "how far off is the wall clock": enough for every real offset change.
  let t = guess
  for (let i = 0; i < 2; i++) {
    const w = wall(t, timeZone)
    const [wy, wm, wd] = w.date.split('-').map(Number) as [number, number, number]
    t += guess - (Date.UTC(wy, wm - 1, wd) + w.minutes * MINUTE)
  }
  const back = wall(t, timeZone)
  return back.date === date && back.minutes === minutes ? t : undefined
}

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

function weekdayOf(date: string): (typeof WEEKDAYS)[number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7]!
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return h * 60 + m
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** Up to `maxDays` days with times in the next `daysAhead` days, each with its local times. */
export function previewSlots(
  calendar: Calendar,
  now: number,
  opts: { daysAhead?: number; maxDays?: number } = {},
): PreviewDay[] {
  const { daysAhead = 21, maxDays = 3 } = opts
  const today = wall(now, calendar.timezone).date
  const earliest = now + (calendar.minNoticeMinutes ?? 0) * MINUTE
  const step = calendar.slotMinutes + calendar.bufferMinutes
  const days: PreviewDay[] = []
  for (let i = 0; i < daysAhead && days.length < maxDays; i++) {
    const date = addDays(today, i)
    if (calendar.closedDates?.includes(date)) continue
    const times: string[] = []
    for (const [from, to] of calendar.weeklyHours[weekdayOf(date)] ?? []) {
      const close = toMinutes(to)
      for (let t = toMinutes(from); t + calendar.slotMinutes <= close; t += step) {
        const at = zonedInstant(date, t, calendar.timezone)
        if (at !== undefined && at >= earliest && at > now) times.push(hhmm(t))
      }
    }
    if (times.length) days.push({ date, times })
  }
  return days
}
