import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import type { QuestionData } from '@charla/flow-schema'
import { converse, getStarted, say, tapQuick } from '../converse'

function ask(data: QuestionData, locale?: string) {
  return makeFlow({
    ...(locale ? { locale } : {}),
    variables: [variable(data.variable, data.input === 'choice' ? 'choice' : data.input)],
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('q', 'question', data),
      node('ok', 'end', { text: `Saved: {{${data.variable}}}` }),
      node('bad', 'end', { text: 'Let us talk later' }),
    ],
    edges: [...chain('t', 'q'), edge('q', 'next', 'ok'), edge('q', 'invalid', 'bad')],
  })
}

describe('question', () => {
  it('normalises a phone number to E.164 using the flow locale for the country', () => {
    const c = converse(
      ask(
        { text: 'Your phone?', variable: 'phone', input: 'phone', suggestFromProfile: true },
        'es-ES',
      ),
    )
    expect(c.send(getStarted())).toEqual(['bot: Your phone? {user_phone_number}'])
    expect(c.send(say('612 34 56 78'))).toEqual(['bot: Saved: +34612345678'])
    expect(c.state.vars.phone).toBe('+34612345678')
  })

  it('retries with the built-in text, then leaves through invalid after maxRetries', () => {
    const c = converse(
      ask({
        text: 'How many people?',
        variable: 'people',
        input: 'number',
        maxRetries: 1,
        validation: { min: 1, max: 8 },
      }),
    )
    c.send(getStarted())
    expect(c.send(say('a lot'))).toEqual(['bot: Please answer with a number.'])
    expect(c.send(say('12'))).toEqual(['bot: Let us talk later'])
    expect(c.state.vars.people).toBeUndefined()
  })

  it('stores numbers as numbers, accepting a decimal comma', () => {
    const c = converse(ask({ text: 'Budget?', variable: 'budget', input: 'number' }, 'fr-FR'))
    c.send(getStarted())
    expect(c.send(say('1500,5'))).toEqual(['bot: Saved: 1 500,5'])
    expect(c.state.vars.budget).toBe(1500.5)
  })

  it('reads dates day-first outside en-US and rejects impossible ones', () => {
    const c = converse(
      ask(
        { text: 'Date?', variable: 'when', input: 'date', retryText: 'Like 31/12/2026, please' },
        'es-ES',
      ),
    )
    c.send(getStarted())
    expect(c.send(say('30/02/2027'))).toEqual(['bot: Like 31/12/2026, please'])
    expect(c.send(say('03/04/2027'))).toEqual(['bot: Saved: sábado, 3 de abril'])
    expect(c.state.vars.when).toBe('2027-04-03')
  })

  it('reads dates month-first in en-US', () => {
    const c = converse(ask({ text: 'Date?', variable: 'when', input: 'date' }))
    c.send(getStarted())
    expect(c.send(say('13/04/2027'))).toEqual(['bot: Please type a date, like 12/31/2026.'])
    c.send(say('04/13/2027'))
    expect(c.state.vars.when).toBe('2027-04-13')
  })

  it('offers choices as quick replies and takes a tap, a typed title or a number', () => {
    const data: QuestionData = {
      text: 'Size?',
      variable: 'size',
      input: 'choice',
      choices: ['Small', 'Médium', 'Large'],
    }
    const a = converse(ask(data))
    expect(a.send(getStarted())).toEqual(['bot: Size? {Small | Médium | Large}'])
    expect(a.send(tapQuick('q:q:2', 'Large'))).toEqual(['bot: Saved: Large'])
    const b = converse(ask(data))
    b.send(getStarted())
    expect(b.send(say('medium'))).toEqual(['bot: Saved: Médium'])
    const n = converse(ask(data))
    n.send(getStarted())
    expect(n.send(say('1'))).toEqual(['bot: Saved: Small'])
  })

  it('re-asks with the quick replies after an answer that is not a choice', () => {
    const c = converse(
      ask({ text: 'Size?', variable: 'size', input: 'choice', choices: ['S', 'M'] }),
    )
    c.send(getStarted())
    expect(c.send(say('XXL'))).toEqual(['bot: Please pick one of the options. {S | M}'])
  })

  it('checks a text pattern against the whole answer', () => {
    const c = converse(
      ask({
        text: 'Postcode?',
        variable: 'postcode',
        input: 'text',
        validation: { pattern: '[0-9]{5}' },
      }),
    )
    c.send(getStarted())
    expect(c.send(say('28001x'))).toEqual(["bot: Sorry, I didn't get that. Please try again."])
    expect(c.send(say('28001'))).toEqual(['bot: Saved: 28001'])
  })

  it('treats a sticker where words were expected as a wrong answer', () => {
    const c = converse(ask({ text: 'Email?', variable: 'email', input: 'email' }))
    c.send(getStarted())
    expect(
      c.send({ type: 'message', attachments: [{ type: 'image', url: 'https://x/y.png' }] }),
    ).toEqual([
      "bot: That doesn't look like an email address. Please type it again (like name@example.com).",
    ])
  })

  it('keeps a contact-scope answer on the contact and tells the runtime', () => {
    const flow = makeFlow({
      variables: [variable('email', 'email', 'contact')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('q', 'question', { text: 'Email?', variable: 'email', input: 'email' }),
      ],
      edges: chain('t', 'q'),
    })
    const c = converse(flow)
    c.send(getStarted())
    expect(c.send(say('Ana@Example.COM'))).toEqual(['contact {"email":"ana@example.com"}'])
    expect(c.state.contact.fields).toEqual({ email: 'ana@example.com' })
    expect(c.state.vars).toEqual({})
  })
})
