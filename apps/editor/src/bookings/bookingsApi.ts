import { adminFetch } from '../auth/session'

export type BookingStatus = 'confirmed' | 'cancelled'

/** A booking as `/api/bookings` lists it (docs/api.md). */
export interface Booking {
  id: string
  status: BookingStatus
  start: number
  end: number
  timezone: string
  calendarId: string
  calendarName: string
  service: string
  pageId: string
  psid: string
  firstName?: string
  lastName?: string
  createdAt: number
  cancelledAt?: number
  cancelledBy?: 'person' | 'business' | 'reschedule'
  replaces?: string
  reminders: number
  test: boolean
}

export interface BookingFilters {
  calendarId?: string
  status?: BookingStatus
  /** The simulator's test bookings instead of the live ones. */
  test?: boolean
}

export function bookingQuery(
  f: BookingFilters,
  range: { from?: number; to?: number },
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams()
  if (f.calendarId) params.set('calendarId', f.calendarId)
  if (f.status) params.set('status', f.status)
  if (f.test) params.set('test', 'true')
  if (range.from !== undefined) params.set('from', String(range.from))
  if (range.to !== undefined) params.set('to', String(range.to))
  for (const [k, v] of Object.entries(extra)) params.set(k, v)
  const s = params.toString()
  return s ? `?${s}` : ''
}

async function call<T>(method: string, url: string): Promise<T> {
  const res = await adminFetch(url, { method, headers: { accept: 'application/json' } })
  const text = await res.text()
  const body = text ? (JSON.parse(text) as unknown) : undefined
  if (!res.ok) {
    const message =
      body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
        ? body.message
        : `${res.status} ${res.statusText}`
    throw new Error(message)
  }
  return body as T
}

/** A calendar a flow defines (its draft or a live version), booked yet or not. */
export interface FlowCalendar {
  id: string
  name: string
  timezone: string
  flows: { id: string; name: string }[]
}

export const bookingsApi = {
  /** Every calendar of the flows, drafts and published (docs/api.md, Bookings). */
  calendars: () => call<{ calendars: FlowCalendar[] }>('GET', '/api/bookings/calendars'),
  list: (
    f: BookingFilters,
    range: { from?: number; to?: number },
    page: { limit: number; offset: number },
  ) =>
    call<{ bookings: Booking[]; total: number }>(
      'GET',
      `/api/bookings${bookingQuery(f, range, { limit: String(page.limit), offset: String(page.offset) })}`,
    ),
  cancel: (id: string) =>
    call<{ booking: Booking }>('POST', `/api/bookings/${encodeURIComponent(id)}/cancel`),
  exportUrl: (f: BookingFilters, range: { from?: number; to?: number }) =>
    `/api/bookings/export.csv${bookingQuery(f, range)}`,
}
