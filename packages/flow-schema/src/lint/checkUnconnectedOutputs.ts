import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'

/**
 * `unconnected_output`: an output left open ends the conversation there. That is fine for
 * outputs such as a question's `invalid` or a form's `abandoned`; the node facts list the
 * outputs where it looks like an oversight.
 */
export function checkUnconnectedOutputs({ graph, facts }: LintContext): LintProblem[] {
  return graph.nodes.flatMap((node, i) =>
    (facts[i]?.expectedOutputs ?? []).flatMap((expected) =>
      graph.connected[i]?.has(expected.output)
        ? []
        : [nodeProblem('warning', 'unconnected_output', node, i, expected.path, expected.message)],
    ),
  )
}
