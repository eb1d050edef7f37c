import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'

/**
 * `unreachable_node`: no trigger leads to the step, so it never runs. Skipped when the flow
 * has no trigger at all: `no_trigger` already says so, and flagging every step adds nothing.
 */
export function checkReachability({ graph }: LintContext): LintProblem[] {
  if (graph.triggers.length === 0) return []
  return graph.nodes.flatMap((node, i) =>
    graph.reachable[i]
      ? []
      : [
          nodeProblem(
            'warning',
            'unreachable_node',
            node,
            i,
            [],
            'No trigger leads to this step, so it never runs. Connect it to the flow, or delete it.',
          ),
        ],
  )
}
