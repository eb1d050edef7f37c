import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import type { LeadFormData } from '@charla/flow-schema'
import { converse, getStarted, say, tapQuick } from '../converse'

const form: LeadFormData = {
  intro: 'Two quick questions, {{contact.first_name}}.',
  fields: [
    {
      id: 'f_email',
      variable: 'email',
      prompt: 'Your email?',
      input: 'email',
      required: true,
      suggestFromProfile: true,
    },
    { id: 'f_phone', variable: 'phone', prompt: 'Your phone?', input: 'phone', required: false },
    {
      id: 'f_plan',
      variable: 'plan',
      prompt: 'Which plan?',
      input: 'choice',
      required: true,
      choices: ['Basic', 'Pro'],
    },
  ],
  reminder: { afterMinutes: 30, text: 'Still there? Just a few seconds left.' },
  abandonAfterMinutes: 120,
  completion: 'Thanks! We will email {{email}}.',
  webhook: { url: 'https://crm.example.com/hooks/leads' },
}

function leadFlow(data: LeadFormData = form) {
  return makeFlow({
    variables: [
      variable('email', 'email', 'contact'),
      variable('phone', 'phone'),
      variable('plan', 'choice'),
    ],
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('lf', 'lead_form', data),
      node('done', 'message', { text: 'Bye' }),
      node('gone', 'message', { text: 'We kept your details' }),
    ],
    edges: [...chain('t', 'lf'), edge('lf', 'completed', 'done'), edge('lf', 'abandoned', 'gone')],
  })
}

describe('lead_form', () => {
  it('asks each field, saves the lead as it fills, and completes with the webhook', () => {
    const c = converse(leadFlow())
    expect(c.send(getStarted())).toEqual([
      'bot: Two quick questions, Ana.',
      'bot: Your email? {user_email}',
      'timer t2 in 30m',
    ])
    expect(c.send(tapQuick('ana@example.com'))).toEqual([
      'cancel t2',
      'contact {"email":"ana@example.com"}',
      'lead lead1 in_progress {"email":"ana@example.com"}',
      'bot: Your phone? {Skip}',
      'timer t3 in 30m',
    ])
    expect(c.send(say('+44 20 7946 0958'))).toEqual([
      'cancel t3',
      'lead lead1 in_progress {"email":"ana@example.com","phone":"+442079460958"}',
      'bot: Which plan? {Basic | Pro}',
      'timer t4 in 30m',
    ])
    expect(c.send(tapQuick('l:lf:c1', 'Pro'))).toEqual([
      'cancel t4',
      'lead lead1 in_progress {"email":"ana@example.com","phone":"+442079460958","plan":"Pro"}',
      'lead lead1 completed {"email":"ana@example.com","phone":"+442079460958","plan":"Pro"} → https://crm.example.com/hooks/leads',
      'bot: Thanks! We will email ana@example.com.',
      'bot: Bye',
    ])
    expect(c.state.vars['lead.id']).toBe('lead1')
    expect(c.pending.size).toBe(0)
  })

  it('retries an invalid email twice with the retry text, then accepts a good one', () => {
    const c = converse(leadFlow())
    c.send(getStarted())
    expect(c.send(say('ana at example'))).toEqual([
      'cancel t2',
      "bot: That doesn't look like an email address. Please type it again (like name@example.com). {user_email}",
      'timer t3 in 30m',
    ])
    expect(c.send(say('ana@example'))).toContain(
      "bot: That doesn't look like an email address. Please type it again (like name@example.com). {user_email}",
    )
    expect(c.send(say('ana@example.com'))).toContain('bot: Your phone? {Skip}')
  })

  it('gives up on a required field after maxRetries and leaves through abandoned', () => {
    const c = converse(leadFlow({ ...form, maxRetries: 1 }))
    c.send(getStarted())
    c.send(say('nope'))
    expect(c.send(say('still nope'))).toEqual([
      'cancel t3',
      'lead lead1 abandoned {}',
      'bot: We kept your details',
    ])
  })

  it('skips an optional field by tap or by typing "skip"', () => {
    const c = converse(leadFlow())
    c.send(getStarted())
    c.send(say('ana@example.com'))
    expect(c.send(tapQuick('l:lf:skip', 'Skip'))).toContain('bot: Which plan? {Basic | Pro}')
    const typed = converse(leadFlow())
    typed.send(getStarted())
    typed.send(say('ana@example.com'))
    expect(typed.send(say('skip'))).toContain('bot: Which plan? {Basic | Pro}')
  })

  it('stores nothing when a required consent is refused', () => {
    const c = converse(
      leadFlow({
        ...form,
        intro: undefined,
        consent: { text: 'May we contact you?', required: true },
      }),
    )
    expect(c.send(getStarted())).toEqual(['bot: May we contact you? {Yes | No}', 'timer t2 in 30m'])
    expect(c.send(tapQuick('l:lf:no', 'No'))).toEqual(['cancel t2', 'bot: We kept your details'])
    expect(c.actions.some((a) => a.type === 'save_lead')).toBe(false)
  })

  it('records consent with the lead when given', () => {
    const c = converse(
      leadFlow({
        ...form,
        intro: undefined,
        consent: { text: 'May we contact you?', required: true },
      }),
    )
    c.send(getStarted())
    expect(c.send(say('yes'))).toContain('bot: Your email? {user_email}')
    expect(c.send(say('ana@example.com'))).toContain(
      'lead lead1 in_progress {"email":"ana@example.com"} consent=true',
    )
  })

  it('reminds once, then abandons, and resumes at the same field when the person writes again', () => {
    const c = converse(leadFlow())
    c.send(getStarted())
    c.send(say('ana@example.com'))
    expect(c.fireNextTimer()).toEqual([
      'bot: Still there? Just a few seconds left. {Skip}',
      'timer t4 in 2h',
    ])
    expect(c.fireNextTimer()).toEqual([
      'lead lead1 abandoned {"email":"ana@example.com"}',
      'bot: We kept your details',
    ])
    expect(c.state.status).toBe('ended')
    expect(c.state.resumable).toMatchObject({ kind: 'lead_form', field: 1 })
    expect(c.send(say('+34 612 345 678'))).toEqual([
      'lead lead1 in_progress {"email":"ana@example.com","phone":"+34612345678"}',
      'bot: Which plan? {Basic | Pro}',
      'timer t5 in 30m',
    ])
    c.send(say('basic'))
    expect(c.state.status).toBe('ended')
    expect(c.actions).toContainEqual(
      expect.objectContaining({ type: 'save_lead', leadKey: 'lead1', status: 'completed' }),
    )
  })

  it('keeps the reminder armed when a tap meant for something else arrives', () => {
    const c = converse(leadFlow())
    c.send(getStarted())
    expect(c.send({ type: 'postback', payload: 'UNKNOWN_MENU_ITEM' })).toEqual([])
    expect(c.fireNextTimer()).toEqual([
      'bot: Still there? Just a few seconds left. {user_email}',
      'timer t3 in 2h',
    ])
  })

  it('marks a half-filled form abandoned when the person starts over', () => {
    const c = converse(leadFlow())
    c.send(getStarted())
    c.send(say('ana@example.com'))
    expect(c.send(getStarted()).slice(0, 2)).toEqual([
      'cancel t3',
      'lead lead1 abandoned {"email":"ana@example.com"}',
    ])
  })
})
