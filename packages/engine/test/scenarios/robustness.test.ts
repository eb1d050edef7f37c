import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import { converse, getStarted, say, tapQuick } from '../converse'
import { MAX_TEXT_VALUE } from '../../src/variables'

// Cases the property tests found; each pins the fix.
describe('robustness', () => {
  const booking = makeFlow({
    resources: {
      calendars: [
        {
          id: 'cal',
          name: 'Cal',
          timezone: 'UTC',
          slotMinutes: 30,
          bufferMinutes: 0,
          capacity: 1,
          weeklyHours: {},
        },
      ],
    },
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('b', 'booking', {
        calendarId: 'cal',
        service: { name: 'Call', durationMinutes: 30 },
        prompt: 'When?',
        daysAhead: 7,
        confirmation: 'Booked',
        reminders: [],
        allowCancel: false,
        allowReschedule: false,
      }),
    ],
    edges: chain('t', 'b'),
  })
  const days = [
    { date: '2026-11-24', slots: [{ start: '2026-11-24T10:00:00Z', end: '2026-11-24T10:30:00Z' }] },
  ]

  it('ignores a booking result that arrives in the wrong stage', () => {
    const c = converse(booking)
    c.send(getStarted())
    expect(c.send({ type: 'slot_held', requestId: 'b1', ok: true, holdId: 'h' })).toEqual([])
    expect(
      c.send({ type: 'booking_confirmed', requestId: 'b1', ok: true, bookingId: 'x' }),
    ).toEqual([])
    expect(c.state.wait).toMatchObject({ kind: 'booking', stage: 'finding' })
  })

  it('holds only a time it offered, whatever a forged tap says', () => {
    const c = converse(booking)
    c.send(getStarted())
    c.send({ type: 'slots_found', requestId: 'b1', timezone: 'UTC', days })
    c.send(tapQuick('b:b:day:2026-11-24'))
    expect(c.send(tapQuick('b:b:time:not-a-time'))).toEqual([
      'bot: Please pick one of the options.',
      'bot: Free times on Tuesday, November 24 (Coordinated Universal Time): {10:00 AM | Other day | No, thanks}',
    ])
    expect(c.send(tapQuick('b:b:day:2030-01-01'))).not.toContain('hold')
  })

  it('prints a malformed date as the text it is', () => {
    const flow = makeFlow({
      variables: [variable('d', 'date')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('s', 'set_variable', {
          assignments: [{ variable: 'd', op: 'set', value: '2026-13-01' }],
        }),
        node('e', 'end', { text: 'On {{d}}' }),
      ],
      edges: chain('t', 's', 'e'),
    })
    expect(converse(flow).send(getStarted())).toEqual(['bot: On 2026-13-01'])
  })

  it('keeps a counter finite when it would overflow', () => {
    const flow = makeFlow({
      variables: [variable('n', 'number')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('s', 'set_variable', {
          assignments: [
            { variable: 'n', op: 'increment', value: 1e308 },
            { variable: 'n', op: 'increment', value: 1e308 },
          ],
        }),
      ],
      edges: chain('t', 's'),
    })
    const c = converse(flow)
    c.send(getStarted())
    expect(c.state.vars.n).toBe(1e308)
  })

  it('caps a value that a loop keeps doubling, and stops the loop by its budget', () => {
    const flow = makeFlow({
      variables: [variable('x')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('grow', 'set_variable', {
          assignments: [{ variable: 'x', op: 'append', value: '{{x}}ab' }],
        }),
      ],
      edges: [...chain('t', 'grow'), edge('grow', 'next', 'grow')],
    })
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual(['error step_budget_exceeded'])
    expect(String(c.state.vars.x).length).toBe(MAX_TEXT_VALUE)
  })

  it('counts a resumed lead form against the step budget', () => {
    const flow = makeFlow({
      variables: [variable('name')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('f', 'lead_form', {
          fields: [{ id: 'n', variable: 'name', prompt: 'Name?', input: 'text', required: true }],
          abandonAfterMinutes: 1,
          completion: 'Thanks',
        }),
        node('loop', 'tag', { add: ['x'] }),
      ],
      edges: [...chain('t', 'f'), edge('f', 'completed', 'loop'), edge('loop', 'next', 'loop')],
    })
    const c = converse(flow)
    c.send(getStarted())
    c.fireNextTimer()
    c.send(say('Ana'))
    const entered = c.actions.filter((a) => a.type === 'analytics' && a.event === 'node_entered')
    expect(entered).toHaveLength(500)
    expect(c.actions).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'step_budget_exceeded' }),
    )
  })

  it('cuts a text that templates made longer than Messenger takes', () => {
    const flow = makeFlow({
      variables: [variable('bio')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('q', 'question', { text: 'Bio?', variable: 'bio', input: 'text' }),
        node('m', 'message', {
          text: 'You said: {{bio}}',
          quickReplies: [{ id: 'a', title: '{{bio}}' }],
        }),
      ],
      edges: chain('t', 'q', 'm'),
    })
    const c = converse(flow)
    c.send(getStarted())
    c.send(say('x'.repeat(3000)))
    const sent = c.actions.find((a) => a.type === 'send')
    if (sent?.type !== 'send' || sent.message.kind !== 'text') throw new Error('expected a text')
    expect([...sent.message.text]).toHaveLength(2000)
    expect(sent.message.text.endsWith('…')).toBe(true)
    expect(sent.message.quickReplies?.[0]).toMatchObject({ title: `${'x'.repeat(19)}…` })
  })
})
