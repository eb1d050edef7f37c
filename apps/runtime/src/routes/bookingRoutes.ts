import { Readable } from 'node:stream'
import { BOOKING_STATUSES, type Booking, type BookingFilter, type Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { bookingIcs } from '../business/bookings/bookingIcs'
import { bookingsCsv } from '../business/bookings/bookingsCsv'
import { cancelByBusiness } from '../business/bookings/cancelByBusiness'
import { flowCalendars } from '../business/bookings/flowCalendars'
import { errorBody } from '../errorHandler'
import { inChunks } from '../leads/inChunks'

const DAY = 86_400_000

/** `2025-06-01` (a whole UTC day), an ISO time or milliseconds. */
const timeSchema = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a date` })
      return z.NEVER
    }
    return { ms, dateOnly: /^\d{4}-\d{2}-\d{2}$/.test(s) }
  })
  .optional()

const filterSchema = z.strictObject({
  calendarId: z.string().min(1).optional(),
  pageId: z.string().min(1).optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
  /** A simulator Page's id: its test bookings instead of the live ones. */
  scope: z.string().optional(),
  /** `true`: the test bookings of every simulator Page. */
  test: z.enum(['true', 'false']).optional(),
  from: timeSchema,
  /** Inclusive: `to=2025-06-30` includes the whole of that day. */
  to: timeSchema,
})

const listSchema = filterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

function toFilter(q: z.infer<typeof filterSchema>): BookingFilter {
  return {
    ...(q.scope ? { scope: q.scope } : {}),
    ...(q.test === 'true' ? { test: true } : {}),
    ...(q.calendarId ? { calendarId: q.calendarId } : {}),
    ...(q.pageId ? { pageId: q.pageId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: q.from.ms } : {}),
    ...(q.to ? { to: q.to.dateOnly ? q.to.ms + DAY : q.to.ms } : {}),
  }
}

/** What the admin API shows: never the token (it is the public file's name). */
function view({ token: _t, holdId: _h, covers: _c, reminderKeys, ...b }: Booking) {
  return { ...b, reminders: reminderKeys.length, test: b.scope !== '' }
}

/**
 * `/api/bookings`: the bookings view (by date range, calendar, status), one booking, the CSV
 * export (streamed), and cancelling from the business side (the person is told).
 */
export const bookingRoutes: FastifyPluginAsync<{ storage: Storage; now: () => number }> = async (
  app,
  { storage, now },
) => {
  app.get('/', async (request, reply) => {
    const parsed = listSchema.safeParse(request.query)
    if (!parsed.success)
      return reply.status(400).send(errorBody('bad_request', z.prettifyError(parsed.error)))
    const { limit, offset } = parsed.data
    const { bookings, total } = await storage.bookings.list(toFilter(parsed.data), {
      limit,
      offset,
    })
    return { bookings: bookings.map(view), total, limit, offset }
  })

  // Every calendar the flows define (drafts and live versions), booked yet or not.
  app.get('/calendars', async () => ({ calendars: await flowCalendars(storage) }))

  app.get('/export.csv', async (request, reply) => {
    const parsed = filterSchema.safeParse(request.query)
    if (!parsed.success)
      return reply.status(400).send(errorBody('bad_request', z.prettifyError(parsed.error)))
    const day = new Date(now()).toISOString().slice(0, 10)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bookings-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(inChunks(bookingsCsv(storage.bookings.stream(toFilter(parsed.data))))))
  })

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const booking = await storage.bookings.get(request.params.id)
    if (!booking)
      return reply
        .status(404)
        .send(errorBody('not_found', `there is no booking "${request.params.id}"`))
    return { booking: view(booking) }
  })

  app.post<{ Params: { id: string } }>('/:id/cancel', async (request, reply) => {
    const id = request.params.id
    const cancelled = await cancelByBusiness(storage, id, now())
    if (cancelled) return { booking: view(cancelled) }
    const booking = await storage.bookings.get(id)
    return booking
      ? reply
          .status(409)
          .send(errorBody('already_cancelled', `booking "${id}" is already cancelled`))
      : reply.status(404).send(errorBody('not_found', `there is no booking "${id}"`))
  })
}

/**
 * `GET /bookings/<token>.ics`: public (the person opens it from Messenger), found only by its
 * unguessable token.
 */
export const bookingIcsRoutes: FastifyPluginAsync<{ storage: Storage }> = async (
  app,
  { storage },
) => {
  app.get<{ Params: { file: string } }>('/:file', async (request, reply) => {
    const token = /^([\w-]{16,64})\.ics$/.exec(request.params.file)?.[1]
    const booking = token ? await storage.bookings.getByToken(token) : undefined
    if (!booking) return reply.status(404).send(errorBody('not_found', 'no such calendar file'))
    const page = await storage.pages.get(booking.pageId)
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="appointment.ics"')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(bookingIcs(booking, page?.name ?? booking.calendarName))
  })
}
