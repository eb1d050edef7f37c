import type { Flow } from '@charla/flow-schema'

/**
 * What "New flow" opens: a Get Started trigger and a welcome message, publishable as it is.
 */
export function blankFlow(id: string, name: string): Flow {
  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id,
    name,
    variables: [],
    resources: {},
    nodes: [
      {
        id: 'start',
        type: 'trigger',
        position: { x: 0, y: 0 },
        label: 'Get Started button',
        data: { on: 'get_started' },
      },
      {
        id: 'welcome',
        type: 'message',
        position: { x: 320, y: 0 },
        data: { text: 'Hi {{contact.first_name}}! How can we help you today?' },
      },
    ],
    edges: [{ id: 'start__next', source: 'start', sourceHandle: 'next', target: 'welcome' }],
  }
}
