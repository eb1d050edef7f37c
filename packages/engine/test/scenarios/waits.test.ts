import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import { converse, getStarted, say } from '../converse'

describe('delay', () => {
  const flow = makeFlow({
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('hi', 'message', { text: 'Hi' }),
      node('d', 'delay', { amount: 2, unit: 'days' }),
      node('later', 'message', { text: 'Still there?' }),
      node('kw', 'trigger', { on: 'keyword', keywords: ['stop'] }),
      node('bye', 'end', { text: 'Stopped' }),
    ],
    edges: [...chain('t', 'hi', 'd', 'later'), ...chain('kw', 'bye')],
  })

  it('schedules a durable timer and continues when it fires', () => {
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual(['bot: Hi', 'timer t1 in 2d'])
    expect(c.send(say('hello?'))).toEqual([])
    expect(c.fireNextTimer()).toEqual(['bot: Still there?'])
  })

  it('ignores a timer it no longer knows (cancelled, or fired twice)', () => {
    const c = converse(flow)
    c.send(getStarted())
    c.fireNextTimer()
    expect(c.send({ type: 'timer', timerId: 't1' })).toEqual([])
    expect(c.send({ type: 'timer', timerId: 'bogus' })).toEqual([])
  })

  it('lets a keyword interrupt the delay, cancelling its timer', () => {
    const c = converse(flow)
    c.send(getStarted())
    expect(c.send(say('STOP'))).toEqual(['cancel t1', 'bot: Stopped'])
    expect(c.pending.size).toBe(0)
  })
})

describe('http_request', () => {
  const flow = makeFlow({
    variables: [variable('email', 'email'), variable('points', 'number'), variable('tier')],
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('set', 'set_variable', {
        assignments: [{ variable: 'email', op: 'set', value: 'ana@example.com' }],
      }),
      node('h', 'http_request', {
        method: 'POST',
        url: 'https://crm.example.com/lookup?psid={{contact.psid}}',
        headers: { Authorization: 'Bearer abc' },
        body: '{"email":"{{email}}"}',
        timeoutMs: 3000,
        save: [
          { path: 'data.points', variable: 'points' },
          { path: 'data.tiers[1].name', variable: 'tier' },
        ],
      }),
      node('ok', 'end', { text: '{{points}} points, {{tier}} tier (HTTP {{http.status}})' }),
      node('err', 'end', { text: 'CRM is down' }),
    ],
    edges: [...chain('t', 'set', 'h'), edge('h', 'success', 'ok'), edge('h', 'error', 'err')],
  })

  it('emits the request with templates filled and saves fields of the JSON answer', () => {
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual([
      'http POST https://crm.example.com/lookup?psid=psid_1 {"email":"ana@example.com"}',
    ])
    expect(c.actions.find((a) => a.type === 'http_request')).toMatchObject({
      headers: { Authorization: 'Bearer abc' },
      timeoutMs: 3000,
      requestId: 'h1',
    })
    expect(c.send({ type: 'http_result', requestId: 'other', ok: true })).toEqual([])
    const body = { data: { points: 120, tiers: [{ name: 'silver' }, { name: 'gold' }] } }
    expect(c.send({ type: 'http_result', requestId: 'h1', ok: true, status: 200, body })).toEqual([
      'bot: 120 points, gold tier (HTTP 200)',
    ])
  })

  it('takes error when the request failed', () => {
    const c = converse(flow)
    c.send(getStarted())
    expect(c.send({ type: 'http_result', requestId: 'h1', ok: false, status: 503 })).toEqual([
      'bot: CRM is down',
    ])
  })
})

describe('handoff', () => {
  const flow = makeFlow({
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('h', 'handoff', { text: 'A person will answer you soon', resumeAfterMinutes: 30 }),
      node('back', 'message', { text: 'The bot is back' }),
      node('menu', 'trigger', { on: 'postback', payload: 'MENU' }),
      node('m', 'message', { text: 'Menu' }),
    ],
    edges: [...chain('t', 'h', 'back'), ...chain('menu', 'm')],
  })

  it('passes the thread to the inbox and takes it back when nobody answered in time', () => {
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual([
      'bot: A person will answer you soon',
      'handoff to inbox',
      'timer t1 in 30m',
    ])
    expect(c.state.status).toBe('handoff')
    expect(c.send(say('hello??'))).toEqual([])
    expect(c.send({ type: 'postback', payload: 'MENU' })).toEqual([])
    expect(c.fireNextTimer()).toEqual(['take control back', 'bot: The bot is back'])
  })

  it('stays with the person once they answered, until the inbox gives the thread back', () => {
    const c = converse(flow)
    c.send(getStarted())
    expect(c.send({ type: 'agent_message' })).toEqual(['cancel t1'])
    expect(c.pending.size).toBe(0)
    expect(c.send({ type: 'handoff_ended' })).toEqual(['take control back', 'bot: The bot is back'])
  })
})
