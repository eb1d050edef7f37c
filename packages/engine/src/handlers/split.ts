import { go, neverWaits, type NodeHandler } from '../NodeHandler'
import { emit } from '../Run'

/** Weighted random arm; the draw comes from ctx.random so tests and replays are repeatable. */
export const split: NodeHandler<'split'> = {
  enter(run, node) {
    const arms = node.data.arms
    const total = arms.reduce((sum, a) => sum + a.weight, 0)
    let roll = run.ctx.random() * total
    let chosen = arms.find((a) => a.weight > 0)?.id ?? arms[0]?.id ?? ''
    for (const arm of arms) {
      if (arm.weight === 0) continue
      if (roll < arm.weight) {
        chosen = arm.id
        break
      }
      roll -= arm.weight
    }
    emit(run, { type: 'analytics', event: 'split_assigned', nodeId: node.id, output: chosen })
    return go(chosen)
  },
  resume: neverWaits,
}
