import { LIMITS } from '../limits'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import type { Elapsed } from './NodeFacts'
import { nodeProblem } from './nodeProblem'
import { stronglyConnected } from './stronglyConnected'
import { describeWait } from './describeWait'

/**
 * `window_closed`: Messenger delivers a message without a tag only within 24 hours of the
 * person's last message. For each node this computes the longest time since the person last
 * wrote on any path from a trigger, and warns where a step that sends something is entered
 * later than that. Steps that take input reset the time when left (the person just wrote);
 * delays, reminders and expiries add to it.
 *
 * Longest paths over a graph with loops: links that reset form no part of it (they only start
 * a path at 0). Over the rest, a strongly connected group with any wait inside can be looped
 * forever and gets an unbounded time; a group without one shares a single time. Groups are
 * then settled in topological order, so the whole analysis is linear.
 */
export function checkWindow({ graph, facts }: LintContext): LintProblem[] {
  const n = graph.nodes.length
  const effects: Elapsed[][] = graph.links.map((links, u) =>
    links.map(({ output }) => (output === null ? 0 : (facts[u]?.elapsedAfter(output) ?? 0))),
  )
  const carried = graph.links.map((links, u) =>
    links.flatMap((link, k) => {
      const effect = effects[u]?.[k] ?? 0
      return effect === 'reset' ? [] : [{ to: link.to, ms: effect }]
    }),
  )

  // -1: not reached from any trigger.
  const entry = new Float64Array(n).fill(-1)
  for (const t of graph.triggers) entry[t] = 0
  graph.links.forEach((links, u) => {
    if (!graph.reachable[u]) return
    links.forEach((link, k) => {
      if (effects[u]?.[k] === 'reset') entry[link.to] = Math.max(entry[link.to] ?? -1, 0)
    })
  })

  const { components, componentOf } = stronglyConnected(
    carried.map((links) => links.map((l) => l.to)),
  )
  // Tarjan lists sinks first, so walking backwards visits every group after its sources.
  for (let c = components.length - 1; c >= 0; c--) {
    const members = components[c] ?? []
    let start = -1
    let grows = false
    for (const v of members) {
      start = Math.max(start, entry[v] ?? -1)
      for (const l of carried[v] ?? []) if (l.ms > 0 && componentOf[l.to] === c) grows = true
    }
    if (start < 0) continue
    const time = grows ? Infinity : start
    for (const v of members) entry[v] = time
    for (const v of members)
      for (const l of carried[v] ?? [])
        if (componentOf[l.to] !== c) entry[l.to] = Math.max(entry[l.to] ?? -1, time + l.ms)
  }

  const problems: LintProblem[] = []
  graph.nodes.forEach((node, i) => {
    const sends = facts[i]?.sends
    const time = entry[i] ?? -1
    // A tagged message is the runtime's to send outside the window; checkTags judges the tag.
    if (!sends || sends.tag !== undefined || time <= LIMITS.windowMs) return
    const fix =
      node.type === 'message'
        ? 'Shorten the wait, or set a tag if it is a booking reminder, an order update or an account update.'
        : 'Shorten the wait so that this step comes within 24 hours.'
    problems.push(
      nodeProblem(
        'warning',
        'window_closed',
        node,
        i,
        [],
        `${sends.what} comes after ${describeWait(time)} without a message from the person, outside Messenger's 24-hour window, so it will not be sent. ${fix}`,
      ),
    )
  })
  return problems
}
