/**
 * Wall-clock time in an IANA zone, with Intl only (Node's full ICU): no tz dependency to keep
 * current, and the same zone data the engine formats times with.
 */

const parts = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = parts.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    parts.set(timeZone, f)
  }
  return f
}

export interface WallTime {
  /** YYYY-MM-DD */
  date: string
  /** Minutes since local midnight. */
  minutes: number
}

/** The wall clock of `instant` in `timeZone`. */
export function wallTime(instant: number, timeZone: string): WallTime {
  const p: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = part.value
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  }
}

/** How far the zone is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffset(instant: number, timeZone: string): number {
  const p: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) p[part.type] = part.value
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  )
  return asUtc - Math.floor(instant / 1000) * 1000
}

/**
 * The instant a wall-clock time happens in a zone, or undefined when that time does not exist
 * (the hour skipped when clocks go forward). A time that happens twice (clocks go back) gives
 * the first of the two.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): number | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const naive = Date.UTC(y, m - 1, d, 0, minutes)
  // The zone's offsets half a day either side and at the guess: one of them is the right one,
  // and two that both match mean the hour that happens twice.
  const offsets = new Set(
    [naive - 43_200_000, naive, naive + 43_200_000].map((t) => zoneOffset(t, timeZone)),
  )
  const matches = [...offsets]
    .map((offset) => naive - offset)
    .filter((t) => {
      const w = wallTime(t, timeZone)
      return w.date === date && w.minutes === minutes
    })
    .sort((a, b) => a - b)
  return matches[0]
}

/** The calendar date `n` days after `date` (YYYY-MM-DD). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** mon…sun of a calendar date. */
export function weekdayOf(date: string): 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[day]!
}
