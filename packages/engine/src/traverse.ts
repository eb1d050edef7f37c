import type { FlowNode } from '@charla/flow-schema'
import { edgeKey } from './flowIndex'
import { handlers } from './handlers'
import type { NodeHandler, Outcome } from './NodeHandler'
import { emit, type Run } from './Run'
import { DEFAULT_MAX_TRANSITIONS } from './StepContext'

/**
 * Enters `nodeId` and keeps walking until a node waits or the conversation ends. Every entry
 * counts against the step budget, so a runaway loop ends with an error action, never a hang.
 */
export function enterNode(run: Run, nodeId: string): void {
  let next: string | undefined = nodeId
  while (next !== undefined) {
    const node = run.index.nodes.get(next)
    if (!node) {
      fail(run, 'missing_node', `the flow has no node "${next}"`, next)
      return
    }
    run.transitions += 1
    if (run.transitions > (run.ctx.maxTransitions ?? DEFAULT_MAX_TRANSITIONS)) {
      fail(
        run,
        'step_budget_exceeded',
        `stopped after ${run.transitions - 1} steps without waiting for the person: the flow loops`,
        node.id,
      )
      return
    }
    run.state.wait = undefined
    emit(run, { type: 'analytics', event: 'node_entered', nodeId: node.id })
    next = settle(run, node, handlerFor(node).enter(run, node))
  }
}

/** Applies a node's outcome; returns the node to enter next, if the walk goes on. */
export function settle(run: Run, node: FlowNode, outcome: Outcome): string | undefined {
  switch (outcome.kind) {
    case 'go': {
      leave(run, node.id, outcome.output)
      const target = run.index.targets.get(edgeKey(node.id, outcome.output))
      if (target === undefined) endConversation(run, 'unconnected_output', node.id)
      return target
    }
    case 'goto':
      leave(run, node.id)
      return outcome.nodeId
    case 'wait':
      run.state.wait = outcome.wait
      run.state.status = outcome.status ?? 'waiting'
      return undefined
    case 'end':
      emit(run, { type: 'analytics', event: 'node_left', nodeId: node.id })
      endConversation(run, outcome.reason, node.id)
      return undefined
    case 'stay':
    case 'unhandled':
      return undefined
  }
}

/** Resumes the node the conversation waits at, then keeps walking. */
export function resumeAt(run: Run, node: FlowNode, outcome: Outcome): void {
  const next = settle(run, node, outcome)
  if (next !== undefined) enterNode(run, next)
}

export function handlerFor<N extends FlowNode>(node: N): NodeHandler<N['type']> {
  // The registry is keyed by kind, so the handler for node.type takes exactly this node.
  return handlers[node.type] as unknown as NodeHandler<N['type']>
}

function leave(run: Run, nodeId: string, output?: string): void {
  if (output !== undefined) emit(run, { type: 'analytics', event: 'output_taken', nodeId, output })
  emit(run, { type: 'analytics', event: 'node_left', nodeId })
}

export function endConversation(run: Run, reason: string, nodeId?: string): void {
  run.state.status = 'ended'
  run.state.wait = undefined
  emit(run, {
    type: 'analytics',
    event: 'conversation_ended',
    ...(nodeId ? { nodeId } : {}),
    data: { reason },
  })
}

function fail(
  run: Run,
  code: 'missing_node' | 'step_budget_exceeded',
  message: string,
  nodeId: string,
): void {
  emit(run, { type: 'error', code, message, nodeId })
  endConversation(run, code, nodeId)
}
