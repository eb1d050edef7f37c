import type { FlowNode } from '../nodes'

/** How a step is named in messages: its canvas label when it has one, else its id. */
export function nodeName(node: FlowNode): string {
  return `"${node.label ?? node.id}"`
}
