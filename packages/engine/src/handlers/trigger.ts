import { go, isPersonInput, stay, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { fitToMessenger } from '../fitToMessenger'
import { emit } from '../Run'
import { render } from '../variables'

/**
 * A trigger starts the run. A comment trigger first answers the comment with a Private Reply;
 * Messenger then allows nothing more until the person writes back, so it waits for that.
 */
export const trigger: NodeHandler<'trigger'> = {
  enter(run, node) {
    const event = run.event
    if (node.data.on === 'comment' && event.type === 'comment' && node.data.privateReply) {
      emit(run, {
        type: 'send',
        nodeId: node.id,
        privateReplyTo: event.commentId,
        message: fitToMessenger({ kind: 'text', text: render(run, node.data.privateReply) }),
      })
      return waitFor({ kind: 'comment_reply', nodeId: node.id })
    }
    return go('next')
  },
  resume(_run, _node, wait, event) {
    if (wait.kind !== 'comment_reply') return unhandled
    return isPersonInput(event) ? go('next') : stay
  },
}
