import { describe, expect, it } from 'vitest'
import type { Flow } from '../flow'
import { chain, edge, makeFlow, node, variable } from '../testing'
import type { Variable } from '../variable'
import { lintFlow } from './lintFlow'
import type { LintProblem } from './LintProblem'

const trigger = () => node('t', 'trigger', { on: 'get_started' })
const say = (id: string, text: string) => node(id, 'message', { text })
const ask = (id: string, v: string, input: 'text' | 'email' | 'number' | 'date' = 'text') =>
  node(id, 'question', { text: 'Tell me', variable: v, input })

function problems(flow: Flow, code: string): LintProblem[] {
  return lintFlow(flow).filter((p) => p.code === code)
}

describe('lintFlow', () => {
  describe('undeclared_variable', () => {
    it('blocks a template naming an unknown variable and suggests the close one', () => {
      const flow = makeFlow({
        variables: [variable('first_name', 'text', 'contact')],
        nodes: [trigger(), say('m', 'Hi {{frist_name}}!')],
        edges: [edge('t', 'next', 'm')],
      })
      const found = problems(flow, 'undeclared_variable')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'm', path: 'nodes[1].data.text' }),
      ])
      expect(found[0]?.message).toContain('Did you mean "first_name"?')
    })

    it('accepts built-ins, declared names and contact.<name> for contact fields only', () => {
      const flow = makeFlow({
        variables: [variable('city', 'text', 'contact'), variable('size', 'text', 'conversation')],
        nodes: [
          trigger(),
          ask('q', 'size'),
          say('m', '{{page.name}} {{contact.first_name}} {{city}} {{contact.city}} {{size}}'),
          say('n', 'Size: {{contact.size}}'),
        ],
        edges: chain('t', 'q', 'm', 'n'),
      })
      expect(problems(flow, 'undeclared_variable')).toEqual([
        expect.objectContaining({ nodeId: 'n', path: 'nodes[3].data.text' }),
      ])
    })

    it('looks into buttons, cards, quick replies and every other text a step sends', () => {
      const flow = makeFlow({
        nodes: [
          trigger(),
          node('m', 'message', {
            text: 'Pick',
            quickReplies: [{ id: 'q1', title: '{{a}}' }],
            cards: [
              {
                id: 'c1',
                title: 'Card',
                subtitle: '{{b}}',
                buttons: [{ id: 'go', type: 'url', title: 'Go', url: 'https://x.example/{{c}}' }],
              },
            ],
          }),
          node('h', 'http_request', {
            method: 'POST',
            url: 'https://api.example.com',
            headers: { 'X-Token': '{{d}}' },
          }),
        ],
        edges: [edge('t', 'next', 'm'), edge('m', 'q1', 'h')],
      })
      expect(problems(flow, 'undeclared_variable').map((p) => p.path)).toEqual([
        'nodes[1].data.cards[0].buttons[0].url',
        'nodes[1].data.cards[0].subtitle',
        'nodes[1].data.quickReplies[0].title',
        'nodes[2].data.headers["X-Token"]',
      ])
    })

    it('blocks a condition rule on an unknown variable, but ignores it for tag rules', () => {
      const flow = makeFlow({
        nodes: [
          trigger(),
          node('c', 'condition', {
            branches: [
              {
                id: 'b',
                label: 'B',
                match: 'all',
                rules: [
                  { variable: 'contact.tags', op: 'has_tag', value: 'vip' },
                  { variable: 'whatever', op: 'not_has_tag', value: 'spam' },
                  { variable: 'score', op: 'gt', value: 3 },
                ],
              },
            ],
          }),
        ],
        edges: [edge('t', 'next', 'c')],
      })
      expect(problems(flow, 'undeclared_variable')).toEqual([
        expect.objectContaining({
          nodeId: 'c',
          path: 'nodes[1].data.branches[0].rules[2].variable',
        }),
      ])
    })

    it('blocks a step that saves into an unknown variable', () => {
      const flow = makeFlow({
        variables: [variable('email', 'email')],
        nodes: [
          trigger(),
          ask('q', 'emial', 'email'),
          node('h', 'http_request', {
            method: 'GET',
            url: 'https://api.example.com',
            save: [{ path: 'id', variable: 'crm_id' }],
          }),
        ],
        edges: [...chain('t', 'q', 'h')],
      })
      const found = problems(flow, 'undeclared_variable')
      expect(found.map((p) => p.path)).toEqual([
        'nodes[1].data.variable',
        'nodes[2].data.save[0].variable',
      ])
      expect(found[0]?.message).toContain('Did you mean "email"?')
    })
  })

  describe('malformed_template', () => {
    it('blocks a placeholder that is not a valid variable reference', () => {
      const flow = makeFlow({
        nodes: [trigger(), say('m', 'Hello {{ First Name }}, and {{ First Name }} again')],
        edges: [edge('t', 'next', 'm')],
      })
      const found = problems(flow, 'malformed_template')
      expect(found).toEqual([
        expect.objectContaining({ severity: 'error', nodeId: 'm', path: 'nodes[1].data.text' }),
      ])
      expect(found[0]?.message).toContain('"{{ First Name }}"')
    })
  })

  describe('variable_read_before_set', () => {
    const vars = (...extra: Variable[]) => [variable('name'), ...extra]

    it('warns when a message uses a variable that no earlier step sets', () => {
      const flow = makeFlow({
        variables: vars(),
        nodes: [trigger(), say('m', 'Hi {{name}}'), ask('q', 'name'), say('n', 'Bye {{name}}')],
        edges: chain('t', 'm', 'q', 'n'),
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([
        expect.objectContaining({ severity: 'warning', nodeId: 'm', path: 'nodes[1].data.text' }),
      ])
    })

    it('does not count an answer that was never given (the invalid output)', () => {
      const flow = makeFlow({
        variables: vars(),
        nodes: [trigger(), ask('q', 'name'), say('m', 'Hi {{name}}')],
        edges: [edge('t', 'next', 'q'), edge('q', 'invalid', 'm')],
      })
      expect(problems(flow, 'variable_read_before_set').map((p) => p.nodeId)).toEqual(['m'])
    })

    it('is satisfied when at least one path sets the variable', () => {
      const flow = makeFlow({
        variables: vars(),
        nodes: [
          trigger(),
          node('m', 'message', {
            text: 'Tell us your name?',
            quickReplies: [
              { id: 'yes', title: 'Yes' },
              { id: 'no', title: 'No' },
            ],
          }),
          ask('q', 'name'),
          say('n', 'Thanks {{name | "friend"}}'),
        ],
        edges: [
          edge('t', 'next', 'm'),
          edge('m', 'yes', 'q'),
          edge('m', 'no', 'n'),
          edge('m', 'fallback', 'n'),
          edge('q', 'next', 'n'),
        ],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([])
    })

    it('sees a value set later in a loop that comes back round', () => {
      const flow = makeFlow({
        variables: vars(),
        nodes: [
          trigger(),
          node('m', 'message', { text: 'Again?', quickReplies: [{ id: 'again', title: 'Again' }] }),
          say('n', 'Last time you said {{name}}'),
          ask('q', 'name'),
        ],
        edges: [edge('t', 'next', 'm'), edge('m', 'again', 'n'), ...chain('n', 'q', 'm')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([])
    })

    it('exempts contact fields, variables with a default and presence checks', () => {
      const withDefault: Variable = { ...variable('plan'), default: 'free' }
      const flow = makeFlow({
        variables: vars(variable('city', 'text', 'contact'), withDefault),
        nodes: [
          trigger(),
          say('m', '{{city}} {{plan}} {{contact.city}}'),
          node('c', 'condition', {
            branches: [
              {
                id: 'known',
                label: 'Known',
                match: 'all',
                rules: [{ variable: 'name', op: 'is_set' }],
              },
            ],
          }),
        ],
        edges: [...chain('t', 'm', 'c'), edge('c', 'known', 'm'), edge('c', 'else', 'm')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([])
    })

    it('warns about a condition that compares a variable nothing set', () => {
      const flow = makeFlow({
        variables: vars(),
        nodes: [
          trigger(),
          node('c', 'condition', {
            branches: [
              {
                id: 'b',
                label: 'B',
                match: 'all',
                rules: [{ variable: 'name', op: 'eq', value: 'x' }],
              },
            ],
          }),
        ],
        edges: [edge('t', 'next', 'c')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([
        expect.objectContaining({ path: 'nodes[1].data.branches[0].rules[0].variable' }),
      ])
    })

    it("lets a form's prompts quote earlier answers, but not later ones", () => {
      const flow = makeFlow({
        variables: vars(variable('phone', 'phone')),
        nodes: [
          trigger(),
          node('f', 'lead_form', {
            fields: [
              {
                id: 'a',
                variable: 'name',
                prompt: 'Name? {{phone}}',
                input: 'text',
                required: true,
              },
              {
                id: 'b',
                variable: 'phone',
                prompt: '{{name}}, phone?',
                input: 'phone',
                required: true,
              },
            ],
            completion: 'Thanks {{name}}, we will call {{phone}}',
          }),
          say('m', 'Done, {{name}}'),
        ],
        edges: [edge('t', 'next', 'f'), edge('f', 'completed', 'm')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([
        expect.objectContaining({ nodeId: 'f', path: 'nodes[1].data.fields[0].prompt' }),
      ])
    })

    it('lets a later assignment use an earlier one of the same step', () => {
      const flow = makeFlow({
        variables: vars(variable('greeting')),
        nodes: [
          trigger(),
          node('s', 'set_variable', {
            assignments: [
              { variable: 'greeting', op: 'set', value: 'Hi {{name}}' },
              { variable: 'name', op: 'set', value: 'Ann' },
              { variable: 'greeting', op: 'set', value: 'Hi {{name}}' },
            ],
          }),
        ],
        edges: [edge('t', 'next', 's')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([
        expect.objectContaining({ path: 'nodes[1].data.assignments[0].value' }),
      ])
    })

    it('treats a checkout cart that no product list fills as read before set', () => {
      const flow = makeFlow({
        variables: [variable('cart', 'list')],
        resources: { products: [{ id: 'p', name: 'P', priceMinor: 100, currency: 'EUR' }] },
        nodes: [
          trigger(),
          node('pay', 'checkout', {
            cartVariable: 'cart',
            currency: 'EUR',
            collect: { shippingAddress: false, email: false, phone: false },
            provider: 'stripe',
            buttonText: 'Pay',
            expiresMinutes: 60,
            receipt: false,
          }),
        ],
        edges: [edge('t', 'next', 'pay')],
      })
      expect(problems(flow, 'variable_read_before_set')).toEqual([
        expect.objectContaining({ nodeId: 'pay', path: 'nodes[1].data.cartVariable' }),
      ])
    })
  })

  describe('variable_type_mismatch', () => {
    it('warns when a question saves an answer into a variable of another type', () => {
      const flow = makeFlow({
        variables: [
          variable('age', 'number'),
          variable('email', 'email'),
          variable('note', 'text'),
          variable('when', 'datetime'),
        ],
        nodes: [
          trigger(),
          ask('q1', 'age', 'email'),
          ask('q2', 'email', 'text'),
          ask('q3', 'note', 'email'),
          ask('q4', 'when', 'date'),
        ],
        edges: chain('t', 'q1', 'q2', 'q3', 'q4'),
      })
      const found = problems(flow, 'variable_type_mismatch')
      expect(found).toEqual([
        expect.objectContaining({
          severity: 'warning',
          nodeId: 'q1',
          path: 'nodes[1].data.variable',
        }),
        expect.objectContaining({
          severity: 'warning',
          nodeId: 'q2',
          path: 'nodes[2].data.variable',
        }),
      ])
      expect(found[0]?.message).toContain('"email" or "text"')
    })

    it('checks form fields the same way', () => {
      const flow = makeFlow({
        variables: [variable('phone', 'number')],
        nodes: [
          trigger(),
          node('f', 'lead_form', {
            fields: [
              { id: 'p', variable: 'phone', prompt: 'Phone?', input: 'phone', required: true },
            ],
            completion: 'Thanks',
          }),
        ],
        edges: [edge('t', 'next', 'f')],
      })
      expect(problems(flow, 'variable_type_mismatch')).toEqual([
        expect.objectContaining({ nodeId: 'f', path: 'nodes[1].data.fields[0].variable' }),
      ])
    })

    it('warns about adding to a non-number and appending to a non-list', () => {
      const flow = makeFlow({
        variables: [
          variable('count', 'number'),
          variable('label'),
          variable('items', 'list'),
          variable('ok', 'boolean'),
        ],
        nodes: [
          trigger(),
          node('s', 'set_variable', {
            assignments: [
              { variable: 'count', op: 'increment' },
              { variable: 'label', op: 'increment', value: 2 },
              { variable: 'items', op: 'append', value: 'x' },
              { variable: 'label', op: 'append', value: 'x' },
              { variable: 'ok', op: 'append', value: 'x' },
              { variable: 'ok', op: 'set', value: true },
            ],
          }),
        ],
        edges: [edge('t', 'next', 's')],
      })
      expect(problems(flow, 'variable_type_mismatch').map((p) => p.path)).toEqual([
        'nodes[1].data.assignments[1].variable',
        'nodes[1].data.assignments[4].variable',
      ])
    })
  })
})
