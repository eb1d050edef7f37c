import { describe, expect, it } from 'vitest'
import { flowSchema, type Flow } from '../flow'
import { chain, edge, makeFlow, node, variable } from '../testing'
import { lintFlow } from './lintFlow'
import type { LintProblem } from './LintProblem'

const trigger = (id = 't') => node(id, 'trigger', { on: 'get_started' })
const say = (id: string, text = 'Hello') => node(id, 'message', { text })
const menu = (id: string) =>
  node(id, 'message', {
    text: 'What next?',
    buttons: [
      { id: 'yes', type: 'postback', title: 'Yes' },
      { id: 'no', type: 'postback', title: 'No' },
    ],
  })
const ask = (id: string, v = 'answer') =>
  node(id, 'question', { text: 'Tell me more', variable: v, input: 'text' })
const setTo = (id: string, v = 'answer') =>
  node(id, 'set_variable', { assignments: [{ variable: v, op: 'set', value: 'x' }] })

function problems(flow: Flow, code: string): LintProblem[] {
  return lintFlow(flow).filter((p) => p.code === code)
}

/** A flow using every node kind the way a marketer would, with nothing to complain about. */
function kitchenSink(): Flow {
  return makeFlow({
    variables: [
      variable('email', 'email', 'contact'),
      variable('name'),
      variable('cart', 'list'),
      variable('visits', 'number'),
      variable('lead_status'),
    ],
    resources: {
      calendars: [
        {
          id: 'cal',
          name: 'Salon',
          timezone: 'Europe/Madrid',
          slotMinutes: 30,
          bufferMinutes: 0,
          capacity: 1,
          weeklyHours: { mon: [['09:00', '17:00']] },
        },
      ],
      products: [{ id: 'p1', name: 'Shampoo', priceMinor: 1200, currency: 'EUR' }],
    },
    nodes: [
      trigger(),
      node('q_email', 'question', {
        text: 'Hi {{contact.first_name | "there"}}, what is your email?',
        variable: 'email',
        input: 'email',
        suggestFromProfile: true,
      }),
      node('menu', 'message', {
        text: 'What would you like to do?',
        buttons: [
          { id: 'book', type: 'postback', title: 'Book a visit' },
          { id: 'buy', type: 'postback', title: 'Shop' },
          {
            id: 'site',
            type: 'url',
            title: 'Website',
            url: 'https://example.com/{{contact.psid}}',
          },
        ],
      }),
      node('book', 'booking', {
        calendarId: 'cal',
        service: { name: 'Haircut', durationMinutes: 30 },
        prompt: 'Pick a day',
        daysAhead: 14,
        confirmation: 'Booked for {{booking.date}} at {{booking.time}}',
        reminders: [{ beforeMinutes: 60, text: 'See you soon' }],
        allowCancel: true,
        allowReschedule: true,
      }),
      node('wait_2d', 'delay', { amount: 2, unit: 'days' }),
      node('event_update', 'message', {
        text: 'Your visit on {{booking.date}} is confirmed.',
        tag: 'CONFIRMED_EVENT_UPDATE',
      }),
      node('shop', 'catalog', {
        productIds: ['p1'],
        buttonTitle: 'Add',
        cartVariable: 'cart',
        mode: 'cart',
      }),
      node('pay', 'checkout', {
        cartVariable: 'cart',
        currency: 'EUR',
        collect: { shippingAddress: true, email: false, phone: false },
        provider: 'stripe',
        buttonText: 'Pay',
        expiresMinutes: 60,
        reminder: { afterMinutes: 30, text: 'Your cart is waiting' },
        receipt: true,
      }),
      node('thanks', 'message', {
        text: 'Thanks for order {{order.id}}!',
        tag: 'POST_PURCHASE_UPDATE',
      }),
      node('help', 'trigger', { on: 'keyword', keywords: ['help'], match: 'exact' }),
      node('form', 'lead_form', {
        intro: 'A few questions',
        fields: [
          { id: 'f1', variable: 'name', prompt: 'Your name?', input: 'text', required: true },
          {
            id: 'f2',
            variable: 'email',
            prompt: 'Thanks {{name}}, your email?',
            input: 'email',
            required: true,
          },
        ],
        reminder: { afterMinutes: 120, text: 'Still there?' },
        completion: 'Thanks, {{name}}!',
        webhook: { url: 'https://crm.example.com/leads' },
      }),
      node('count', 'set_variable', { assignments: [{ variable: 'visits', op: 'increment' }] }),
      node('push', 'http_request', {
        method: 'POST',
        url: 'http://crm.internal/leads/{{email}}',
        body: '{"name":"{{name}}"}',
        save: [{ path: 'data.status', variable: 'lead_status' }],
      }),
      node('route', 'condition', {
        branches: [
          {
            id: 'hot',
            label: 'Hot lead',
            match: 'all',
            rules: [{ variable: 'lead_status', op: 'eq', value: 'hot' }],
          },
        ],
      }),
      node('ab', 'split', {
        arms: [
          { id: 'a', weight: 50 },
          { id: 'b', weight: 50 },
        ],
      }),
      node('vip', 'tag', { add: ['vip'] }),
      node('human', 'handoff', { text: 'A person will answer shortly.', resumeAfterMinutes: 60 }),
      node('back', 'jump', { target: 'menu' }),
      node('bye', 'end', { text: 'Bye!' }),
      node('sorry', 'end', { text: 'Something went wrong.' }),
    ],
    edges: [
      edge('t', 'next', 'q_email'),
      edge('q_email', 'next', 'menu'),
      edge('menu', 'book', 'book'),
      edge('menu', 'buy', 'shop'),
      edge('menu', 'fallback', 'menu'),
      edge('book', 'booked', 'wait_2d'),
      edge('wait_2d', 'next', 'event_update'),
      edge('shop', 'selected', 'pay'),
      edge('pay', 'paid', 'thanks'),
      edge('help', 'next', 'form'),
      edge('form', 'completed', 'count'),
      edge('count', 'next', 'push'),
      edge('push', 'success', 'route'),
      edge('push', 'error', 'sorry'),
      edge('route', 'hot', 'ab'),
      edge('route', 'else', 'bye'),
      edge('ab', 'a', 'vip'),
      edge('ab', 'b', 'human'),
      edge('vip', 'next', 'bye'),
      edge('human', 'next', 'back'),
    ],
  })
}

describe('lintFlow', () => {
  it('finds nothing wrong in a complete flow that uses every kind of step', () => {
    const flow = kitchenSink()
    expect(flowSchema.safeParse(flow).success).toBe(true)
    expect(lintFlow(flow)).toEqual([])
  })

  describe('no_trigger', () => {
    it('blocks a flow that nothing can start, without also flagging every step', () => {
      const flow = makeFlow({ nodes: [say('m'), say('n')], edges: chain('m', 'n') })
      expect(lintFlow(flow)).toEqual([
        expect.objectContaining({ severity: 'error', code: 'no_trigger', path: 'nodes' }),
      ])
      expect(lintFlow(flow)[0]?.nodeId).toBeUndefined()
    })
  })

  describe('edges', () => {
    it('reports a connection from a step that does not exist', () => {
      const flow = makeFlow({
        nodes: [trigger(), say('m')],
        edges: [edge('t', 'next', 'm'), edge('ghost', 'next', 'm')],
      })
      const [problem, ...rest] = problems(flow, 'edge_missing_source')
      expect(rest).toEqual([])
      expect(problem).toEqual({
        severity: 'error',
        code: 'edge_missing_source',
        path: 'edges[1].source',
        message: expect.stringContaining('"ghost"'),
      })
    })

    it('reports a connection to a step that does not exist, on the step it leaves', () => {
      const flow = makeFlow({ nodes: [trigger()], edges: [edge('t', 'next', 'gone')] })
      expect(problems(flow, 'edge_missing_target')).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 't', path: 'edges[0].target' }),
      ])
    })

    it('reports a connection from a deleted button and names the outputs that exist', () => {
      const flow = makeFlow({
        nodes: [trigger(), menu('m'), say('a'), say('b')],
        edges: [
          edge('t', 'next', 'm'),
          edge('m', 'yes', 'a'),
          edge('m', 'no', 'b'),
          edge('m', 'fallback', 'm'),
          edge('m', 'maybe', 'b'),
        ],
      })
      const found = problems(flow, 'edge_unknown_output')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'm', path: 'edges[4].sourceHandle' }),
      ])
      expect(found[0]?.message).toContain('"maybe"')
      expect(found[0]?.message).toContain('"yes", "no" and "fallback"')
    })

    it('reports a connection from a step that has no outputs', () => {
      const flow = makeFlow({
        nodes: [trigger(), node('e', 'end', {}), say('m')],
        edges: [edge('t', 'next', 'e'), edge('e', 'next', 'm')],
      })
      expect(problems(flow, 'edge_unknown_output')).toEqual([
        expect.objectContaining({ nodeId: 'e', path: 'edges[1].sourceHandle' }),
      ])
    })

    it('reports the second connection from one output', () => {
      const flow = makeFlow({
        nodes: [trigger(), say('a'), say('b')],
        edges: [
          edge('t', 'next', 'a'),
          { id: 'again', source: 't', sourceHandle: 'next', target: 'b' },
        ],
      })
      const found = problems(flow, 'output_multiple_edges')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 't', path: 'edges[1]' }),
      ])
      expect(found[0]?.message).toContain('"a" and to "b"')
    })
  })

  describe('jump_missing_target', () => {
    it('reports a jump to a step that is not in the flow', () => {
      const flow = makeFlow({
        nodes: [trigger(), node('j', 'jump', { target: 'nowhere' })],
        edges: [edge('t', 'next', 'j')],
      })
      expect(problems(flow, 'jump_missing_target')).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'j', path: 'nodes[1].data.target' }),
      ])
    })

    it('checks a jump that names this flow by id, and trusts jumps to other flows', () => {
      const flow = makeFlow({
        nodes: [
          trigger(),
          node('self', 'jump', { target: { flowId: 'test_flow', nodeId: 'nowhere' } }),
          node('other', 'jump', { target: { flowId: 'other_flow', nodeId: 'nowhere' } }),
          node('start', 'jump', { target: { flowId: 'other_flow' } }),
        ],
        edges: [],
      })
      expect(problems(flow, 'jump_missing_target')).toEqual([
        expect.objectContaining({ nodeId: 'self', path: 'nodes[1].data.target.nodeId' }),
      ])
    })
  })

  describe('unreachable_node', () => {
    it('warns about a step no trigger leads to', () => {
      const flow = makeFlow({
        nodes: [trigger(), say('a'), say('orphan')],
        edges: [edge('t', 'next', 'a')],
      })
      expect(problems(flow, 'unreachable_node')).toEqual([
        expect.objectContaining({ severity: 'warning', nodeId: 'orphan', path: 'nodes[2]' }),
      ])
    })

    it('follows jumps and ignores edges that point at missing steps', () => {
      const flow = makeFlow({
        nodes: [trigger(), node('j', 'jump', { target: 'far' }), say('far'), say('lost')],
        edges: [edge('t', 'next', 'j'), edge('ghost', 'next', 'lost')],
      })
      expect(problems(flow, 'unreachable_node').map((p) => p.nodeId)).toEqual(['lost'])
    })
  })

  describe('cycle_without_wait', () => {
    it('blocks a loop that never waits, once, on its first step, naming its steps', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [
          trigger(),
          setTo('a'),
          node('b', 'tag', { add: ['x'] }),
          node('c', 'jump', { target: 'a' }),
        ],
        edges: chain('t', 'a', 'b', 'c'),
      })
      const found = problems(flow, 'cycle_without_wait')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'a', path: 'nodes[1]' }),
      ])
      expect(found[0]?.message).toContain('"a", "b" and "c"')
    })

    it('counts a step that leads straight back to itself', () => {
      const flow = makeFlow({
        nodes: [trigger(), node('spin', 'tag', { add: ['x'] })],
        edges: [edge('t', 'next', 'spin'), edge('spin', 'next', 'spin')],
      })
      expect(problems(flow, 'cycle_without_wait')).toEqual([
        expect.objectContaining({ nodeId: 'spin', path: 'nodes[1]' }),
      ])
    })

    it('accepts loops broken by a question, buttons, a delay or an outside call', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [
          trigger(),
          ask('q'),
          menu('m'),
          node('d', 'delay', { amount: 1, unit: 'hours' }),
          node('h', 'http_request', { method: 'GET', url: 'https://api.example.com' }),
          node('j', 'jump', { target: 'q' }),
        ],
        edges: [
          ...chain('t', 'q', 'm'),
          edge('m', 'yes', 'd'),
          edge('m', 'no', 'm'),
          edge('m', 'fallback', 'm'),
          edge('d', 'next', 'h'),
          edge('h', 'success', 'j'),
          edge('h', 'error', 'h'),
        ],
      })
      expect(problems(flow, 'cycle_without_wait')).toEqual([])
    })

    it('lets a comment trigger break a loop, since it waits for the reply to its private reply', () => {
      const loop = (on: 'comment' | 'default') =>
        makeFlow({
          nodes: [
            node('t', 'trigger', { on, privateReply: 'Thanks for your comment!' }),
            say('m'),
            node('j', 'jump', { target: 't' }),
          ],
          edges: chain('t', 'm', 'j'),
        })
      expect(problems(loop('comment'), 'cycle_without_wait')).toEqual([])
      expect(problems(loop('default'), 'cycle_without_wait')).toEqual([
        expect.objectContaining({ nodeId: 't', path: 'nodes[0]' }),
      ])
    })

    it('finds a loop that never waits inside a larger loop that does', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [
          trigger(),
          ask('q'),
          node('check', 'condition', {
            branches: [
              {
                id: 'again',
                label: 'Again',
                match: 'all',
                rules: [{ variable: 'answer', op: 'eq', value: 'x' }],
              },
            ],
          }),
          setTo('fix'),
        ],
        edges: [
          ...chain('t', 'q', 'check'),
          edge('check', 'else', 'q'),
          edge('check', 'again', 'fix'),
          edge('fix', 'next', 'check'),
        ],
      })
      expect(problems(flow, 'cycle_without_wait')).toEqual([
        expect.objectContaining({ nodeId: 'check', path: 'nodes[2]' }),
      ])
    })
  })

  describe('unconnected_output', () => {
    it('warns about a question whose answer leads nowhere, but not about its invalid output', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [trigger(), ask('q')],
        edges: [edge('t', 'next', 'q')],
      })
      expect(problems(flow, 'unconnected_output')).toEqual([
        expect.objectContaining({ severity: 'warning', nodeId: 'q', path: 'nodes[1]' }),
      ])
    })

    it('warns about a trigger that leads nowhere', () => {
      const flow = makeFlow({ nodes: [trigger()] })
      expect(problems(flow, 'unconnected_output')).toEqual([
        expect.objectContaining({ nodeId: 't', path: 'nodes[0]' }),
      ])
    })

    it('points at the button that leads nowhere and explains the fallback', () => {
      const flow = makeFlow({
        nodes: [trigger(), menu('m'), say('a')],
        edges: [edge('t', 'next', 'm'), edge('m', 'yes', 'a')],
      })
      const found = problems(flow, 'unconnected_output')
      expect(found.map((p) => p.path)).toEqual(['nodes[1]', 'nodes[1].data.buttons[1]'])
      expect(found[0]?.message).toContain('Replies that match no button end the conversation')
      expect(found[1]?.message).toContain('"No"')
    })

    it('does not ask to connect a plain message, an end or the outputs meant to end', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [trigger(), ask('q'), say('m'), node('e', 'end', {})],
        edges: [...chain('t', 'q', 'm'), edge('q', 'invalid', 'e')],
      })
      expect(problems(flow, 'unconnected_output')).toEqual([])
    })

    it('warns about the outputs where the conversation is expected to go on', () => {
      const flow = makeFlow({
        variables: [variable('answer'), variable('cart', 'list')],
        resources: {
          calendars: [
            {
              id: 'cal',
              name: 'Salon',
              timezone: 'Europe/Madrid',
              slotMinutes: 30,
              bufferMinutes: 0,
              capacity: 1,
              weeklyHours: {},
            },
          ],
          products: [{ id: 'p', name: 'P', priceMinor: 100, currency: 'EUR' }],
        },
        nodes: [
          trigger(),
          node('s', 'split', {
            arms: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, weight: 1 })),
          }),
          node('http', 'http_request', { method: 'GET', url: 'https://api.example.com' }),
          node('form', 'lead_form', {
            fields: [
              { id: 'f', variable: 'answer', prompt: 'Name?', input: 'text', required: true },
            ],
            completion: 'Thanks',
          }),
          node('book', 'booking', {
            calendarId: 'cal',
            service: { name: 'Visit', durationMinutes: 30 },
            prompt: 'When?',
            daysAhead: 7,
            confirmation: 'Booked',
            reminders: [],
            allowCancel: false,
            allowReschedule: false,
          }),
          node('shop', 'catalog', {
            productIds: ['p'],
            buttonTitle: 'Add',
            cartVariable: 'cart',
            mode: 'single',
          }),
          node('pay', 'checkout', {
            cartVariable: 'cart',
            currency: 'EUR',
            collect: { shippingAddress: false, email: false, phone: false },
            provider: 'stripe',
            buttonText: 'Pay',
            expiresMinutes: 60,
            receipt: false,
          }),
          node('wait', 'delay', { amount: 1, unit: 'minutes' }),
        ],
        edges: [
          edge('t', 'next', 's'),
          edge('s', 'a', 'http'),
          edge('s', 'b', 'form'),
          edge('s', 'c', 'book'),
          edge('s', 'd', 'shop'),
          edge('s', 'e', 'pay'),
          edge('s', 'f', 'wait'),
        ],
      })
      expect(problems(flow, 'unconnected_output').map((p) => p.nodeId)).toEqual([
        'http',
        'http',
        'form',
        'book',
        'shop',
        'pay',
        'wait',
      ])
    })

    it('points at condition branches and split arms, skipping arms nobody is sent down', () => {
      const flow = makeFlow({
        variables: [variable('answer')],
        nodes: [
          trigger(),
          node('s', 'split', {
            arms: [
              { id: 'a', weight: 1 },
              { id: 'off', weight: 0 },
            ],
          }),
          node('c', 'condition', {
            branches: [
              {
                id: 'x',
                label: 'Is x',
                match: 'any',
                rules: [{ variable: 'answer', op: 'is_set' }],
              },
            ],
          }),
        ],
        edges: [edge('t', 'next', 's')],
      })
      expect(problems(flow, 'unconnected_output').map((p) => p.path)).toEqual([
        'nodes[1].data.arms[0]',
        'nodes[2]',
        'nodes[2].data.branches[0]',
      ])
    })
  })

  describe('duplicate_trigger', () => {
    it('warns on the second Get Started trigger, naming the first', () => {
      const flow = makeFlow({
        nodes: [trigger('t1'), trigger('t2'), say('m')],
        edges: [edge('t1', 'next', 'm'), edge('t2', 'next', 'm')],
      })
      const found = problems(flow, 'duplicate_trigger')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'warning', nodeId: 't2', path: 'nodes[1].data.on' }),
      ])
      expect(found[0]?.message).toContain('"t1"')
    })

    it('warns about two triggers on the same link ref or the same menu payload', () => {
      const flow = makeFlow({
        nodes: [
          node('r1', 'trigger', { on: 'ref', ref: 'spring' }),
          node('r2', 'trigger', { on: 'ref', ref: 'spring' }),
          node('r3', 'trigger', { on: 'ref', ref: 'summer' }),
          node('p1', 'trigger', { on: 'postback', payload: 'MENU_HELP' }),
          node('p2', 'trigger', { on: 'postback', payload: 'MENU_HELP' }),
          say('m'),
        ],
        edges: ['r1', 'r2', 'r3', 'p1', 'p2'].map((t) => edge(t, 'next', 'm')),
      })
      expect(problems(flow, 'duplicate_trigger').map((p) => p.path)).toEqual([
        'nodes[1].data.ref',
        'nodes[4].data.payload',
      ])
    })

    it('compares keywords without case or surrounding spaces', () => {
      const flow = makeFlow({
        nodes: [
          node('k1', 'trigger', { on: 'keyword', keywords: ['Price', 'hours'] }),
          node('k2', 'trigger', { on: 'keyword', keywords: ['menu', ' price '], match: 'exact' }),
          node('k3', 'trigger', { on: 'keyword', keywords: ['opening'] }),
          say('m'),
        ],
        edges: ['k1', 'k2', 'k3'].map((t) => edge(t, 'next', 'm')),
      })
      expect(problems(flow, 'duplicate_trigger')).toEqual([
        expect.objectContaining({ nodeId: 'k2', path: 'nodes[1].data.keywords[1]' }),
      ])
    })

    it('sees that a "contains" keyword also catches a longer keyword of another trigger', () => {
      const flow = makeFlow({
        nodes: [
          node('exact', 'trigger', { on: 'keyword', keywords: ['price list'] }),
          node('loose', 'trigger', { on: 'keyword', keywords: ['price'], match: 'contains' }),
          say('m'),
        ],
        edges: ['exact', 'loose'].map((t) => edge(t, 'next', 'm')),
      })
      const found = problems(flow, 'duplicate_trigger')
      expect(found).toEqual([
        expect.objectContaining({ nodeId: 'loose', path: 'nodes[1].data.keywords[0]' }),
      ])
      expect(found[0]?.message).toContain('"price list"')
    })

    it('flags a later keyword that an earlier "contains" keyword already catches', () => {
      const flow = makeFlow({
        nodes: [
          node('loose', 'trigger', { on: 'keyword', keywords: ['price'], match: 'contains' }),
          node('exact', 'trigger', { on: 'keyword', keywords: ['hours', 'Price list'] }),
          node('other', 'trigger', { on: 'keyword', keywords: ['prize'] }),
          say('m'),
        ],
        edges: ['loose', 'exact', 'other'].map((t) => edge(t, 'next', 'm')),
      })
      expect(problems(flow, 'duplicate_trigger')).toEqual([
        expect.objectContaining({ nodeId: 'exact', path: 'nodes[1].data.keywords[1]' }),
      ])
    })
  })

  it('orders problems by node, then by path, with problems of the whole flow first', () => {
    const flow = makeFlow({
      nodes: [
        say('orphan'),
        node('t', 'trigger', { on: 'default' }),
        say('m'),
        ...Array.from({ length: 10 }, (_, i) => say(`late${i}`)),
      ],
      edges: [
        edge('t', 'next', 'm'),
        { id: 'again', source: 't', sourceHandle: 'next', target: 'm' },
        ...Array.from({ length: 11 }, (_, i) => ({
          id: `ghost${i}`,
          source: `ghost${i}`,
          sourceHandle: 'next',
          target: 'm',
        })),
      ],
    })
    expect(lintFlow(flow).map((p) => [p.code, p.path])).toEqual([
      ...Array.from({ length: 11 }, (_, i) => ['edge_missing_source', `edges[${i + 2}].source`]),
      ['unreachable_node', 'nodes[0]'],
      ['output_multiple_edges', 'edges[1]'],
      ...Array.from({ length: 10 }, (_, i) => ['unreachable_node', `nodes[${i + 3}]`]),
    ])
  })
})
