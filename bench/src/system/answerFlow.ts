import type { Flow } from '@charla/flow-schema'

export const ANSWER_TEXT = 'Thanks, we got your message.'

/**
 * The flow the system benchmarks publish: the default trigger answers every message with one
 * message, so each event a person sends gets exactly one Send API call back. Written out rather
 * than built with `@charla/flow-schema/testing`, which would load fast-check into the server.
 */
export const answerFlow: Flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'bench_answer',
  name: 'Answers every message',
  variables: [],
  resources: {},
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'default' } },
    { id: 'm', type: 'message', position: { x: 250, y: 0 }, data: { text: ANSWER_TEXT } },
  ],
  edges: [{ id: 't__next', source: 't', sourceHandle: 'next', target: 'm' }],
}
