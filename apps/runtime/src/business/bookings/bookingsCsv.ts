import type { Booking } from '@charla/storage'
import { csvCell } from '../../leads/leadsCsv'

const COLUMNS = [
  'booking_id',
  'status',
  'start_utc',
  'end_utc',
  'local_date',
  'local_time',
  'timezone',
  'calendar_id',
  'calendar',
  'service',
  'first_name',
  'last_name',
  'page_id',
  'psid',
  'created_at',
  'cancelled_at',
  'cancelled_by',
] as const

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString())

function local(ms: number, timeZone: string): [string, string] {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`]
}

/** Bookings as CSV lines (UTF-8 with a BOM for Excel), written as the rows are read. */
export async function* bookingsCsv(bookings: AsyncIterable<Booking>): AsyncGenerator<string> {
  yield `\uFEFF${COLUMNS.join(',')}\r\n`
  for await (const b of bookings) {
    const [date, time] = local(b.start, b.timezone)
    const row = [
      b.id,
      b.status,
      iso(b.start),
      iso(b.end),
      date,
      time,
      b.timezone,
      b.calendarId,
      b.calendarName,
      b.service,
      b.firstName ?? '',
      b.lastName ?? '',
      b.pageId,
      b.psid,
      iso(b.createdAt),
      iso(b.cancelledAt),
      b.cancelledBy ?? '',
    ]
    yield `${row.map(csvCell).join(',')}\r\n`
  }
}
