import { evaluateCondition } from '../evaluateCondition'
import { go, neverWaits, type NodeHandler } from '../NodeHandler'

export const condition: NodeHandler<'condition'> = {
  enter(run, node) {
    return go(evaluateCondition(run, node.data.branches)?.id ?? 'else')
  },
  resume: neverWaits,
}
