import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'
import { listNames } from './listNames'

/**
 * `variable_type_mismatch`: a step saves a value into a variable of a type that cannot hold
 * it (a phone number into a number variable, adding to a text), so later comparisons and
 * formatting go wrong.
 */
export function checkVariableTypes({ graph, facts, variables }: LintContext): LintProblem[] {
  const problems: LintProblem[] = []
  graph.nodes.forEach((node, i) => {
    for (const write of facts[i]?.writes ?? []) {
      const declared = variables.get(write.name)
      if (!write.fits || !declared || write.fits.types.includes(declared.type)) continue
      const types = listNames(
        write.fits.types.map((t) => `"${t}"`),
        'or',
      )
      problems.push(
        nodeProblem(
          'warning',
          'variable_type_mismatch',
          node,
          i,
          write.path,
          `${write.fits.what}, but "${write.name}" is a "${declared.type}" variable. Save it into a variable of type ${types}, or change the type of "${write.name}".`,
        ),
      )
    }
  })
  return problems
}
