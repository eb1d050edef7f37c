import { formatPath, type PathSegment } from '../formatPath'
import type { FlowNode } from '../nodes'
import type { LintProblem } from './LintProblem'

/**
 * A problem located on a node: `path` is relative to the node (`['data', 'text']`), so the
 * result reads `nodes[3].data.text` and the editor can show it on that node.
 */
export function nodeProblem(
  severity: LintProblem['severity'],
  code: string,
  node: FlowNode,
  index: number,
  path: readonly PathSegment[],
  message: string,
): LintProblem {
  return { severity, code, nodeId: node.id, path: formatPath(['nodes', index, ...path]), message }
}
