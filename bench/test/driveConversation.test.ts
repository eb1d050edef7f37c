import { describe, expect, it } from 'vitest'
import { createConversationState, step } from '@charla/engine'
import { parseFlow } from '@charla/flow-schema'
import { driveConversation } from '../src/driveConversation'
import { generateFlow } from '../src/generateFlow'

describe('driveConversation', () => {
  it('answers every wait of the generated flow until the conversation ends', () => {
    const parsed = parseFlow(JSON.stringify(generateFlow(200)))
    if (!parsed.ok) throw new Error('generated flow is invalid')
    const ctx = { now: Date.UTC(2026, 10, 23, 9), random: () => 0.5 }
    const events = driveConversation(parsed.flow, ctx)
    expect(events.length).toBeGreaterThan(20)
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['postback', 'message', 'timer']))
    let state = createConversationState(parsed.flow, { psid: 'bench' })
    const entered = new Set<string>()
    for (const e of events) {
      const r = step(parsed.flow, state, e, ctx)
      for (const a of r.actions)
        if (a.type === 'analytics' && a.event === 'node_entered' && a.nodeId) entered.add(a.nodeId)
      state = r.state
    }
    expect(state.status).toBe('ended')
    // The replay walks most of the flow, not a short cut through it.
    expect(entered.size).toBeGreaterThan(100)
  })
})
