import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'
import { stronglyConnected } from './stronglyConnected'
import { listNames } from './listNames'
import { nodeName } from './nodeName'

/**
 * `cycle_without_wait`: a loop in which no step waits for the person or for time would run
 * on its own forever. Such a loop exists exactly when the steps that do not wait form a
 * cycle among themselves, so each strongly connected group of them is reported once, on its
 * first node.
 */
export function checkCycles({ graph, facts }: LintContext): LintProblem[] {
  const runsOn = (v: number) => facts[v]?.waits === false
  const adjacency = graph.links.map((links, v) =>
    runsOn(v) ? links.flatMap(({ to }) => (runsOn(to) ? [to] : [])) : [],
  )
  const problems: LintProblem[] = []
  for (const component of stronglyConnected(adjacency).components) {
    const only = component[0]
    const isLoop =
      component.length > 1 || (only !== undefined && adjacency[only]?.includes(only) === true)
    if (!isLoop) continue
    const members = [...component].sort((a, b) => a - b)
    const first = members[0] ?? 0
    const node = graph.nodes[first]
    if (!node) continue
    const names = members.flatMap((v) => {
      const n = graph.nodes[v]
      return n ? [nodeName(n)] : []
    })
    const steps =
      names.length === 1
        ? `This step leads back to itself`
        : `The steps ${listNames(names)} lead round in a loop`
    problems.push(
      nodeProblem(
        'error',
        'cycle_without_wait',
        node,
        first,
        [],
        `${steps} without waiting for the person or for time, so the bot would repeat them endlessly. Add a question, a message with buttons or a delay to the loop, or remove one of its connections.`,
      ),
    )
  }
  return problems
}
