import type { Flow } from '@charla/flow-schema'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'

/** Answers every message with "got <message>", so order can be read off the replies. */
export const echoFlow: Flow = makeFlow({
  id: 'echo',
  variables: [variable('said')],
  nodes: [
    node('t', 'trigger', { on: 'default' }),
    node('hi', 'message', { text: 'ready' }),
    node('q', 'question', { text: '…', variable: 'said', input: 'text' }),
    node('got', 'message', { text: 'got {{said}}' }),
    node('again', 'jump', { target: 'q2' }),
    node('q2', 'question', { text: 'more?', variable: 'said', input: 'text' }),
  ],
  edges: [
    ...chain('t', 'hi', 'q'),
    edge('q', 'next', 'got'),
    ...chain('got', 'again'),
    edge('q2', 'next', 'got'),
  ],
})

/** A greeting, a wait, and a second message: for crash and timer tests. */
export function delayFlow(seconds: number): Flow {
  return makeFlow({
    id: 'delayed',
    nodes: [
      node('t', 'trigger', { on: 'default' }),
      node('hello', 'message', { text: 'hello, back soon' }),
      node('d', 'delay', { amount: seconds, unit: 'seconds' }),
      node('later', 'message', { text: 'I am back' }),
    ],
    edges: chain('t', 'hello', 'd', 'later'),
  })
}

/** A message after a two-day wait, with no tag: Messenger would refuse it. */
export const lateFlow: Flow = makeFlow({
  id: 'late',
  nodes: [
    node('t', 'trigger', { on: 'default' }),
    node('hello', 'message', { text: 'hello' }),
    node('d', 'delay', { amount: 2, unit: 'days' }),
    node('promo', 'message', { text: 'a promotion two days later' }),
  ],
  edges: chain('t', 'hello', 'd', 'promo'),
})
