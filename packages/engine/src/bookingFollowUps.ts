import type { BookingNode, Timer } from '@charla/flow-schema'
import { cancelBooking } from './handlers/booking'
import { formatDate, formatTime } from './format'
import { makePayload, type ParsedPayload } from './payload'
import { phrase } from './phrase'
import type { Run } from './Run'
import { send, sendText } from './send'
import { render } from './variables'

/**
 * A booking reminder, sent under CONFIRMED_EVENT_UPDATE so it goes out even after the 24-hour
 * window closed. It is read with that booking's own details, whatever the conversation did since.
 */
export function remindBooking(
  run: Run,
  timer: Extract<Timer, { purpose: 'booking_reminder' }>,
): void {
  const made = run.state.bookings[timer.bookingId]
  const node = bookingNode(run, timer.nodeId)
  const reminder = node?.data.reminders[timer.reminder]
  if (!made || !node || !reminder) return
  made.timerIds = made.timerIds.filter((id) => id in run.state.timers)
  const tz =
    run.flow.resources.calendars?.find((c) => c.id === node.data.calendarId)?.timezone ?? 'UTC'
  const overlay = {
    'booking.id': timer.bookingId,
    'booking.start': made.start,
    'booking.date': formatDate(run.locale, localDate(made.start, tz), 'long'),
    'booking.time': formatTime(run.locale, made.start, tz),
    'booking.service': node.data.service.name,
  }
  const text = render(run, reminder.text, overlay)
  const buttons = manageButtons(run, node, timer.bookingId)
  const opts = { nodeId: node.id, tag: 'CONFIRMED_EVENT_UPDATE' as const }
  // The reminder is when plans change: Cancel / Reschedule right under it.
  if (buttons.length) send(run, { kind: 'buttons', text, buttons }, opts)
  else sendText(run, text, opts)
}

/** Cancel / Reschedule for a booking, as the node allows them. */
export function manageButtons(run: Run, node: BookingNode, bookingId: string) {
  const ph = node.data.phrases
  return [
    ...(node.data.allowCancel
      ? [
          {
            type: 'postback' as const,
            title: phrase(run, 'cancel', {}, ph),
            payload: makePayload('bk', bookingId, 'cancel'),
          },
        ]
      : []),
    ...(node.data.allowReschedule
      ? [
          {
            type: 'postback' as const,
            title: phrase(run, 'reschedule', {}, ph),
            payload: makePayload('bk', bookingId, 'reschedule'),
          },
        ]
      : []),
  ]
}

/** The Cancel / Reschedule buttons under a booking confirmation, tapped at any later time. */
export function manageBooking(
  run: Run,
  tap: ParsedPayload,
  restart: (nodeId: string) => void,
): void {
  const bookingId = tap.nodeId
  const made = run.state.bookings[bookingId]
  if (!made) return
  const node = bookingNode(run, made.nodeId)
  if (tap.value === 'cancel') {
    cancelBooking(run, bookingId)
    sendText(run, phrase(run, 'booking_cancelled', {}, node?.data.phrases), { nodeId: made.nodeId })
    return
  }
  if (tap.value === 'reschedule' && node) {
    restart(node.id)
    // The old booking stays until a new time is booked, so backing out keeps it.
    if (run.state.wait?.kind === 'booking')
      run.state.wait = { ...run.state.wait, replaces: bookingId }
  }
}

function bookingNode(run: Run, nodeId: string): BookingNode | undefined {
  const node = run.index.nodes.get(nodeId)
  return node?.type === 'booking' ? node : undefined
}

/** The calendar date of an instant in a zone, as YYYY-MM-DD. */
function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant))
}
