import { describe, expect, it } from 'vitest'
import { chain, makeFlow, node, variable } from '@charla/flow-schema/testing'
import { converse, getStarted, say, tap } from '../converse'

const entryFlow = makeFlow({
  variables: [variable('email', 'email')],
  nodes: [
    node('start', 'trigger', { on: 'get_started' }),
    node('hello', 'message', { text: 'Welcome!' }),
    node('spring', 'trigger', { on: 'ref', ref: 'spring_promo' }),
    node('promo', 'message', { text: 'Spring promo: 20% off' }),
    node('kw', 'trigger', { on: 'keyword', keywords: ['price', 'Precio'], match: 'contains' }),
    node('prices', 'message', { text: 'Haircut 15€' }),
    node('menu', 'trigger', { on: 'postback', payload: 'MENU_HOURS' }),
    node('hours', 'message', { text: 'Open 9 to 5' }),
    node('fallback', 'trigger', { on: 'default' }),
    node('ask', 'question', { text: 'What is your email?', variable: 'email', input: 'email' }),
    node('thanks', 'end', { text: 'Got it' }),
  ],
  edges: [
    ...chain('start', 'hello'),
    ...chain('spring', 'promo'),
    ...chain('kw', 'prices'),
    ...chain('menu', 'hours'),
    ...chain('fallback', 'ask', 'thanks'),
  ],
})

describe('triggers', () => {
  it('starts at get_started when the Get Started button is tapped', () => {
    const c = converse(entryFlow)
    expect(c.send(getStarted())).toEqual(['bot: Welcome!'])
    expect(c.state.status).toBe('ended')
    expect(c.state.source).toEqual({ trigger: 'get_started' })
  })

  it('starts at the ref trigger for an m.me link into an existing thread', () => {
    const c = converse(entryFlow)
    expect(
      c.send({ type: 'referral', referral: { ref: 'spring_promo', source: 'SHORTLINK' } }),
    ).toEqual(['bot: Spring promo: 20% off'])
    expect(c.state.source).toMatchObject({
      trigger: 'ref',
      ref: 'spring_promo',
      referralSource: 'SHORTLINK',
    })
  })

  it('prefers the ref inside a Get Started postback (new thread from an ad) over get_started', () => {
    const c = converse(entryFlow)
    const out = c.send({
      type: 'postback',
      payload: 'GET_STARTED',
      referral: { ref: 'SPRING_PROMO', source: 'ADS', adId: 'ad_42' },
    })
    expect(out).toEqual(['bot: Spring promo: 20% off'])
    expect(c.state.source).toEqual({
      trigger: 'ref',
      ref: 'SPRING_PROMO',
      referralSource: 'ADS',
      adId: 'ad_42',
    })
  })

  it('matches keywords as whole words, ignoring case and accents', () => {
    const c = converse(entryFlow)
    expect(c.send(say('What is the PRICE?'))).toEqual(['bot: Haircut 15€'])
    expect(converse(entryFlow).send(say('¿precio por favor?'))).toEqual(['bot: Haircut 15€'])
    // "priceless" contains "price" but not as a word: the default trigger takes it.
    expect(converse(entryFlow).send(say('priceless'))).toEqual(['bot: What is your email?'])
  })

  it('answers a persistent-menu postback even in the middle of a question', () => {
    const c = converse(entryFlow)
    expect(c.send(say('hello'))).toEqual(['bot: What is your email?'])
    expect(c.send(tap('MENU_HOURS'))).toEqual(['bot: Open 9 to 5'])
    expect(c.state.status).toBe('ended')
  })

  it('gives a reply to the open question rather than to a keyword trigger', () => {
    const c = converse(entryFlow)
    c.send(say('hello'))
    expect(c.send(say('price'))).toEqual([
      "bot: That doesn't look like an email address. Please type it again (like name@example.com).",
    ])
    expect(c.state.wait).toMatchObject({ kind: 'question', nodeId: 'ask', retries: 1 })
  })

  it('ignores an event no trigger claims', () => {
    const flow = makeFlow({ nodes: [node('t', 'trigger', { on: 'get_started' })] })
    const c = converse(flow)
    expect(c.send(say('anyone?'))).toEqual([])
    expect(c.actions).toEqual([])
    expect(c.state.status).toBe('idle')
  })

  it('answers a comment with a private reply, then waits for the person to write back', () => {
    const flow = makeFlow({
      nodes: [
        node('c', 'trigger', {
          on: 'comment',
          postId: 'post_1',
          keywords: ['info'],
          privateReply: 'Hi! Want the details?',
        }),
        node('m', 'message', { text: 'Here they are' }),
      ],
      edges: chain('c', 'm'),
    })
    const c = converse(flow)
    expect(c.send({ type: 'comment', commentId: 'cm_9', postId: 'post_2', text: 'info' })).toEqual(
      [],
    )
    expect(
      c.send({ type: 'comment', commentId: 'cm_1', postId: 'post_1', text: 'Info please' }),
    ).toEqual(['bot: Hi! Want the details? (private reply to cm_1)'])
    expect(c.state.wait).toEqual({ kind: 'comment_reply', nodeId: 'c' })
    expect(c.send(say('yes'))).toEqual(['bot: Here they are'])
  })

  it('starts anywhere with a start event (the simulator\'s "start here")', () => {
    const c = converse(entryFlow)
    expect(c.send({ type: 'start', nodeId: 'hours' })).toEqual(['bot: Open 9 to 5'])
    expect(converse(entryFlow).send({ type: 'start' })).toEqual(['bot: Welcome!'])
  })
})
