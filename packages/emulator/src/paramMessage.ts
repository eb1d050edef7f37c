import type { z } from 'zod'

/** `['message', 'quick_replies', 0, 'title']` → `message[quick_replies][0][title]`, Meta's notation. */
export function paramName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String)
  return `${head ?? 'body'}${rest.map((part) => `[${part}]`).join('')}`
}

/**
 * Words a zod issue the way the Send API words a bad parameter: `(#100)`, then a sentence that
 * names the field in bracket notation, so a runtime log says exactly what to fix. Schemas with
 * their own sentence put `{param}` where the field name goes.
 * Parse with `{ reportInput: true }`: a missing field is told apart by its undefined input.
 */
export function paramMessage(issue: z.core.$ZodIssue): string {
  const param = paramName(issue.path)
  return `(#100) ${describe(issue, param)}`
}

function describe(issue: z.core.$ZodIssue, param: string): string {
  // A schema that words its own rule says so with a `{param}` placeholder.
  if (issue.message.includes('{param}')) return issue.message.replaceAll('{param}', param)
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `The parameter ${param} is required`
        : `param ${param} must be ${article(issue.expected)}`
    case 'too_big':
      return issue.origin === 'array'
        ? `param ${param} must have at most ${String(issue.maximum)} items`
        : `param ${param} must be less than or equal to ${String(issue.maximum)}`
    case 'too_small':
      if (issue.origin === 'array') {
        return `param ${param} must have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
      }
      return issue.origin === 'string'
        ? `param ${param} must be a non-empty string`
        : `param ${param} must be greater than or equal to ${String(issue.minimum)}`
    case 'invalid_value':
      return `param ${param} must be one of {${issue.values.map(String).join(', ')}}`
    case 'invalid_union':
      return 'options' in issue && issue.options
        ? `param ${param} must be one of {${issue.options.map(String).join(', ')}}`
        : `param ${param} is invalid`
    case 'unrecognized_keys':
      return `param ${paramName([...issue.path, issue.keys[0] ?? ''])} is not a valid parameter`
    case 'invalid_format':
      return `param ${param} must be a valid ${issue.format}`
    default:
      return issue.message.replaceAll('{param}', param)
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}
