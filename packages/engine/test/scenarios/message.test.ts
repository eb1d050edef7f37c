import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node } from '@charla/flow-schema/testing'
import { converse, getStarted, say, tap, tapQuick } from '../converse'

const menu = makeFlow({
  nodes: [
    node('t', 'trigger', { on: 'get_started' }),
    node('m', 'message', {
      text: 'What would you like, {{contact.first_name}}?',
      typingMs: 1200,
      attachments: [{ type: 'image', url: 'https://cdn.example.com/menu.png' }],
      buttons: [
        { id: 'book', type: 'postback', title: 'Book a cut' },
        { id: 'site', type: 'url', title: 'Website', url: 'https://example.com' },
        { id: 'ring', type: 'call', title: 'Call us', phone: '+34600111222' },
      ],
      cards: [
        {
          id: 'c1',
          title: 'Beard trim',
          subtitle: '10 €',
          imageUrl: 'https://cdn.example.com/beard.png',
          buttons: [{ id: 'beard', type: 'postback', title: 'Choose' }],
        },
      ],
      quickReplies: [
        { id: 'later', title: 'Later' },
        { id: 'mail', type: 'user_email' },
      ],
    }),
    node('booked', 'message', { text: 'Booking…' }),
    node('bearded', 'message', { text: 'Beard it is' }),
    node('bye', 'message', { text: 'See you' }),
    node('mailed', 'message', { text: 'We will write to you' }),
    node('huh', 'message', { text: 'Please use the buttons' }),
  ],
  edges: [
    ...chain('t', 'm'),
    edge('m', 'book', 'booked'),
    edge('m', 'beard', 'bearded'),
    edge('m', 'later', 'bye'),
    edge('m', 'mail', 'mailed'),
    edge('m', 'fallback', 'huh'),
  ],
})

describe('message', () => {
  it('sends typing, attachments, text with buttons, then cards carrying the quick replies', () => {
    const c = converse(menu)
    expect(c.send(getStarted())).toEqual([
      'typing 1200ms',
      'bot: image https://cdn.example.com/menu.png',
      'bot: What would you like, Ana? [Book a cut] [Website → https://example.com] [Call us]',
      'bot: cards: Beard trim / 10 € [Choose] {Later | user_email}',
    ])
    expect(c.state.wait).toEqual({ kind: 'choice', nodeId: 'm' })
  })

  it('follows the tapped postback button, card button or quick reply', () => {
    const a = converse(menu)
    a.send(getStarted())
    expect(a.send(tap('c:m:book', 'Book a cut'))).toEqual(['bot: Booking…'])
    const b = converse(menu)
    b.send(getStarted())
    expect(b.send(tap('c:m:beard'))).toEqual(['bot: Beard it is'])
    const q = converse(menu)
    q.send(getStarted())
    expect(q.send(tapQuick('c:m:later', 'Later'))).toEqual(['bot: See you'])
  })

  it("takes Messenger's email quick reply, which comes back with the address as payload", () => {
    const c = converse(menu)
    c.send(getStarted())
    expect(c.send(tapQuick('ana@example.com'))).toEqual(['bot: We will write to you'])
  })

  it('understands a typed button title and sends anything else to fallback', () => {
    const c = converse(menu)
    c.send(getStarted())
    expect(c.send(say('  BOOK A CUT '))).toEqual(['bot: Booking…'])
    const f = converse(menu)
    f.send(getStarted())
    expect(f.send(say('how much?'))).toEqual(['bot: Please use the buttons'])
  })

  it('lets a person tap a button of an earlier message and continue from there', () => {
    const c = converse(menu)
    c.send(getStarted())
    c.send(tap('c:m:later'))
    expect(c.state.status).toBe('ended')
    expect(c.send(tap('c:m:beard'))).toEqual(['bot: Beard it is'])
  })

  it('marks every send of a tagged message with its tag', () => {
    const flow = makeFlow({
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('m', 'message', { text: 'Your account was approved', tag: 'ACCOUNT_UPDATE' }),
      ],
      edges: chain('t', 'm'),
    })
    expect(converse(flow).send(getStarted())).toEqual([
      'bot: Your account was approved (tag ACCOUNT_UPDATE)',
    ])
  })

  it('ends the conversation where an output has no edge, and says so in analytics', () => {
    const flow = makeFlow({
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('m', 'message', { text: 'Only this' }),
      ],
      edges: chain('t', 'm'),
    })
    const c = converse(flow, { analytics: true })
    expect(c.send(getStarted())).toEqual([
      '~ conversation_started t',
      '~ node_entered t',
      '~ output_taken t next',
      '~ node_left t',
      '~ node_entered m',
      'bot: Only this',
      '~ output_taken m next',
      '~ node_left m',
      '~ conversation_ended m',
    ])
    expect(c.actions.at(-1)).toEqual({
      type: 'analytics',
      event: 'conversation_ended',
      nodeId: 'm',
      data: { reason: 'unconnected_output' },
    })
  })
})
