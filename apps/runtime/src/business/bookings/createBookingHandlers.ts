import type { BookingNode, Calendar, Flow } from '@charla/flow-schema'
import type { Storage } from '@charla/storage'
import type { BusinessHandlers } from '../BusinessHandlers'
import {
  coverOf,
  generateSlots,
  gridOf,
  localDateOf,
  meetsNotice,
  searchRange,
} from './generateSlots'
import {
  HOLD_MINUTES,
  newId,
  newToken,
  reminderJobKey,
  reminderTimerId,
  scopeOf,
} from './bookingIds'

type BookingHandlers = Pick<
  BusinessHandlers,
  'find_slots' | 'hold_slot' | 'release_hold' | 'confirm_booking' | 'cancel_booking'
>

/** The engine offers at most 12 days (13 quick replies with "No, thanks"). */
const MAX_DAYS = 12
/** Expired holds released per write that reads availability. */
const SWEEP_LIMIT = 200

/**
 * Bookings inside the step's transaction: availability, holds, confirmation with its reminder
 * jobs, cancellation. Capacity is enforced by the database (see BookingRepository); these
 * handlers only check what the person asked for is a real slot of the calendar.
 */
export function createBookingHandlers(deps: { publicUrl: string }): BookingHandlers {
  const base = deps.publicUrl.replace(/\/+$/, '')
  // Messenger refuses a URL button that is not https, and with it the whole confirmation: on
  // a plain-http address (a laptop without CHARLA_PUBLIC_URL) the button is left out.
  const icsUrl = (token: string) =>
    base.startsWith('https://') ? { icsUrl: `${base}/bookings/${token}.ics` } : {}
  return {
    async find_slots(tx, action, ctx) {
      const calendar = calendarOf(ctx.flow, action.calendarId)
      if (!calendar) {
        ctx.log.warn({ calendarId: action.calendarId }, 'a booking names a calendar the flow lacks')
        return [{ type: 'slots_found', requestId: action.requestId, timezone: 'UTC', days: [] }]
      }
      // Holds whose time ran out give their places back before anyone counts them.
      await tx.bookings.releaseExpiredHolds(ctx.now, SWEEP_LIMIT)
      const range = searchRange(ctx.now, action.daysAhead)
      const used = await tx.bookings.usage(scopeOf(ctx.page), calendar.id, range.from, range.to)
      const days = generateSlots({
        calendar,
        durationMinutes: action.durationMinutes,
        daysAhead: action.daysAhead,
        now: ctx.now,
        used,
        maxDays: MAX_DAYS,
      })
      return [
        {
          type: 'slots_found',
          requestId: action.requestId,
          timezone: calendar.timezone,
          days: days.map((d) => ({
            date: d.date,
            slots: d.slots.map((s) => ({ start: iso(s.start), end: iso(s.end) })),
          })),
        },
      ]
    },

    async hold_slot(tx, action, ctx) {
      const refused = [{ type: 'slot_held' as const, requestId: action.requestId, ok: false }]
      const calendar = calendarOf(ctx.flow, action.calendarId)
      const start = Date.parse(action.start)
      if (!calendar || Number.isNaN(start) || !meetsNotice(calendar, start, ctx.now)) return refused
      const slot = coverOf(
        gridOf(calendar, localDateOf(calendar, start)),
        start,
        action.durationMinutes,
      )
      if (!slot) return refused
      await tx.bookings.releaseExpiredHolds(ctx.now, SWEEP_LIMIT)
      const holdId = newId('hold')
      const ok = await tx.bookings.hold(
        {
          id: holdId,
          scope: scopeOf(ctx.page),
          calendarId: calendar.id,
          covers: slot.covers,
          capacity: calendar.capacity,
          pageId: ctx.page.id,
          psid: ctx.psid,
          nodeId: action.nodeId,
          start: slot.start,
          end: slot.end,
          expiresAt: ctx.now + HOLD_MINUTES * 60_000,
        },
        ctx.now,
      )
      return ok ? [{ type: 'slot_held', requestId: action.requestId, ok: true, holdId }] : refused
    },

    async release_hold(tx, action, ctx) {
      const hold = await tx.bookings.getHold(action.holdId)
      if (hold && hold.pageId === ctx.page.id && hold.psid === ctx.psid)
        await tx.bookings.releaseHold(hold.id)
      return []
    },

    async confirm_booking(tx, action, ctx) {
      const refused = [
        { type: 'booking_confirmed' as const, requestId: action.requestId, ok: false },
      ]
      const hold = await tx.bookings.getHold(action.holdId)
      if (!hold || hold.pageId !== ctx.page.id || hold.psid !== ctx.psid) return refused
      if (hold.start <= ctx.now) {
        await tx.bookings.releaseHold(hold.id)
        return refused
      }
      const calendar = calendarOf(ctx.flow, hold.calendarId)
      const node = bookingNode(ctx.flow, action.nodeId)
      const bookingId = newId('bk')
      // Reminders are jobs written with the booking: they exist exactly when it does.
      const reminders = (node?.data.reminders ?? []).flatMap((r, i) => {
        const fireAt = hold.start - r.beforeMinutes * 60_000
        if (fireAt <= ctx.now) return []
        const timerId = reminderTimerId(bookingId, i)
        return [
          { timerId, fireAt, reminder: i, key: reminderJobKey(ctx.page.id, ctx.psid, timerId) },
        ]
      })
      const contact = await tx.contacts.get(ctx.page.id, ctx.psid)
      const replaced = action.replaces ? await tx.bookings.get(action.replaces) : undefined
      const replaces =
        replaced && replaced.pageId === ctx.page.id && replaced.psid === ctx.psid
          ? replaced.id
          : undefined
      const booking = await tx.bookings.confirm(
        hold.id,
        {
          id: bookingId,
          token: newToken(),
          flowVersionId: ctx.flowVersionId,
          calendarName: calendar?.name ?? hold.calendarId,
          timezone: calendar?.timezone ?? 'UTC',
          service: action.service,
          ...(contact?.firstName ? { firstName: contact.firstName } : {}),
          ...(contact?.lastName ? { lastName: contact.lastName } : {}),
          reminderKeys: reminders.map((r) => r.key),
          ...(replaces ? { replaces } : {}),
        },
        ctx.now,
      )
      if (!booking) return refused
      const fresh = booking.id === bookingId
      if (fresh)
        for (const r of reminders)
          await tx.jobs.schedule({
            key: r.key,
            pageId: ctx.page.id,
            psid: ctx.psid,
            timerId: r.timerId,
            runAt: r.fireAt,
          })
      if (fresh && replaces) await cancelWithReminders(tx, replaces, 'reschedule', ctx.now)
      return [
        {
          type: 'booking_confirmed',
          requestId: action.requestId,
          ok: true,
          bookingId: booking.id,
          ...icsUrl(booking.token),
          reminders: fresh ? reminders.map(({ key: _k, ...r }) => r) : [],
        },
      ]
    },

    async cancel_booking(tx, action, ctx) {
      const booking = await tx.bookings.get(action.bookingId)
      if (booking && booking.pageId === ctx.page.id && booking.psid === ctx.psid)
        await cancelWithReminders(tx, booking.id, 'person', ctx.now)
      return []
    },
  }
}

/** Cancels a booking and its reminder jobs in the caller's transaction. */
export async function cancelWithReminders(
  tx: Storage,
  bookingId: string,
  by: 'person' | 'business' | 'reschedule',
  now: number,
) {
  const cancelled = await tx.bookings.cancel(bookingId, by, now)
  for (const key of cancelled?.reminderKeys ?? []) await tx.jobs.cancel(key)
  return cancelled
}

function calendarOf(flow: Flow, id: string): Calendar | undefined {
  return flow.resources.calendars?.find((c) => c.id === id)
}

function bookingNode(flow: Flow, id: string): BookingNode | undefined {
  const node = flow.nodes.find((n) => n.id === id)
  return node?.type === 'booking' ? node : undefined
}

const iso = (ms: number) => new Date(ms).toISOString()
