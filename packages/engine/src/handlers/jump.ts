import { neverWaits, type NodeHandler } from '../NodeHandler'
import { emit } from '../Run'

export const jump: NodeHandler<'jump'> = {
  enter(run, node) {
    const target = node.data.target
    if (typeof target === 'string') return { kind: 'goto', nodeId: target }
    if (target.flowId === run.flow.id)
      return { kind: 'goto', nodeId: target.nodeId ?? firstTrigger(run) }
    emit(run, {
      type: 'start_flow',
      flowId: target.flowId,
      ...(target.nodeId ? { nodeId: target.nodeId } : {}),
    })
    return { kind: 'end', reason: 'jumped_to_flow' }
  },
  resume: neverWaits,
}

function firstTrigger(run: Parameters<NodeHandler<'jump'>['enter']>[0]): string {
  return run.index.triggers[0]?.id ?? ''
}
