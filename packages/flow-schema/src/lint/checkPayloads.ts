import type { PathSegment } from '../formatPath'
import { LIMITS } from '../limits'
import type { Button } from '../nodes'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'

/**
 * `payload_too_long`: Messenger drops a postback or quick reply whose payload is over 1000
 * characters. Ours are `c:<nodeId>:<choiceId>`; with ids of at most 64 characters this only
 * fires for a flow that skipped the schema, such as one still being edited.
 */
export function checkPayloads({ graph }: LintContext): LintProblem[] {
  const problems: LintProblem[] = []
  graph.nodes.forEach((node, i) => {
    if (node.type !== 'message') return
    const choices: [PathSegment[], string][] = [
      ...postbacks(node.data.buttons, ['data', 'buttons']),
      ...(node.data.cards ?? []).flatMap((c, ci) =>
        postbacks(c.buttons, ['data', 'cards', ci, 'buttons']),
      ),
      ...(node.data.quickReplies ?? []).map((q, k): [PathSegment[], string] => [
        ['data', 'quickReplies', k, 'id'],
        q.id,
      ]),
    ]
    for (const [path, id] of choices)
      if (choicePayload(node.id, id).length > LIMITS.payloadChars)
        problems.push(
          nodeProblem(
            'error',
            'payload_too_long',
            node,
            i,
            path,
            `Messenger accepts at most ${LIMITS.payloadChars} characters of button data, and the ids of this step and this choice are too long for that. Shorten them.`,
          ),
        )
  })
  return problems
}

/** Link and call buttons carry no payload of ours. */
function postbacks(buttons: Button[] | undefined, path: PathSegment[]): [PathSegment[], string][] {
  return (buttons ?? []).flatMap((b, k): [PathSegment[], string][] =>
    b.type === 'postback' ? [[[...path, k, 'id'], b.id]] : [],
  )
}

/** The payload the runtime sends with a choice, which Messenger echoes back when it is tapped. */
function choicePayload(nodeId: string, choiceId: string): string {
  return `c:${nodeId}:${choiceId}`
}
