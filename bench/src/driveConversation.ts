import type { ConversationState, Flow, InboundEvent, OutboundAction } from '@charla/flow-schema'
import { createConversationState, step, type StepContext } from '@charla/engine'

/**
 * Plays a whole conversation through `flow` once, answering every wait the way a cooperative
 * person (and the runtime's timers) would, and returns the events it took. Replaying those
 * events is what the engine benchmark times, so the timed loop does no guessing.
 */
export function driveConversation(
  flow: Flow,
  ctx: StepContext,
  maxEvents = 10_000,
): InboundEvent[] {
  let state: ConversationState = createConversationState(flow, { psid: 'bench', firstName: 'Ana' })
  const events: InboundEvent[] = [{ type: 'postback', payload: 'GET_STARTED' }]
  for (let i = 0; i < maxEvents; i++) {
    const result = step(flow, state, events[events.length - 1] as InboundEvent, ctx)
    state = result.state
    if (state.status !== 'waiting') return events
    events.push(answer(flow, state, result.actions, i))
  }
  throw new Error(`the conversation did not end within ${maxEvents} events`)
}

function answer(
  flow: Flow,
  state: ConversationState,
  actions: OutboundAction[],
  turn: number,
): InboundEvent {
  const wait = state.wait
  if (!wait) throw new Error('waiting without a wait')
  switch (wait.kind) {
    case 'delay':
      return { type: 'timer', timerId: wait.timerId }
    case 'choice': {
      const payloads = actions.flatMap((a) => {
        if (a.type !== 'send') return []
        const m = a.message
        const buttons = m.kind === 'buttons' ? m.buttons : []
        const quick = 'quickReplies' in m ? (m.quickReplies ?? []) : []
        return [...buttons, ...quick].flatMap((c) => ('payload' in c ? [c.payload] : []))
      })
      const payload = payloads[turn % Math.max(payloads.length, 1)]
      if (!payload) throw new Error(`nothing to tap at ${wait.nodeId}`)
      return { type: 'postback', payload }
    }
    case 'question': {
      const node = flow.nodes.find((n) => n.id === wait.nodeId)
      if (node?.type !== 'question') throw new Error(`no question ${wait.nodeId}`)
      return {
        type: 'message',
        text: SAMPLE_ANSWERS[node.data.input] ?? node.data.choices?.[0] ?? 'hello',
      }
    }
    default:
      throw new Error(`the benchmark driver cannot answer a ${wait.kind} wait`)
  }
}

const SAMPLE_ANSWERS: Record<string, string> = {
  text: 'Hello there',
  email: 'ana@example.com',
  phone: '+34 612 345 678',
  number: '42',
  date: '2026-12-01',
}
