import type { Branch, Rule, Value } from '@charla/flow-schema'
import type { Run } from './Run'
import { fold } from './validateAnswer'
import { isEmpty, readVariable, render } from './variables'

/** The first branch whose rules hold, or undefined for `else`. */
export function evaluateCondition(run: Run, branches: readonly Branch[]): Branch | undefined {
  return branches.find((b) =>
    b.match === 'all' ? b.rules.every((r) => holds(run, r)) : b.rules.some((r) => holds(run, r)),
  )
}

function holds(run: Run, rule: Rule): boolean {
  const tags = run.state.contact.tags
  const expected = typeof rule.value === 'string' ? render(run, rule.value) : rule.value
  if (rule.op === 'has_tag') return tags.includes(String(expected))
  if (rule.op === 'not_has_tag') return !tags.includes(String(expected))
  const actual = readVariable(run, rule.variable)
  switch (rule.op) {
    case 'is_set':
      return !isEmpty(actual)
    case 'is_empty':
      return isEmpty(actual)
    case 'eq':
      return equals(actual, expected)
    case 'neq':
      return !equals(actual, expected)
    case 'contains':
      return contains(actual, expected)
    case 'not_contains':
      return !contains(actual, expected)
    case 'starts_with':
      return text(actual).startsWith(text(expected))
    case 'gt':
      return compare(actual, expected, (a, b) => a > b)
    case 'gte':
      return compare(actual, expected, (a, b) => a >= b)
    case 'lt':
      return compare(actual, expected, (a, b) => a < b)
    case 'lte':
      return compare(actual, expected, (a, b) => a <= b)
    case 'matches':
      return safeMatch(String(expected ?? ''), scalarText(actual).slice(0, 1000))
  }
}

/** Text comparisons ignore case and accents: "Sí" equals "si" for a marketer. */
function text(v: Value | undefined): string {
  return fold(scalarText(v))
}

function scalarText(v: Value | undefined): string {
  if (v === undefined || v === null) return ''
  return Array.isArray(v) ? v.join(', ') : String(v)
}

function equals(actual: Value | undefined, expected: Value | undefined): boolean {
  const a = asNumber(actual)
  const b = asNumber(expected)
  if (a !== undefined && b !== undefined) return a === b
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected)
  return text(actual) === text(expected)
}

function contains(actual: Value | undefined, expected: Value | undefined): boolean {
  if (Array.isArray(actual)) return actual.some((item) => fold(item) === text(expected))
  return text(actual).includes(text(expected))
}

/** Numbers compare as numbers, dates (YYYY-MM-DD, ISO) as strings; anything else is false. */
function compare(
  actual: Value | undefined,
  expected: Value | undefined,
  op: (a: number | string, b: number | string) => boolean,
) {
  const a = asNumber(actual)
  const b = asNumber(expected)
  if (a !== undefined && b !== undefined) return op(a, b)
  if (
    typeof actual === 'string' &&
    typeof expected === 'string' &&
    ISO.test(actual) &&
    ISO.test(expected)
  )
    return op(actual, expected)
  return false
}

const ISO = /^\d{4}-\d{2}-\d{2}/

function asNumber(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && /^[-+]?\d+(\.\d+)?$/.test(v.trim()))
    return Number(v)
  return undefined
}

function safeMatch(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'iu').test(value)
  } catch {
    return false
  }
}
