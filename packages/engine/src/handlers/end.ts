import { neverWaits, type NodeHandler } from '../NodeHandler'
import { sendText } from '../send'
import { render } from '../variables'

export const end: NodeHandler<'end'> = {
  enter(run, node) {
    if (node.data.text) sendText(run, render(run, node.data.text), { nodeId: node.id })
    return { kind: 'end', reason: 'end_node' }
  },
  resume: neverWaits,
}
