import type { PathSegment } from '../formatPath'
import type { FlowNode } from '../nodes'

/**
 * The node a jump leads to in this flow, with the path of the id, or null when the node is
 * not a jump or leads to another flow (which the linter cannot see) or to this flow's start.
 */
export function jumpTarget(
  node: FlowNode,
  flowId: string,
): { nodeId: string; path: PathSegment[] } | null {
  if (node.type !== 'jump') return null
  const target = node.data.target
  if (typeof target === 'string') return { nodeId: target, path: ['data', 'target'] }
  if (target.flowId !== flowId || target.nodeId === undefined) return null
  return { nodeId: target.nodeId, path: ['data', 'target', 'nodeId'] }
}
