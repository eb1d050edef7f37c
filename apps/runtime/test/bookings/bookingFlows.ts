import type { Flow } from '@charla/flow-schema'
import { chain, edge, makeFlow, node } from '@charla/flow-schema/testing'

/** A barber in Madrid: one chair, 30-minute slots on weekdays, a reminder an hour before. */
export function barberFlow(over: { capacity?: number; reminders?: number[] } = {}): Flow {
  const hours: [string, string][] = [['09:00', '18:00']]
  return makeFlow({
    id: 'barber',
    locale: 'en-GB',
    resources: {
      calendars: [
        {
          id: 'chair',
          name: 'Chair 1',
          timezone: 'Europe/Madrid',
          slotMinutes: 30,
          bufferMinutes: 0,
          capacity: over.capacity ?? 1,
          weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
          minNoticeMinutes: 60,
        },
      ],
    },
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('b', 'booking', {
        calendarId: 'chair',
        service: { name: 'Haircut', durationMinutes: 30 },
        prompt: 'When would you like to come?',
        daysAhead: 7,
        confirmation: 'Booked: {{booking.service}} on {{booking.date}} at {{booking.time}}.',
        reminders: (over.reminders ?? [60]).map((m) => ({
          beforeMinutes: m,
          text: 'Reminder: {{booking.service}} today at {{booking.time}}.',
        })),
        allowCancel: true,
        allowReschedule: true,
      }),
      node('ok', 'end', { text: 'See you then!' }),
      node('no', 'end', { text: 'Maybe another time.' }),
      node('full', 'end', { text: 'We are fully booked this week.' }),
    ],
    edges: [
      ...chain('t', 'b'),
      edge('b', 'booked', 'ok'),
      edge('b', 'declined', 'no'),
      edge('b', 'no_slots', 'full'),
    ],
  })
}

/** Monday 23 November 2026, 08:00 UTC (09:00 in Madrid). */
export const MONDAY = Date.parse('2026-11-23T08:00:00Z')
