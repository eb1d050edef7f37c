import { lintFlow, parseFlow } from '@charla/flow-schema'
import { describe, expect, it } from 'vitest'
import { generateFlow } from '../src/generateFlow'

describe('generateFlow', () => {
  it.each([2, 3, 10, 11, 200, 2000])('makes a publishable flow of exactly %i nodes', (n) => {
    const parsed = parseFlow(JSON.stringify(generateFlow(n)))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)))
    expect(parsed.flow.nodes).toHaveLength(n)
    expect(lintFlow(parsed.flow)).toEqual([])
  })

  it('mixes the kinds a marketer draws most', () => {
    const kinds = new Set(generateFlow(200).nodes.map((node) => node.type))
    expect([...kinds].sort()).toEqual([
      'condition',
      'delay',
      'end',
      'message',
      'question',
      'set_variable',
      'split',
      'tag',
      'trigger',
    ])
  })

  it('refuses fewer than two nodes', () => {
    expect(() => generateFlow(1)).toThrow(/at least 2 nodes/)
  })
})
