import { DEFAULT_MAX_RETRIES, type QuestionNode } from '@charla/flow-schema'
import { ask, readReply, retryText, type Prompt } from '../ask'
import { go, unhandled, waitFor, type NodeHandler } from '../NodeHandler'
import { render, writeVariable } from '../variables'
import type { Run } from '../Run'

/** Asks, validates, retries `maxRetries` times, then leaves through `invalid`. */
export const question: NodeHandler<'question'> = {
  enter(run, node) {
    ask(run, prompt(run, node))
    return waitFor({ kind: 'question', nodeId: node.id, retries: 0 })
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'question') return unhandled
    const p = prompt(run, node)
    const reply = readReply(run, p, event)
    if (reply.ok === 'none' || reply.ok === 'skip') return unhandled
    if (reply.ok) {
      writeVariable(run, node.data.variable, reply.value)
      return go('next')
    }
    if (wait.retries >= (node.data.maxRetries ?? DEFAULT_MAX_RETRIES)) return go('invalid')
    const custom = node.data.retryText === undefined ? undefined : render(run, node.data.retryText)
    ask(run, p, retryText(run, p, reply, custom))
    return waitFor({ ...wait, retries: wait.retries + 1 })
  },
}

function prompt(run: Run, node: QuestionNode): Prompt {
  const d = node.data
  return {
    scope: 'q',
    nodeId: node.id,
    text: render(run, d.text),
    input: d.input,
    ...(d.choices ? { choices: d.choices } : {}),
    ...(d.validation ? { validation: d.validation } : {}),
    ...(d.suggestFromProfile ? { suggestFromProfile: true } : {}),
    ...(d.phrases ? { phrases: d.phrases } : {}),
  }
}
