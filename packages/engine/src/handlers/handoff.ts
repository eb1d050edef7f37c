import { go, stay, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { emit } from '../Run'
import { sendText } from '../send'
import { cancelTimer, scheduleTimer } from '../timers'
import { render } from '../variables'

/**
 * Passes the thread to the Page inbox. The bot stays silent until the inbox gives it back or,
 * when nobody answered within `resumeAfterMinutes`, takes it back itself.
 */
export const handoff: NodeHandler<'handoff'> = {
  enter(run, node) {
    if (node.data.text) sendText(run, render(run, node.data.text), { nodeId: node.id })
    emit(run, { type: 'handoff', nodeId: node.id })
    const minutes = node.data.resumeAfterMinutes
    const timerId =
      minutes === undefined
        ? undefined
        : scheduleTimer(run, run.ctx.now + minutes * 60_000, { purpose: 'wait', nodeId: node.id })
    return waitFor(
      timerId
        ? { kind: 'handoff', nodeId: node.id, timerId }
        : { kind: 'handoff', nodeId: node.id },
      'handoff',
    )
  },
  resume(run, _node, wait, event) {
    if (wait.kind !== 'handoff') return unhandled
    if (event.type === 'agent_message') {
      // A person answered: the bot no longer takes the thread back on its own.
      cancelTimer(run, wait.timerId)
      return waitFor({ kind: 'handoff', nodeId: wait.nodeId }, 'handoff')
    }
    if (event.type === 'handoff_ended') {
      cancelTimer(run, wait.timerId)
      // Usually already ours when this arrives; taking it makes sure the next sends are allowed.
      emit(run, { type: 'take_control' })
      return go('next')
    }
    if (event.type === 'timer' && event.timerId === wait.timerId) {
      emit(run, { type: 'take_control' })
      return go('next')
    }
    // While a person handles the thread, what the contact writes is theirs to answer.
    return stay
  },
}
