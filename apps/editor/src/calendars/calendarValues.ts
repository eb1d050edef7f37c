import { calendarSchema, WEEKDAYS, type Calendar } from '@charla/flow-schema'

export type Weekday = (typeof WEEKDAYS)[number]

/** What the calendar form edits: every weekday present (an empty list = closed). */
export interface CalendarValues {
  id: string
  name: string
  timezone: string
  slotMinutes: number | string
  bufferMinutes: number | string
  capacity: number | string
  minNoticeMinutes: number | string
  weeklyHours: Record<Weekday, [string, string][]>
  closedDates: string[]
}

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
}

export function toValues(c: Calendar): CalendarValues {
  const weeklyHours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, (c.weeklyHours[d] ?? []).map(([a, b]) => [a, b] as [string, string])]),
  ) as CalendarValues['weeklyHours']
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    slotMinutes: c.slotMinutes,
    bufferMinutes: c.bufferMinutes,
    capacity: c.capacity,
    minNoticeMinutes: c.minNoticeMinutes ?? 0,
    weeklyHours,
    closedDates: [...(c.closedDates ?? [])],
  }
}

/** NumberInput hands over a string while the text is not a number yet. */
const num = (v: number | string) => (typeof v === 'number' ? v : Number.NaN)

/** The calendar the values describe (not yet validated). */
export function toCalendar(v: CalendarValues): Record<string, unknown> {
  const weeklyHours: Record<string, [string, string][]> = {}
  for (const d of WEEKDAYS) if (v.weeklyHours[d].length) weeklyHours[d] = v.weeklyHours[d]
  const notice = num(v.minNoticeMinutes)
  return {
    id: v.id.trim(),
    name: v.name.trim(),
    timezone: v.timezone,
    slotMinutes: num(v.slotMinutes),
    bufferMinutes: num(v.bufferMinutes),
    capacity: num(v.capacity),
    weeklyHours,
    ...(v.closedDates.length ? { closedDates: [...v.closedDates].sort() } : {}),
    ...(notice ? { minNoticeMinutes: notice } : {}),
  }
}

const FIELD_NAMES: Record<string, string> = {
  slotMinutes: 'Enter a slot length in minutes (at least 5)',
  bufferMinutes: 'Enter a buffer in minutes (0 for none)',
  capacity: 'Enter how many people fit in one slot (at least 1)',
  minNoticeMinutes: 'Enter a notice in minutes (0 for none)',
}

/**
 * The flow schema's rules (the single source of truth) keyed by form field, plus what the
 * schema cannot see: ids unique in the flow, opening ranges that overlap, a week with no hours.
 */
export function validateCalendar(
  v: CalendarValues,
  takenIds: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!v.name.trim()) errors.name = 'A calendar needs a name'
  if (!v.id.trim()) errors.id = 'A calendar needs an id'
  if (!v.timezone) errors.timezone = 'Pick the time zone the opening hours are in'
  for (const key of Object.keys(FIELD_NAMES))
    if (Number.isNaN(num(v[key as keyof CalendarValues] as number | string)))
      errors[key] = FIELD_NAMES[key]!
  const parsed = calendarSchema.safeParse(toCalendar(v))
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path
      const key = first === 'weeklyHours' ? `weeklyHours.${String(second)}` : String(first ?? 'id')
      errors[key] ??= issue.message
    }
  for (const d of WEEKDAYS) {
    const ranges = [...v.weeklyHours[d]].sort((a, b) => a[0].localeCompare(b[0]))
    if (ranges.some(([a, b]) => !a || !b)) errors[`weeklyHours.${d}`] ??= 'Fill in both times'
    else if (ranges.some(([a, b]) => a >= b))
      errors[`weeklyHours.${d}`] ??= 'Each range must end after it starts'
    else if (ranges.some((r, i) => i > 0 && r[0] < ranges[i - 1]![1]))
      errors[`weeklyHours.${d}`] ??= 'These ranges overlap'
  }
  if (WEEKDAYS.every((d) => v.weeklyHours[d].length === 0))
    errors.weeklyHours = 'Open at least one day, or no times can ever be offered'
  if (takenIds.includes(v.id.trim())) errors.id ??= 'Another calendar already has this id'
  return errors
}

/** Every IANA zone the browser knows, UTC first. */
export function timeZoneOptions(): string[] {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return ['UTC', ...zones.filter((z) => z !== 'UTC')]
}

/** "Mon–Fri 09:00–17:00 · Sat 10:00–14:00": a calendar's week in one line. */
export function weekSummary(c: Calendar): string {
  const groups: { from: Weekday; to: Weekday; hours: string }[] = []
  for (const d of WEEKDAYS) {
    const hours = (c.weeklyHours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ')
    const last = groups[groups.length - 1]
    if (!hours) continue
    const prev = WEEKDAYS[WEEKDAYS.indexOf(d) - 1]
    if (last && last.hours === hours && last.to === prev) last.to = d
    else groups.push({ from: d, to: d, hours })
  }
  if (!groups.length) return 'Closed every day'
  const short = (d: Weekday) => WEEKDAY_LABELS[d].slice(0, 3)
  return groups
    .map((g) => `${g.from === g.to ? short(g.from) : `${short(g.from)}–${short(g.to)}`} ${g.hours}`)
    .join(' · ')
}
