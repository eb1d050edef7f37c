import { describe, expect, it } from 'vitest'
import { locateJsonError } from './locateJsonError'

describe('locateJsonError', () => {
  it.each([
    ['{"a": oops}', 6],
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a" 1}', 5],
    ['"\\x"', 2],
    ['{"a": tru}', 9],
    ['01', 1],
    ['{} x', 3],
  ])('finds where %j stops being JSON', (text, at) => {
    expect(() => JSON.parse(text)).toThrow()
    expect(locateJsonError(text)).toBe(at)
  })

  it('agrees with JSON.parse that valid text has no error', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, 'x\\n\u00e9', true, null, { b: {} }] })
    expect(locateJsonError(text)).toBe(text.length)
  })
})
