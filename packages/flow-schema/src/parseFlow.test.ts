import { describe, expect, it } from 'vitest'
import { parseFlow } from './parseFlow'
import { makeFlow, node } from './testing'

const valid = makeFlow({
  nodes: [node('t', 'trigger', { on: 'get_started' }), node('m', 'message', { text: 'Hi' })],
  edges: [{ id: 'e1', source: 't', sourceHandle: 'next', target: 'm' }],
})

function errorsOf(input: unknown) {
  const r = parseFlow(input)
  if (r.ok) throw new Error('expected errors')
  return r.errors
}

describe('parseFlow', () => {
  it('accepts a valid flow given as text or as a value', () => {
    expect(parseFlow(JSON.stringify(valid))).toEqual({ ok: true, flow: valid })
    expect(parseFlow(valid)).toEqual({ ok: true, flow: valid })
  })

  it('locates schema errors with a JSON path and the node they concern', () => {
    const flow = {
      ...valid,
      nodes: [
        valid.nodes[0],
        {
          id: 'm',
          type: 'message',
          position: { x: 0, y: 0 },
          data: {
            text: 'Pick one',
            buttons: [
              { id: 'a', type: 'postback', title: 'One' },
              { id: 'b', type: 'url', title: 'This title is far too long for Messenger' },
            ],
          },
        },
      ],
    }
    expect(errorsOf(flow)).toEqual([
      {
        path: 'nodes[1].data.buttons[1].title',
        message: 'a button title can be at most 20 characters',
        nodeId: 'm',
      },
      {
        path: 'nodes[1].data.buttons[1].url',
        message: 'a link button needs an address',
        nodeId: 'm',
      },
    ])
  })

  it('says "at most 3 buttons" in words a marketer reads', () => {
    const buttons = ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 'postback', title: id }))
    const flow = {
      ...valid,
      nodes: [valid.nodes[0], { ...valid.nodes[1], data: { text: 'x', buttons } }],
    }
    expect(errorsOf(flow)).toEqual([
      {
        path: 'nodes[1].data.buttons',
        message: 'a message can have at most 3 buttons',
        nodeId: 'm',
      },
    ])
  })

  it('names an unknown node type and lists the known ones', () => {
    const [error] = errorsOf({
      ...valid,
      nodes: [...valid.nodes, { id: 'x', type: 'gif', position: { x: 0, y: 0 }, data: {} }],
    })
    expect(error?.path).toBe('nodes[2].type')
    expect(error?.nodeId).toBe('x')
    expect(error?.message).toMatch(
      /^unknown node type "gif" \(known types: trigger, message, question, .*checkout\)$/,
    )
  })

  it('rejects unknown fields at every level, naming them', () => {
    expect(errorsOf({ ...valid, colour: 'red' })).toEqual([
      { path: 'colour', message: 'unknown field "colour"' },
    ])
    const typo = {
      ...valid,
      nodes: [valid.nodes[0], { ...valid.nodes[1], data: { text: 'x', buttns: [] } }],
    }
    expect(errorsOf(typo)).toEqual([
      { path: 'nodes[1].data.buttns', message: 'unknown field "buttns"', nodeId: 'm' },
    ])
  })

  it('reports missing and mistyped fields plainly', () => {
    const { name: _n, ...noName } = valid
    expect(errorsOf(noName)).toEqual([{ path: 'name', message: 'is required' }])
    expect(errorsOf({ ...valid, nodes: 'none' })).toEqual([
      { path: 'nodes', message: 'must be an array, not a string' },
    ])
  })

  it('reports duplicate ids where the second one is', () => {
    const dup = { ...valid, nodes: [valid.nodes[0], { ...valid.nodes[1], id: 't' }] }
    expect(errorsOf(dup)).toContainEqual({
      path: 'nodes[1].id',
      message: 'the node id "t" is used twice',
      nodeId: 't',
    })
  })

  it('refuses keys that could poison prototypes, before anything else', () => {
    expect(errorsOf('{"__proto__": {"admin": true}, "format": "charla.flow"}')).toEqual([
      { path: '__proto__', message: 'the key "__proto__" is not allowed' },
    ])
    const nested = JSON.stringify({ ...valid, meta: { constructor: { prototype: { x: 1 } } } })
    expect(errorsOf(nested)).toEqual([
      { path: 'meta.constructor', message: 'the key "constructor" is not allowed' },
    ])
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('explains JSON syntax errors with a line and column', () => {
    expect(errorsOf('{\n  "format": "charla.flow",\n  "name": oops\n}')).toEqual([
      { path: '', message: 'not valid JSON: unexpected "o" (line 3, column 11)' },
    ])
    expect(errorsOf('{"format": ')).toEqual([
      { path: '', message: 'not valid JSON: the text ends too early (line 1, column 12)' },
    ])
  })

  it('refuses documents nested absurdly deep', () => {
    const deep = '['.repeat(100) + ']'.repeat(100)
    expect(errorsOf(deep)[0]?.message).toBe('nested deeper than 64 levels')
  })

  it('says when a file comes from a newer Charla', () => {
    expect(errorsOf({ ...valid, schemaVersion: 2 })).toEqual([
      {
        path: 'schemaVersion',
        message:
          'this flow was made by a newer Charla (format v2); this one reads up to v1. Update Charla to open it',
      },
    ])
  })

  it('checks what the engine will run: u-flag patterns, usable locales, prices whose totals stay exact', () => {
    const question = {
      id: 'q',
      type: 'question',
      position: { x: 0, y: 0 },
      data: { text: 'Code?', variable: 'code', input: 'text', validation: { pattern: 'a{' } },
    }
    expect(errorsOf({ ...valid, nodes: [...valid.nodes, question] })).toEqual([
      {
        path: 'nodes[2].data.validation.pattern',
        message: 'not a valid regular expression',
        nodeId: 'q',
      },
    ])
    expect(errorsOf({ ...valid, locale: 'es-ES-ES' })).toEqual([
      { path: 'locale', message: 'not a locale dates and prices can be written in (try "es-ES")' },
    ])
    const product = { id: 'p', name: 'Gold', priceMinor: 9e15, currency: 'EUR' }
    expect(errorsOf({ ...valid, resources: { products: [product] } })).toEqual([
      {
        path: 'resources.products[0].priceMinor',
        message: 'a price can be at most 1,000,000,000 minor units',
      },
    ])
  })
})
