import type { z } from 'zod'

type RawIssue = z.core.$ZodRawIssue

/**
 * Messages for zod's built-in checks, phrased for a marketer. Messages written on the schema
 * itself (e.g. "a message can have at most 3 buttons") take precedence over these.
 */
export function zodErrorMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${article(String(issue.expected))}, not ${describe(issue.input)}`
    case 'too_big': {
      const max = String(issue.maximum)
      if (issue.origin === 'string') return `can be at most ${max} characters`
      if (issue.origin === 'array') return `can have at most ${max} items`
      return `must be at most ${max}`
    }
    case 'too_small': {
      const min = String(issue.minimum)
      if (issue.origin === 'string')
        return min === '1' ? 'must not be empty' : `needs at least ${min} characters`
      if (issue.origin === 'array') return `needs at least ${min} items`
      return `must be at least ${min}`
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `unknown field "${issue.keys[0]}"`
        : `unknown fields ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `must be a valid ${issue.format}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'invalid_union':
      return 'does not match any allowed form'
    default:
      return 'is not valid'
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return article(typeof value)
}
