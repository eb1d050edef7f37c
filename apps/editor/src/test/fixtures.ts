import type { Flow } from '@charla/flow-schema'

export function flowA(): Flow {
  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id: 'flow_a',
    name: 'A',
    variables: [
      { name: 'email', type: 'email', scope: 'contact' },
      { name: 'unused', type: 'text', scope: 'conversation' },
    ],
    resources: {
      calendars: [
        {
          id: 'cal',
          name: 'Clinic',
          timezone: 'Europe/Madrid',
          slotMinutes: 30,
          bufferMinutes: 0,
          capacity: 1,
          weeklyHours: { mon: [['09:00', '17:00']] },
        },
      ],
      products: [{ id: 'tee', name: 'T-shirt', priceMinor: 1500, currency: 'EUR' }],
    },
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
      {
        id: 'ask',
        type: 'question',
        position: { x: 300, y: 0 },
        data: { text: 'Email, {{contact.first_name}}?', variable: 'email', input: 'email' },
      },
      {
        id: 'book',
        type: 'booking',
        position: { x: 600, y: 0 },
        data: {
          calendarId: 'cal',
          service: { name: 'Cut', durationMinutes: 30 },
          prompt: 'When?',
          daysAhead: 7,
          confirmation: 'Booked',
          reminders: [],
          allowCancel: true,
          allowReschedule: true,
        },
      },
      {
        id: 'shop',
        type: 'catalog',
        position: { x: 900, y: 0 },
        data: { productIds: ['tee'], buttonTitle: 'Buy', cartVariable: 'cart', mode: 'single' },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'book' },
    ],
  }
}

export function flowB(): Flow {
  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id: 'flow_b',
    name: 'B',
    variables: [],
    resources: {},
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
      { id: 'ask', type: 'message', position: { x: 0, y: 200 }, data: { text: 'Hello' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' }],
  }
}
