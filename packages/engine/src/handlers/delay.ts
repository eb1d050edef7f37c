import { delayMs } from '@charla/flow-schema'
import { go, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { scheduleTimer } from '../timers'

/** A durable wait: the runtime keeps the timer in its jobs table, so it survives restarts. */
export const delay: NodeHandler<'delay'> = {
  enter(run, node) {
    const timerId = scheduleTimer(run, run.ctx.now + delayMs(node.data), {
      purpose: 'wait',
      nodeId: node.id,
    })
    return waitFor({ kind: 'delay', nodeId: node.id, timerId })
  },
  resume(_run, _node, wait, event) {
    if (wait.kind === 'delay' && event.type === 'timer' && event.timerId === wait.timerId)
      return go('next')
    return unhandled
  },
}
