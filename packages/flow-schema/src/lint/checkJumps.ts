import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { jumpTarget } from './jumpTarget'
import { nodeProblem } from './nodeProblem'

/** `jump_missing_target`: a jump to a step of this flow that does not exist. */
export function checkJumps({ flow, graph }: LintContext): LintProblem[] {
  return flow.nodes.flatMap((node, i) => {
    const target = jumpTarget(node, flow.id)
    if (target === null || graph.indexOf.has(target.nodeId)) return []
    return [
      nodeProblem(
        'error',
        'jump_missing_target',
        node,
        i,
        target.path,
        `This jump leads to a step "${target.nodeId}" that does not exist in this flow (it may have been deleted). Pick another step to jump to.`,
      ),
    ]
  })
}
