import { describe, expect, it } from 'vitest'
import type { Flow } from '../flow'
import { LIMITS } from '../limits'
import type { MessageTag, NodeOf } from '../nodes'
import { chain, edge, makeFlow, node, variable } from '../testing'
import { lintFlow } from './lintFlow'
import type { LintProblem } from './LintProblem'

const trigger = () => node('t', 'trigger', { on: 'get_started' })
const say = (id: string, tag?: MessageTag) =>
  node(id, 'message', tag === undefined ? { text: 'News' } : { text: 'News', tag })
const wait = (id: string, amount: number, unit: 'hours' | 'days' = 'hours') =>
  node(id, 'delay', { amount, unit })
const ask = (id: string) =>
  node(id, 'question', { text: 'Still interested?', variable: 'answer', input: 'text' })

const calendar = {
  id: 'cal',
  name: 'Salon',
  timezone: 'Europe/Madrid',
  slotMinutes: 30,
  bufferMinutes: 0,
  capacity: 1,
  weeklyHours: { mon: [['09:00', '17:00']] as [string, string][] },
}
const booking = (id: string) =>
  node(id, 'booking', {
    calendarId: 'cal',
    service: { name: 'Haircut', durationMinutes: 30 },
    prompt: 'Pick a day',
    daysAhead: 14,
    confirmation: 'Booked',
    reminders: [],
    allowCancel: true,
    allowReschedule: false,
  })
const checkout = (id: string, extra: Partial<NodeOf<'checkout'>['data']> = {}) =>
  node(id, 'checkout', {
    items: [{ productId: 'p', quantity: 1 }],
    currency: 'EUR',
    collect: { shippingAddress: false, email: false, phone: false },
    provider: 'stripe',
    buttonText: 'Pay',
    expiresMinutes: 60,
    receipt: true,
    ...extra,
  })
const leadForm = (id: string, extra: Partial<NodeOf<'lead_form'>['data']> = {}) =>
  node(id, 'lead_form', {
    fields: [{ id: 'a', variable: 'answer', prompt: 'Name?', input: 'text', required: true }],
    completion: 'Thanks',
    ...extra,
  })

function flowOf(parts: Pick<Flow, 'nodes' | 'edges'>): Flow {
  return makeFlow({
    variables: [variable('answer')],
    resources: {
      calendars: [calendar],
      products: [{ id: 'p', name: 'Shampoo', priceMinor: 900, currency: 'EUR' }],
    },
    ...parts,
  })
}

function problems(flow: Flow, code: string): LintProblem[] {
  return lintFlow(flow).filter((p) => p.code === code)
}

describe('lintFlow', () => {
  describe('url_not_https', () => {
    it('blocks a link button, card, attachment or quick-reply image without https', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          node('m', 'message', {
            text: 'Look',
            attachments: [{ type: 'image', url: 'http://cdn.example.com/a.png' }],
            buttons: [
              { id: 'ok', type: 'url', title: 'Open', url: 'https://example.com' },
              { id: 'bad', type: 'url', title: 'Open', url: 'http://example.com' },
            ],
            cards: [
              {
                id: 'c',
                title: 'Card',
                imageUrl: 'http://cdn.example.com/c.png',
                url: 'HTTPS://example.com/upper-case-is-fine',
              },
            ],
            quickReplies: [{ id: 'q', title: 'Hi', imageUrl: 'http://cdn.example.com/q.png' }],
          }),
        ],
        edges: [edge('t', 'next', 'm')],
      })
      expect(problems(flow, 'url_not_https')).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'm',
          path: 'nodes[1].data.attachments[0].url',
        }),
        expect.objectContaining({ path: 'nodes[1].data.buttons[1].url' }),
        expect.objectContaining({ path: 'nodes[1].data.cards[0].imageUrl' }),
        expect.objectContaining({ path: 'nodes[1].data.quickReplies[0].imageUrl' }),
      ])
    })

    it('trusts addresses filled in from a template and allows http for outside calls', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          node('m', 'message', {
            text: 'Look',
            buttons: [{ id: 'go', type: 'url', title: 'Open', url: '{{contact.psid}}' }],
          }),
          node('h', 'http_request', { method: 'GET', url: 'http://crm.internal/ping' }),
        ],
        edges: [edge('t', 'next', 'm'), edge('m', 'next', 'h')],
      })
      expect(problems(flow, 'url_not_https')).toEqual([])
    })
  })

  describe('payload_too_long', () => {
    it('blocks a choice whose ids make the payload longer than Messenger accepts', () => {
      const long = 'x'.repeat(LIMITS.payloadChars)
      const flow = flowOf({
        nodes: [
          trigger(),
          node('m', 'message', {
            text: 'Pick',
            buttons: [
              { id: 'ok', type: 'postback', title: 'OK' },
              { id: long, type: 'postback', title: 'Long' },
              { id: 'link' + long, type: 'url', title: 'Link', url: 'https://example.com' },
            ],
          }),
        ],
        edges: [edge('t', 'next', 'm')],
      })
      expect(problems(flow, 'payload_too_long')).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'm',
          path: 'nodes[1].data.buttons[1].id',
        }),
      ])
    })
  })

  describe('reminder_outside_window', () => {
    it('blocks form and checkout reminders set 24 hours or more after the last message', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          leadForm('late_form', { reminder: { afterMinutes: 24 * 60, text: 'Still there?' } }),
          leadForm('ok_form', { reminder: { afterMinutes: 24 * 60 - 1, text: 'Still there?' } }),
          checkout('late_pay', { reminder: { afterMinutes: 36 * 60, text: 'Your cart' } }),
        ],
        edges: [
          edge('t', 'next', 'late_form'),
          edge('late_form', 'completed', 'ok_form'),
          edge('ok_form', 'completed', 'late_pay'),
        ],
      })
      const found = problems(flow, 'reminder_outside_window')
      expect(found).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'late_form',
          path: 'nodes[1].data.reminder.afterMinutes',
        }),
        expect.objectContaining({
          nodeId: 'late_pay',
          path: 'nodes[3].data.reminder.afterMinutes',
        }),
      ])
      expect(found[1]?.message).toContain('36 hours')
    })
  })

  describe('wrong_tag', () => {
    it('accepts each tag after what it is for, and an account update anywhere', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          booking('b'),
          say('event', 'CONFIRMED_EVENT_UPDATE'),
          checkout('pay'),
          say('receipt', 'POST_PURCHASE_UPDATE'),
          say('account', 'ACCOUNT_UPDATE'),
        ],
        edges: [
          edge('t', 'next', 'b'),
          edge('b', 'booked', 'event'),
          edge('event', 'next', 'pay'),
          edge('pay', 'paid', 'receipt'),
          edge('b', 'declined', 'account'),
        ],
      })
      expect(problems(flow, 'wrong_tag')).toEqual([])
    })

    it('blocks an event update that no booking comes before', () => {
      const flow = flowOf({
        nodes: [trigger(), say('m', 'CONFIRMED_EVENT_UPDATE')],
        edges: [edge('t', 'next', 'm')],
      })
      expect(problems(flow, 'wrong_tag')).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'm', path: 'nodes[1].data.tag' }),
      ])
    })

    it('requires the booking on every path, since the tag goes out whichever path was taken', () => {
      const flow = flowOf({
        nodes: [trigger(), booking('b'), say('m', 'CONFIRMED_EVENT_UPDATE')],
        edges: [edge('t', 'next', 'b'), edge('b', 'booked', 'm'), edge('b', 'declined', 'm')],
      })
      const found = problems(flow, 'wrong_tag')
      expect(found).toEqual([expect.objectContaining({ nodeId: 'm', path: 'nodes[2].data.tag' })])
      expect(found[0]?.message).toContain('some paths reach this message without it')
    })

    it('suggests the event tag for an order update that follows a booking', () => {
      const flow = flowOf({
        nodes: [trigger(), booking('b'), say('m', 'POST_PURCHASE_UPDATE')],
        edges: [edge('t', 'next', 'b'), edge('b', 'booked', 'm')],
      })
      const found = problems(flow, 'wrong_tag')
      expect(found).toEqual([expect.objectContaining({ nodeId: 'm', path: 'nodes[2].data.tag' })])
      expect(found[0]?.message).toContain('"confirmed event update"')
    })

    it('does not count a checkout that failed as a purchase', () => {
      const flow = flowOf({
        nodes: [trigger(), checkout('pay'), say('m', 'POST_PURCHASE_UPDATE')],
        edges: [edge('t', 'next', 'pay'), edge('pay', 'failed', 'm')],
      })
      expect(problems(flow, 'wrong_tag').map((p) => p.nodeId)).toEqual(['m'])
    })
  })

  describe('window_closed', () => {
    it('warns about a message after a 2-day wait, explaining the fix', () => {
      const flow = flowOf({
        nodes: [trigger(), wait('d', 2, 'days'), say('m')],
        edges: chain('t', 'd', 'm'),
      })
      const found = problems(flow, 'window_closed')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'warning', nodeId: 'm', path: 'nodes[2]' }),
      ])
      expect(found[0]?.message).toContain('2-day wait')
      expect(found[0]?.message).toContain('set a tag')
    })

    it('allows a wait of exactly 24 hours', () => {
      const flow = flowOf({
        nodes: [trigger(), wait('d', 24), say('m')],
        edges: chain('t', 'd', 'm'),
      })
      expect(problems(flow, 'window_closed')).toEqual([])
    })

    it('adds up waits in a row and takes the longest of several paths', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          node('s', 'split', {
            arms: [
              { id: 'short', weight: 1 },
              { id: 'long', weight: 1 },
            ],
          }),
          wait('d1', 13),
          wait('d2', 13),
          say('m'),
        ],
        edges: [
          edge('t', 'next', 's'),
          edge('s', 'short', 'm'),
          edge('s', 'long', 'd1'),
          ...chain('d1', 'd2', 'm'),
        ],
      })
      const found = problems(flow, 'window_closed')
      expect(found.map((p) => p.nodeId)).toEqual(['m'])
      expect(found[0]?.message).toContain('26-hour wait')
    })

    it('lets a tagged message through, and a reply reopen the window for what follows', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          wait('d', 3, 'days'),
          say('tagged', 'ACCOUNT_UPDATE'),
          ask('q'),
          say('m'),
        ],
        edges: chain('t', 'd', 'tagged', 'q', 'm'),
      })
      // The question itself goes out after the wait; the message after the answer is fine.
      expect(problems(flow, 'window_closed')).toEqual([
        expect.objectContaining({ nodeId: 'q', path: 'nodes[3]' }),
      ])
      expect(problems(flow, 'window_closed')[0]?.message).toMatch(
        /^This question comes after a 3-day wait/,
      )
    })

    it('counts how long a form, a checkout and a hand-off can wait before moving on', () => {
      // f abandoned: 20 h reminder + 5 h = 25 h; the question after it is late too, and its
      // answer restarts the clock. Checkout abandoned: 24 h + 1 h delay. Hand-off resumes
      // after 25 h. The quick form is abandoned 60 minutes later by default.
      const flow = flowOf({
        nodes: [
          trigger(),
          leadForm('f', {
            reminder: { afterMinutes: 20 * 60, text: 'Still there?' },
            abandonAfterMinutes: 5 * 60,
          }),
          say('after_form'),
          checkout('pay', { expiresMinutes: 24 * 60 }),
          wait('d', 1),
          say('after_pay'),
          node('h', 'handoff', { text: 'A person will reply', resumeAfterMinutes: 25 * 60 }),
          say('after_handoff'),
          ask('q'),
          leadForm('quick', {}),
          say('after_quick'),
        ],
        edges: [
          edge('t', 'next', 'f'),
          edge('f', 'abandoned', 'after_form'),
          edge('after_form', 'next', 'q'),
          edge('q', 'next', 'pay'),
          edge('pay', 'abandoned', 'd'),
          edge('d', 'next', 'after_pay'),
          edge('after_pay', 'next', 'h'),
          edge('h', 'next', 'after_handoff'),
          edge('after_handoff', 'next', 'quick'),
          edge('quick', 'abandoned', 'after_quick'),
        ],
      })
      expect(problems(flow, 'window_closed').map((p) => p.nodeId)).toEqual([
        'after_form',
        'after_pay',
        'h',
        'after_handoff',
        'q',
        'quick',
        'after_quick',
      ])
    })

    it('starts the clock again at every reply: buttons, a form, a booking or a product pick', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          wait('d1', 20),
          node('m', 'message', {
            text: 'Pick',
            quickReplies: [{ id: 'go', title: 'Go' }],
          }),
          wait('d2', 20),
          booking('b'),
          wait('d3', 20),
          say('last'),
        ],
        edges: [
          ...chain('t', 'd1', 'm'),
          edge('m', 'go', 'd2'),
          edge('d2', 'next', 'b'),
          edge('b', 'booked', 'd3'),
          edge('d3', 'next', 'last'),
        ],
      })
      expect(problems(flow, 'window_closed')).toEqual([])
    })

    it('warns in a loop that waits over and over without the person replying', () => {
      const flow = flowOf({
        nodes: [trigger(), say('m'), wait('d', 1)],
        edges: [...chain('t', 'm', 'd'), edge('d', 'next', 'm')],
      })
      const found = problems(flow, 'window_closed')
      expect(found).toEqual([expect.objectContaining({ nodeId: 'm', path: 'nodes[1]' })])
      expect(found[0]?.message).toContain('repeat without end')
    })

    it('ignores steps that send nothing, and steps no trigger reaches', () => {
      const flow = flowOf({
        nodes: [
          trigger(),
          wait('d', 3, 'days'),
          node('tagger', 'tag', { add: ['late'] }),
          node('e', 'end', {}),
          wait('orphan_wait', 3, 'days'),
          say('orphan'),
        ],
        edges: [...chain('t', 'd', 'tagger', 'e'), edge('orphan_wait', 'next', 'orphan')],
      })
      expect(problems(flow, 'window_closed')).toEqual([])
    })
  })
})
