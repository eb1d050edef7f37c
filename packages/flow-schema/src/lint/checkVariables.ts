import type { PathSegment } from '../formatPath'
import type { Variable } from '../variable'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'
import { knownNames, resolveVariable } from './resolveVariable'
import { closestName } from './closestName'

/**
 * `malformed_template`: a `{{...}}` that is not a valid reference would be sent as typed.
 * `undeclared_variable`: a template, rule or step uses a name that is neither declared in the
 * flow's variables nor built in, usually a typo.
 */
export function checkVariables({ graph, facts, templates, variables }: LintContext): LintProblem[] {
  const problems: LintProblem[] = []
  const hint = nameHints(variables)
  graph.nodes.forEach((node, i) => {
    const report = (code: string, path: PathSegment[], message: string) =>
      problems.push(nodeProblem('error', code, node, i, path, message))
    for (const { path, names, malformed } of templates[i] ?? []) {
      for (const token of malformed)
        report(
          'malformed_template',
          path,
          `"${token}" is not a valid placeholder, so it would be sent as typed. Write a variable name in lowercase with "_" instead of spaces, like {{first_name}} or {{first_name | "there"}}.`,
        )
      for (const name of names)
        if (!resolveVariable(name, variables))
          report(
            'undeclared_variable',
            path,
            `"{{${name}}}" is not a variable of this flow, so it would come out empty. Add "${name}" under Variables, or correct the name.${hint(name)}`,
          )
    }
    const f = facts[i]
    for (const { path, name } of f?.reads ?? [])
      if (!resolveVariable(name, variables))
        report(
          'undeclared_variable',
          path,
          `This step uses "${name}", which is not a variable of this flow. Add it under Variables, or pick an existing one.${hint(name)}`,
        )
    for (const { path, name } of f?.writes ?? [])
      if (!resolveVariable(name, variables))
        report(
          'undeclared_variable',
          path,
          `This step saves into "${name}", which is not a variable of this flow. Add it under Variables, or pick an existing one.${hint(name)}`,
        )
  })
  return problems
}

/** " Did you mean "x"?" for a name a typo away from a known one, else "". */
function nameHints(variables: ReadonlyMap<string, Variable>): (name: string) => string {
  let byLength: Map<number, string[]> | undefined
  const memo = new Map<string, string>()
  return (name) => {
    const cached = memo.get(name)
    if (cached !== undefined) return cached
    if (byLength === undefined) {
      byLength = new Map()
      for (const known of knownNames(variables))
        byLength.set(known.length, [...(byLength.get(known.length) ?? []), known])
    }
    // Only names within two letters of the same length can be two typos away.
    const candidates: string[] = []
    for (let len = name.length - 2; len <= name.length + 2; len++)
      candidates.push(...(byLength.get(len) ?? []))
    const close = closestName(name, candidates)
    const text = close === undefined ? '' : ` Did you mean "${close}"?`
    memo.set(name, text)
    return text
  }
}
