import type { ConversationState } from '@charla/flow-schema'
import type { Booking, Storage } from '@charla/storage'
import { planWrites } from '../../pipeline/planWrites'
import { cancelWithReminders } from './createBookingHandlers'

/** What the person is told when the business cancels, per language (the flow's locale). */
const TOLD: Record<string, string> = {
  en: 'Sorry, your {service} on {when} has been cancelled. Write to us to book another time.',
  es: 'Lo sentimos, tu cita de {service} del {when} se ha cancelado. Escríbenos para reservar otra hora.',
  it: 'Ci dispiace, il tuo appuntamento per {service} di {when} è stato annullato. Scrivici per prenotare un altro orario.',
  pt: 'Lamentamos, a sua marcação de {service} de {when} foi cancelada. Escreva-nos para marcar outra hora.',
  fr: 'Désolés, votre rendez-vous {service} du {when} est annulé. Écrivez-nous pour réserver un autre créneau.',
}

/**
 * The business cancels a booking (the bookings view): in ONE transaction the booking is
 * cancelled with its places and reminder jobs, the conversation forgets it (so a reminder
 * already queued finds nothing to send), and the message telling the person is queued in
 * the outbox, tagged CONFIRMED_EVENT_UPDATE for when their 24-hour window has closed.
 */
export async function cancelByBusiness(
  storage: Storage,
  bookingId: string,
  now: number,
): Promise<Booking | undefined> {
  return storage.transaction(async (tx) => {
    const booking = await cancelWithReminders(tx, bookingId, 'business', now)
    if (!booking) return undefined
    const conversation = await tx.conversations.get(booking.pageId, booking.psid)
    if (conversation?.state.bookings[booking.id])
      await tx.conversations.save(
        {
          pageId: booking.pageId,
          psid: booking.psid,
          flowVersionId: conversation.flowVersionId,
          state: forget(conversation.state, booking.id),
        },
        conversation.version,
        now,
      )
    const version = await tx.flows.getVersion(booking.flowVersionId)
    const locale = version?.flow.locale ?? 'en-US'
    const text = (TOLD[locale.slice(0, 2)] ?? TOLD.en!)
      .replace('{service}', booking.service)
      .replace('{when}', when(locale, booking.start, booking.timezone))
    const plan = planWrites(
      [
        {
          type: 'send',
          nodeId: booking.nodeId,
          message: { kind: 'text', text },
          tag: 'CONFIRMED_EVENT_UPDATE',
        },
      ],
      { pageId: booking.pageId, psid: booking.psid, flowVersionId: booking.flowVersionId, now },
    )
    await tx.outbox.add(plan.outbox)
    return booking
  })
}

function forget(state: ConversationState, bookingId: string): ConversationState {
  const made = state.bookings[bookingId]
  const timers = { ...state.timers }
  for (const id of made?.timerIds ?? []) delete timers[id]
  const bookings = { ...state.bookings }
  delete bookings[bookingId]
  return { ...state, timers, bookings }
}

function when(locale: string, start: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(start))
  } catch {
    return new Date(start).toISOString()
  }
}
