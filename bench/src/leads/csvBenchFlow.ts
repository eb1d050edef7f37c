import type { Flow } from '@charla/flow-schema'

/** A published flow with one lead form: its fields are the export's answer columns. */
export const csvBenchFlow: Flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'bench_leads',
  name: 'Kitchen quotes',
  locale: 'es-ES',
  variables: [
    { name: 'email', type: 'email', scope: 'contact' },
    { name: 'phone', type: 'phone', scope: 'contact' },
    { name: 'company', type: 'text', scope: 'conversation' },
    { name: 'budget', type: 'number', scope: 'conversation' },
    { name: 'notes', type: 'text', scope: 'conversation' },
  ],
  resources: {},
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'form',
      type: 'lead_form',
      position: { x: 300, y: 0 },
      data: {
        fields: [
          { id: 'f1', variable: 'email', prompt: 'Email?', input: 'email', required: true },
          { id: 'f2', variable: 'phone', prompt: 'Phone?', input: 'phone', required: false },
          { id: 'f3', variable: 'company', prompt: 'Company?', input: 'text', required: false },
          { id: 'f4', variable: 'budget', prompt: 'Budget?', input: 'number', required: false },
          { id: 'f5', variable: 'notes', prompt: 'Anything else?', input: 'text', required: false },
        ],
        completion: 'Gracias',
      },
    },
  ],
  edges: [{ id: 'e', source: 't', sourceHandle: 'next', target: 'form' }],
}
