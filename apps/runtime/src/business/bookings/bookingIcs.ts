import type { Booking } from '@charla/storage'

/** Text values per RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks escaped. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/** Content lines are folded at 75 octets (§3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    const limit = out.length === 0 ? 75 : 74 // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

/** 20261124T093000Z */
export function icsUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/**
 * One booking as an iCalendar file with a single VEVENT in UTC (no VTIMEZONE needed): what
 * "Add to calendar" opens. A cancelled booking is served cancelled, so a calendar that
 * re-imports it drops the appointment.
 */
export function bookingIcs(booking: Booking, business: string): string {
  const cancelled = booking.status === 'cancelled'
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Charla//Bookings//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${booking.id}@charla`,
    `DTSTAMP:${icsUtc(booking.cancelledAt ?? booking.createdAt)}`,
    `DTSTART:${icsUtc(booking.start)}`,
    `DTEND:${icsUtc(booking.end)}`,
    `SUMMARY:${icsText(`${booking.service} – ${business}`)}`,
    `DESCRIPTION:${icsText(`${booking.service} with ${business} (${booking.calendarName}).`)}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SEQUENCE:${cancelled ? 1 : 0}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
