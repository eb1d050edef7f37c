import type { Calendar } from '@charla/flow-schema'
import { addDays, wallTime, weekdayOf, zonedInstant } from './zonedTime'

/** One place on a calendar's grid: slots start every `slotMinutes + bufferMinutes`. */
export interface GridSlot {
  start: number
  /** When the opening interval it belongs to closes. */
  closes: number
  /** Which opening interval of the day (slots never span two). */
  interval: number
}

/** A time that can be offered for a service, with the grid slots it takes up. */
export interface OfferedSlot {
  start: number
  end: number
  /** Starts of the grid slots the service occupies: each counts against the capacity. */
  covers: number[]
}

export interface SlotRequest {
  calendar: Calendar
  durationMinutes: number
  daysAhead: number
  now: number
  /** Places taken per grid slot start (bookings and live holds). */
  used: ReadonlyMap<number, number>
  /** Stop after this many days with free times (the engine offers at most 12). */
  maxDays?: number
}

const MINUTE = 60_000

/**
 * The grid of one local date: from each opening interval's start, a slot every slot length
 * plus buffer while a whole slot fits. Wall-clock times that do not exist that day (clocks
 * going forward) are skipped; one that happens twice (clocks going back) is offered once.
 */
export function gridOf(calendar: Calendar, date: string): GridSlot[] {
  if (calendar.closedDates?.includes(date)) return []
  const intervals = calendar.weeklyHours[weekdayOf(date)] ?? []
  const step = calendar.slotMinutes + calendar.bufferMinutes
  const grid: GridSlot[] = []
  intervals.forEach(([from, to], interval) => {
    const open = toMinutes(from)
    const close = toMinutes(to)
    const closes =
      close >= 24 * 60
        ? zonedInstant(addDays(date, 1), 0, calendar.timezone)
        : zonedInstant(date, close, calendar.timezone)
    if (closes === undefined) return
    for (let t = open; t + calendar.slotMinutes <= close; t += step) {
      const start = zonedInstant(date, t, calendar.timezone)
      if (start !== undefined && start < closes) grid.push({ start, closes, interval })
    }
  })
  return grid
}

/**
 * The grid slots a service starting at `start` occupies on that date's grid, or undefined when
 * it cannot start there (not on the grid, or it would end after closing).
 */
export function coverOf(grid: readonly GridSlot[], start: number, durationMinutes: number) {
  const first = grid.find((g) => g.start === start)
  if (!first) return undefined
  const end = start + durationMinutes * MINUTE
  if (end > first.closes) return undefined
  const covers = grid
    .filter((g) => g.interval === first.interval && g.start >= start && g.start < end)
    .map((g) => g.start)
  return { start, end, covers }
}

/** The local date (in the calendar's zone) of an instant. */
export function localDateOf(calendar: Calendar, instant: number): string {
  return wallTime(instant, calendar.timezone).date
}

/** Whether `start` is far enough ahead for the calendar's minimum notice. */
export function meetsNotice(calendar: Calendar, start: number, now: number): boolean {
  return start >= now + (calendar.minNoticeMinutes ?? 0) * MINUTE && start > now
}

/**
 * Free times per local day from today (in the calendar's zone) for `daysAhead` days: on the
 * grid, after the minimum notice, ending before closing, and with a place left in every grid
 * slot the service occupies.
 */
export function generateSlots(req: SlotRequest): { date: string; slots: OfferedSlot[] }[] {
  const { calendar, now } = req
  const today = localDateOf(calendar, now)
  const days: { date: string; slots: OfferedSlot[] }[] = []
  for (let i = 0; i < req.daysAhead && days.length < (req.maxDays ?? Infinity); i++) {
    const date = addDays(today, i)
    const grid = gridOf(calendar, date)
    const slots: OfferedSlot[] = []
    for (const g of grid) {
      if (!meetsNotice(calendar, g.start, now)) continue
      const slot = coverOf(grid, g.start, req.durationMinutes)
      if (!slot) continue
      if (slot.covers.every((c) => (req.used.get(c) ?? 0) < calendar.capacity)) slots.push(slot)
    }
    if (slots.length) days.push({ date, slots })
  }
  return days
}

/** The instants a `daysAhead` search can touch, to read the places taken in one query. */
export function searchRange(now: number, daysAhead: number) {
  return { from: now, to: now + (daysAhead + 1) * 24 * 60 * MINUTE }
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return h * 60 + m
}
