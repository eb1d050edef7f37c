import type { BookingNode, InboundEvent, SlotDay, WaitOf } from '@charla/flow-schema'
import {
  eventPayload,
  eventText,
  go,
  stay,
  unhandled,
  waitFor,
  type NodeHandler,
  type Outcome,
} from '../NodeHandler'
import { formatDate, formatTime, formatZone } from '../format'
import { makePayload, parsePayload } from '../payload'
import { phrase } from '../phrase'
import { emit, nextId, type Run } from '../Run'
import { quickReply, send, sendText } from '../send'
import { cancelTimer, scheduleTimer } from '../timers'
import { fold } from '../validateAnswer'
import { render } from '../variables'

type BookingWait = WaitOf<'booking'>
/** Quick replies are capped at 13: the days or times, plus the navigation replies. */
const MAX_DAYS = 12
const TIMES_PER_PAGE = 10
/** Unrecognised replies tolerated before the booking counts as declined. */
const MAX_MISSES = 2

/**
 * Finds free days, offers them, then the times of the chosen day, holds the slot while the
 * person confirms, and books it. Availability and holds are the runtime's (the database
 * enforces capacity); the engine only holds the conversation.
 */
export const booking: NodeHandler<'booking'> = {
  enter(run, node) {
    return findSlots(run, node, { kind: 'booking', nodeId: node.id, stage: 'finding', misses: 0 })
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'booking') return unhandled
    switch (event.type) {
      case 'slots_found':
        if (wait.stage !== 'finding' || event.requestId !== wait.requestId) return unhandled
        return onSlots(run, node, wait, event.days, event.timezone)
      case 'slot_held':
        if (wait.stage !== 'holding' || event.requestId !== wait.requestId) return unhandled
        if (!event.ok || !event.holdId) {
          sendText(run, phrase(run, 'slot_taken', {}, node.data.phrases), { nodeId: node.id })
          return findSlots(run, node, { ...wait, stage: 'finding' })
        }
        return askConfirm(run, node, { ...wait, stage: 'confirm', holdId: event.holdId })
      case 'booking_confirmed':
        if (wait.stage !== 'confirming' || event.requestId !== wait.requestId) return unhandled
        if (!event.ok || !event.bookingId) {
          sendText(run, phrase(run, 'slot_taken', {}, node.data.phrases), { nodeId: node.id })
          return findSlots(run, node, { ...wait, stage: 'finding' })
        }
        return booked(run, node, wait, event.bookingId, event.icsUrl, event.reminders)
      case 'message':
      case 'postback':
        return onReply(run, node, wait, event)
      default:
        return unhandled
    }
  },
}

function findSlots(run: Run, node: BookingNode, wait: BookingWait): Outcome {
  const requestId = nextId(run, 'b')
  emit(run, {
    type: 'find_slots',
    requestId,
    nodeId: node.id,
    calendarId: node.data.calendarId,
    durationMinutes: node.data.service.durationMinutes,
    daysAhead: node.data.daysAhead,
  })
  const { holdId: _h, days: _d, day: _day, start: _s, ...rest } = wait
  return waitFor({ ...rest, stage: 'finding', requestId })
}

function onSlots(
  run: Run,
  node: BookingNode,
  wait: BookingWait,
  days: SlotDay[],
  timezone: string,
): Outcome {
  const open = days.filter((d) => d.slots.length > 0).slice(0, MAX_DAYS)
  if (!open.length) return go('no_slots')
  const next: BookingWait = { ...wait, stage: 'pick_day', days: open, timezone }
  return offerDays(run, node, next, render(run, node.data.prompt))
}

function offerDays(run: Run, node: BookingNode, wait: BookingWait, text: string): Outcome {
  const ph = node.data.phrases
  const replies = (wait.days ?? []).map((d) =>
    quickReply(formatDate(run.locale, d.date, 'short'), makePayload('b', node.id, `day:${d.date}`)),
  )
  replies.push(quickReply(phrase(run, 'no_thanks', {}, ph), makePayload('b', node.id, 'no')))
  sendText(run, text, { nodeId: node.id, quickReplies: replies })
  const { day: _d, page: _p, ...rest } = wait
  return waitFor({ ...rest, stage: 'pick_day' })
}

function offerTimes(
  run: Run,
  node: BookingNode,
  wait: BookingWait,
  date: string,
  page: number,
): Outcome {
  const ph = node.data.phrases
  const tz = wait.timezone ?? 'UTC'
  const slots = wait.days?.find((d) => d.date === date)?.slots ?? []
  const shown = slots.slice(page * TIMES_PER_PAGE, (page + 1) * TIMES_PER_PAGE)
  if (!shown.length) return offerDays(run, node, wait, phrase(run, 'pick_day', {}, ph))
  const replies = shown.map((s) =>
    quickReply(formatTime(run.locale, s.start, tz), makePayload('b', node.id, `time:${s.start}`)),
  )
  if (slots.length > (page + 1) * TIMES_PER_PAGE)
    replies.push(quickReply(phrase(run, 'more_times', {}, ph), makePayload('b', node.id, 'more')))
  replies.push(quickReply(phrase(run, 'other_day', {}, ph), makePayload('b', node.id, 'other_day')))
  replies.push(quickReply(phrase(run, 'no_thanks', {}, ph), makePayload('b', node.id, 'no')))
  const first = shown[0]?.start ?? ''
  const text = phrase(
    run,
    'pick_time',
    { day: formatDate(run.locale, date, 'long'), timezone: formatZone(run.locale, first, tz) },
    ph,
  )
  sendText(run, text, { nodeId: node.id, quickReplies: replies })
  return waitFor({ ...wait, stage: 'pick_time', day: date, page })
}

function askConfirm(run: Run, node: BookingNode, wait: BookingWait): Outcome {
  const ph = node.data.phrases
  const tz = wait.timezone ?? 'UTC'
  const start = wait.start ?? ''
  const text = phrase(
    run,
    'booking_summary',
    {
      service: node.data.service.name,
      date: formatDate(run.locale, wait.day ?? start.slice(0, 10), 'long'),
      time: formatTime(run.locale, start, tz),
      timezone: formatZone(run.locale, start, tz),
    },
    ph,
  )
  send(
    run,
    {
      kind: 'buttons',
      text,
      buttons: [
        {
          type: 'postback',
          title: phrase(run, 'confirm', {}, ph),
          payload: makePayload('b', node.id, 'confirm'),
        },
        {
          type: 'postback',
          title: phrase(run, 'other_day', {}, ph),
          payload: makePayload('b', node.id, 'other_day'),
        },
        {
          type: 'postback',
          title: phrase(run, 'no_thanks', {}, ph),
          payload: makePayload('b', node.id, 'no'),
        },
      ],
    },
    { nodeId: node.id },
  )
  return waitFor(wait)
}

function onReply(run: Run, node: BookingNode, wait: BookingWait, event: InboundEvent): Outcome {
  const choice = readChoice(run, node, wait, event)
  if (choice === 'no') return decline(run, wait)
  if (
    wait.stage === 'pick_day' &&
    choice?.startsWith('day:') &&
    wait.days?.some((d) => d.date === choice.slice(4))
  )
    return offerTimes(run, node, wait, choice.slice(4), 0)
  if (wait.stage === 'pick_time' && choice === 'more')
    return offerTimes(run, node, wait, wait.day ?? '', (wait.page ?? 0) + 1)
  if ((wait.stage === 'pick_time' || wait.stage === 'confirm') && choice === 'other_day') {
    release(run, wait)
    return findSlots(run, node, { ...wait, stage: 'finding' })
  }
  if (wait.stage === 'pick_time' && choice?.startsWith('time:') && offered(wait, choice.slice(5))) {
    const start = choice.slice(5)
    const requestId = nextId(run, 'b')
    emit(run, {
      type: 'hold_slot',
      requestId,
      nodeId: node.id,
      calendarId: node.data.calendarId,
      start,
      durationMinutes: node.data.service.durationMinutes,
    })
    return waitFor({ ...wait, stage: 'holding', requestId, start })
  }
  if (wait.stage === 'confirm' && choice === 'confirm' && wait.holdId) {
    const requestId = nextId(run, 'b')
    emit(run, {
      type: 'confirm_booking',
      requestId,
      nodeId: node.id,
      holdId: wait.holdId,
      service: node.data.service.name,
      ...(wait.replaces ? { replaces: wait.replaces } : {}),
    })
    return waitFor({ ...wait, stage: 'confirming', requestId })
  }
  // Waiting on the runtime (finding, holding, confirming): a message in between changes nothing.
  if (wait.stage === 'finding' || wait.stage === 'holding' || wait.stage === 'confirming')
    return stay
  if (wait.misses >= MAX_MISSES) return decline(run, wait)
  const retry = phrase(run, 'retry_choice', {}, node.data.phrases)
  const missed = { ...wait, misses: wait.misses + 1 }
  if (wait.stage === 'pick_day') return offerDays(run, node, missed, retry)
  if (wait.stage === 'pick_time') {
    sendText(run, retry, { nodeId: node.id })
    return offerTimes(run, node, missed, wait.day ?? '', wait.page ?? 0)
  }
  sendText(run, retry, { nodeId: node.id })
  return askConfirm(run, node, missed)
}

/** Our payload, or typed text matching a day or time as we showed it. */
function readChoice(
  run: Run,
  node: BookingNode,
  wait: BookingWait,
  event: InboundEvent,
): string | undefined {
  const parsed = parsePayload(eventPayload(event))
  if (parsed?.scope === 'b' && parsed.nodeId === node.id) return parsed.value
  const text = fold(eventText(event) ?? '')
  if (!text) return undefined
  const ph = node.data.phrases
  const named: [string, string][] = [
    [phrase(run, 'no_thanks', {}, ph), 'no'],
    [phrase(run, 'other_day', {}, ph), 'other_day'],
    [phrase(run, 'more_times', {}, ph), 'more'],
    [phrase(run, 'confirm', {}, ph), 'confirm'],
  ]
  const hit = named.find(([title]) => fold(title) === text)
  if (hit) return hit[1]
  if (wait.stage === 'pick_day')
    for (const d of wait.days ?? [])
      if (fold(formatDate(run.locale, d.date, 'short')) === text) return `day:${d.date}`
  if (wait.stage === 'pick_time') {
    const slots = wait.days?.find((d) => d.date === wait.day)?.slots ?? []
    for (const s of slots)
      if (fold(formatTime(run.locale, s.start, wait.timezone ?? 'UTC')) === text)
        return `time:${s.start}`
  }
  return undefined
}

function booked(
  run: Run,
  node: BookingNode,
  wait: BookingWait,
  bookingId: string,
  icsUrl?: string,
  scheduled?: { timerId: string; fireAt: number; reminder: number }[],
): Outcome {
  const tz = wait.timezone ?? 'UTC'
  const start = wait.start ?? ''
  const vars = run.state.vars
  vars['booking.id'] = bookingId
  vars['booking.start'] = start
  vars['booking.date'] = formatDate(run.locale, wait.day ?? start.slice(0, 10), 'long')
  vars['booking.time'] = formatTime(run.locale, start, tz)
  vars['booking.service'] = node.data.service.name
  vars['booking.calendar'] = node.data.calendarId
  if (icsUrl) vars['booking.ics_url'] = icsUrl
  const ph = node.data.phrases
  const buttons = [
    ...(icsUrl
      ? [{ type: 'url' as const, title: phrase(run, 'add_to_calendar', {}, ph), url: icsUrl }]
      : []),
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
  const text = render(run, node.data.confirmation)
  if (buttons.length) send(run, { kind: 'buttons', text, buttons }, { nodeId: node.id })
  else sendText(run, text, { nodeId: node.id })
  const startMs = Date.parse(start)
  const timerIds = scheduled
    ? // Already durable jobs, written with the booking: recorded so they are recognised.
      scheduled.map((s) => {
        run.state.timers[s.timerId] = {
          purpose: 'booking_reminder',
          nodeId: node.id,
          bookingId,
          reminder: s.reminder,
        }
        return s.timerId
      })
    : node.data.reminders.flatMap((r, i) => {
        const fireAt = startMs - r.beforeMinutes * 60_000
        if (!(fireAt > run.ctx.now)) return []
        return [
          scheduleTimer(run, fireAt, {
            purpose: 'booking_reminder',
            nodeId: node.id,
            bookingId,
            reminder: i,
          }),
        ]
      })
  run.state.bookings[bookingId] = { nodeId: node.id, start, timerIds }
  if (wait.replaces) cancelBooking(run, wait.replaces)
  return go('booked')
}

/** Cancels a booking this conversation made, with its reminders. */
export function cancelBooking(run: Run, bookingId: string): boolean {
  const made = run.state.bookings[bookingId]
  if (!made) return false
  for (const id of made.timerIds) cancelTimer(run, id)
  delete run.state.bookings[bookingId]
  emit(run, { type: 'cancel_booking', bookingId })
  return true
}

/** Only a time we showed for the chosen day can be held; an old or forged tap cannot. */
function offered(wait: BookingWait, start: string): boolean {
  return wait.days?.find((d) => d.date === wait.day)?.slots.some((s) => s.start === start) ?? false
}

function decline(run: Run, wait: BookingWait): Outcome {
  release(run, wait)
  return go('declined')
}

function release(run: Run, wait: BookingWait): void {
  if (wait.holdId) emit(run, { type: 'release_hold', holdId: wait.holdId })
}
