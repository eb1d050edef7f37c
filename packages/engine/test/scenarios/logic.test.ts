import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import type { Rule } from '@charla/flow-schema'
import { converse, getStarted } from '../converse'

/** A flow that sets variables, then reports which branch a single rule takes. */
function branchOn(rule: Rule) {
  return makeFlow({
    variables: [
      variable('city'),
      variable('age', 'number'),
      variable('sizes', 'list'),
      variable('empty'),
    ],
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('tags', 'tag', { add: ['vip'] }),
      node('set', 'set_variable', {
        assignments: [
          { variable: 'city', op: 'set', value: 'Málaga' },
          { variable: 'age', op: 'set', value: '34' },
          { variable: 'sizes', op: 'append', value: 'M' },
          { variable: 'sizes', op: 'append', value: 'L' },
        ],
      }),
      node('c', 'condition', {
        branches: [{ id: 'yes', label: 'Yes', match: 'all', rules: [rule] }],
      }),
      node('y', 'end', { text: 'yes' }),
      node('n', 'end', { text: 'else' }),
    ],
    edges: [...chain('t', 'tags', 'set', 'c'), edge('c', 'yes', 'y'), edge('c', 'else', 'n')],
  })
}

const outcome = (rule: Rule) => converse(branchOn(rule)).send(getStarted()).at(-1)

describe('condition', () => {
  it.each<[Rule, string]>([
    [{ variable: 'city', op: 'eq', value: 'malaga' }, 'yes'],
    [{ variable: 'city', op: 'neq', value: 'Sevilla' }, 'yes'],
    [{ variable: 'city', op: 'contains', value: 'LAG' }, 'yes'],
    [{ variable: 'city', op: 'not_contains', value: 'lag' }, 'else'],
    [{ variable: 'city', op: 'starts_with', value: 'má' }, 'yes'],
    [{ variable: 'age', op: 'gt', value: 34 }, 'else'],
    [{ variable: 'age', op: 'gte', value: 34 }, 'yes'],
    [{ variable: 'age', op: 'lt', value: '40' }, 'yes'],
    [{ variable: 'age', op: 'lte', value: 33 }, 'else'],
    [{ variable: 'city', op: 'is_set' }, 'yes'],
    [{ variable: 'empty', op: 'is_empty' }, 'yes'],
    [{ variable: 'city', op: 'matches', value: '^m.+a$' }, 'yes'],
    [{ variable: 'contact.tags', op: 'has_tag', value: 'vip' }, 'yes'],
    [{ variable: 'contact.tags', op: 'not_has_tag', value: 'vip' }, 'else'],
    [{ variable: 'sizes', op: 'contains', value: 'l' }, 'yes'],
    [{ variable: 'contact.first_name', op: 'eq', value: 'ana' }, 'yes'],
    [{ variable: 'city', op: 'gt', value: 'A' }, 'else'],
  ])('%j takes %s', (rule, expected) => {
    expect(outcome(rule)).toBe(`bot: ${expected}`)
  })

  it('takes the first branch that holds, with all/any matching', () => {
    const flow = makeFlow({
      variables: [variable('n', 'number')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('s', 'set_variable', { assignments: [{ variable: 'n', op: 'increment', value: 5 }] }),
        node('c', 'condition', {
          branches: [
            {
              id: 'both',
              label: 'both',
              match: 'all',
              rules: [
                { variable: 'n', op: 'gt', value: 1 },
                { variable: 'n', op: 'gt', value: 9 },
              ],
            },
            {
              id: 'either',
              label: 'either',
              match: 'any',
              rules: [
                { variable: 'n', op: 'eq', value: 0 },
                { variable: 'n', op: 'eq', value: 5 },
              ],
            },
          ],
        }),
        node('a', 'end', { text: 'both' }),
        node('b', 'end', { text: 'either {{n}}' }),
      ],
      edges: [...chain('t', 's', 'c'), edge('c', 'both', 'a'), edge('c', 'either', 'b')],
    })
    expect(converse(flow).send(getStarted())).toEqual(['bot: either 5'])
  })
})

describe('set_variable and tag', () => {
  it('sets from templates, increments, appends and clears', () => {
    const flow = makeFlow({
      variables: [
        variable('greeting'),
        variable('visits', 'number'),
        variable('items', 'list'),
        variable('note'),
      ],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('s', 'set_variable', {
          assignments: [
            { variable: 'greeting', op: 'set', value: 'Hola {{contact.first_name}}' },
            { variable: 'visits', op: 'increment' },
            { variable: 'visits', op: 'increment', value: 2 },
            { variable: 'items', op: 'append', value: 'a' },
            { variable: 'items', op: 'append', value: 'b' },
            { variable: 'note', op: 'set', value: 'x' },
            { variable: 'note', op: 'clear' },
          ],
        }),
        node('e', 'end', { text: '{{greeting}} · {{visits}} · {{items}} · {{note | "none"}}' }),
      ],
      edges: chain('t', 's', 'e'),
    })
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual(['bot: Hola Ana · 3 · a, b · none'])
    expect(c.state.vars).toEqual({ greeting: 'Hola Ana', visits: 3, items: ['a', 'b'], note: null })
  })

  it('never re-reads a value a person typed as a template', () => {
    const flow = makeFlow({
      variables: [variable('name'), variable('secret')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('s', 'set_variable', {
          assignments: [{ variable: 'secret', op: 'set', value: 'TOKEN' }],
        }),
        node('q', 'question', { text: 'Name?', variable: 'name', input: 'text' }),
        node('e', 'end', { text: 'Hi {{name}}' }),
      ],
      edges: chain('t', 's', 'q', 'e'),
    })
    const c = converse(flow)
    c.send(getStarted())
    expect(c.send({ type: 'message', text: '{{secret}}' })).toEqual(['bot: Hi {{secret}}'])
  })

  it('adds and removes contact tags once each, and reports only real changes', () => {
    const flow = makeFlow({
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('g', 'tag', { add: ['lead', 'vip'], remove: ['cold', 'never_had'] }),
      ],
      edges: chain('t', 'g'),
    })
    const c = converse(flow, { contact: { tags: ['cold', 'vip'] } })
    expect(c.send(getStarted())).toEqual(['contact +lead -cold'])
    expect(c.state.contact.tags).toEqual(['vip', 'lead'])
  })
})

describe('split, jump and end', () => {
  const ab = makeFlow({
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('s', 'split', {
        arms: [
          { id: 'a', weight: 1 },
          { id: 'off', weight: 0 },
          { id: 'b', weight: 3 },
        ],
      }),
      node('ma', 'end', { text: 'A' }),
      node('mb', 'end', { text: 'B' }),
    ],
    edges: [...chain('t', 's'), edge('s', 'a', 'ma'), edge('s', 'b', 'mb')],
  })

  it('picks arms by weight from ctx.random and records the assignment', () => {
    expect(converse(ab, { random: () => 0.2 }).send(getStarted())).toEqual(['bot: A'])
    expect(converse(ab, { random: () => 0.25 }).send(getStarted())).toEqual(['bot: B'])
    const c = converse(ab, { random: () => 0.99, analytics: true })
    expect(c.send(getStarted())).toContain('~ split_assigned s b')
  })

  it('jumps to a node of the same flow, and hands over to another flow', () => {
    const flow = makeFlow({
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('j', 'jump', { target: 'later' }),
        node('skipped', 'message', { text: 'never said' }),
        node('later', 'message', { text: 'jumped here' }),
        node('x', 'jump', { target: { flowId: 'checkout_flow', nodeId: 'cart' } }),
      ],
      edges: [...chain('t', 'j'), ...chain('skipped', 'later', 'x')],
    })
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual(['bot: jumped here', 'start flow checkout_flow at cart'])
    expect(c.state.status).toBe('ended')
  })

  it('stops a loop that never waits with an error instead of hanging', () => {
    const flow = makeFlow({
      variables: [variable('n', 'number')],
      nodes: [
        node('t', 'trigger', { on: 'get_started' }),
        node('inc', 'set_variable', { assignments: [{ variable: 'n', op: 'increment' }] }),
        node('back', 'jump', { target: 'inc' }),
      ],
      edges: chain('t', 'inc', 'back'),
    })
    const c = converse(flow)
    expect(c.send(getStarted())).toEqual(['error step_budget_exceeded'])
    expect(c.state.status).toBe('ended')
    expect(c.actions.find((a) => a.type === 'error')).toMatchObject({ nodeId: expect.any(String) })
  })
})
