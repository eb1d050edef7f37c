import {
  lintFlow,
  parseFlow,
  type Flow,
  type FlowError,
  type LintProblem,
} from '@charla/flow-schema'

export type FlowCheck =
  | { kind: 'not_json'; message: string }
  | { kind: 'invalid'; errors: FlowError[] }
  | { kind: 'parsed'; flow: Flow; problems: LintProblem[]; publishable: boolean }

/**
 * Parses a flow file's text and, when it is a flow, lints it. Text that is not JSON at all is
 * told apart from JSON that is not a valid flow: the CLI and the API treat the first as a bad
 * input (exit 2, HTTP 400) and the second as a verdict on the flow.
 *
 * @example
 * const check = checkFlowText(await readFile('lead-form.json', 'utf8'))
 * if (check.kind === 'parsed' && check.publishable) publish(check.flow)
 */
export function checkFlowText(text: string): FlowCheck {
  const parsed = parseFlow(text)
  if (!parsed.ok) {
    if (!isJson(text))
      return { kind: 'not_json', message: parsed.errors[0]?.message ?? 'not valid JSON' }
    return { kind: 'invalid', errors: parsed.errors }
  }
  const problems = lintFlow(parsed.flow)
  const publishable = !problems.some((p) => p.severity === 'error')
  return { kind: 'parsed', flow: parsed.flow, problems, publishable }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
