import type { FlowNode, MessageTag } from '../nodes'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { forwardPasses } from './forwardPasses'
import { nodeProblem } from './nodeProblem'

/**
 * `wrong_tag`: a message tagged for a booking or a purchase that can be reached without that
 * booking or purchase. Forward "must have happened" (intersection) and "may have happened"
 * (union) analyses over the graph; the second picks the hint.
 */
export function checkTags({ graph }: LintContext): LintProblem[] {
  const n = graph.nodes.length
  const must = new Uint8Array(n)
  const may = new Uint8Array(n)
  const reached = new Uint8Array(n)
  for (const t of graph.triggers) reached[t] = 1
  forwardPasses(graph, (u, { to, output }) => {
    const node = graph.nodes[u]
    if (!reached[u]) return false
    const gain = node === undefined ? 0 : gainedOn(node, output)
    const outMust = (must[u] ?? 0) | gain
    const outMay = (may[u] ?? 0) | gain
    const nextMust = reached[to] ? (must[to] ?? 0) & outMust : outMust
    const nextMay = (may[to] ?? 0) | outMay
    if (reached[to] && nextMust === must[to] && nextMay === may[to]) return false
    reached[to] = 1
    must[to] = nextMust
    may[to] = nextMay
    return true
  })

  const problems: LintProblem[] = []
  graph.nodes.forEach((node, i) => {
    if (node.type !== 'message' || node.data.tag === undefined || !reached[i]) return
    const rule = TAG_RULES[node.data.tag]
    const has = must[i] ?? 0
    const maybe = may[i] ?? 0
    if (rule === null || (has & rule.needs) !== 0) return
    const start = `The tag "${rule.name}" is only for ${rule.about}`
    const message =
      (maybe & rule.needs) !== 0
        ? `${start}, but some paths reach this message without it. Make sure only ${rule.step} leads here, or remove the tag.`
        : rule.other && (maybe & rule.other.bit) !== 0
          ? `${start}, but this message follows ${rule.other.event}. Use the tag "${rule.other.tag}" instead.`
          : `${start}, and nothing like that comes before this message. Use it only after ${rule.step}, or remove the tag.`
    problems.push(nodeProblem('error', 'wrong_tag', node, i, ['data', 'tag'], message))
  })
  return problems
}

/** What has happened on the way to a node, as bits. */
const BOOKED = 1
const PAID = 2

interface TagRule {
  needs: number
  name: string
  about: string
  step: string
  /** The tag to suggest when the message follows the other kind of event. */
  other?: { bit: number; event: string; tag: string }
}

/**
 * Meta allows each tag only for its use case and restricts Pages that misuse them. A tag must
 * fit on every path to the message, not just one: the runtime sends the tag whichever path
 * the person took.
 */
const TAG_RULES: Record<MessageTag, TagRule | null> = {
  CONFIRMED_EVENT_UPDATE: {
    needs: BOOKED,
    name: 'confirmed event update',
    about: 'news about a booking the person made',
    step: 'a booking\'s "booked" output',
    other: { bit: PAID, event: 'a payment', tag: 'post-purchase update' },
  },
  POST_PURCHASE_UPDATE: {
    needs: PAID,
    name: 'post-purchase update',
    about: 'news about an order the person paid for',
    step: 'a checkout\'s "paid" output',
    other: { bit: BOOKED, event: 'a booking', tag: 'confirmed event update' },
  },
  // Account changes are not tied to a step of the flow, so any path may lead to them.
  ACCOUNT_UPDATE: null,
}

function gainedOn(node: FlowNode, output: string | null): number {
  if (node.type === 'booking' && output === 'booked') return BOOKED
  if (node.type === 'checkout' && output === 'paid') return PAID
  return 0
}
