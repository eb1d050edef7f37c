import type { PathSegment } from '../formatPath'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { forwardPasses } from './forwardPasses'
import { nodeProblem } from './nodeProblem'

/**
 * `variable_read_before_set`: a step reads a conversation variable that no path from a
 * trigger sets before it, so it is always empty there. A forward "may be set" analysis over
 * bit sets: a node's set is the union over every way into it. Contact variables (filled by
 * earlier flows), variables with a default and built-ins are exempt.
 */
export function checkReadBeforeSet({
  graph,
  facts,
  templates,
  variables,
}: LintContext): LintProblem[] {
  const bitOf = new Map<string, number>()
  for (const v of variables.values())
    if (v.scope === 'conversation' && v.default === undefined) bitOf.set(v.name, bitOf.size)
  if (bitOf.size === 0) return []
  const words = Math.ceil(bitOf.size / 32)
  const n = graph.nodes.length
  const setIn = new Uint32Array(n * words)
  const gen = facts.map((f) => {
    if (f.writes.length === 0) return undefined
    const byOutput = new Map<string, number[]>()
    for (const w of f.writes) {
      const bit = bitOf.get(w.name)
      if (bit === undefined) continue
      for (const output of w.setOn) byOutput.set(output, [...(byOutput.get(output) ?? []), bit])
    }
    return byOutput
  })

  const out = new Uint32Array(words)
  forwardPasses(graph, (u, { to, output }) => {
    for (let w = 0; w < words; w++) out[w] = setIn[u * words + w] ?? 0
    for (const bit of (output === null ? undefined : gen[u]?.get(output)) ?? [])
      out[bit >>> 5] = ((out[bit >>> 5] ?? 0) | (1 << (bit & 31))) >>> 0
    let changed = false
    for (let w = 0; w < words; w++) {
      const current = setIn[to * words + w] ?? 0
      const next = (current | (out[w] ?? 0)) >>> 0
      if (next !== current) {
        setIn[to * words + w] = next
        changed = true
      }
    }
    return changed
  })

  const problems: LintProblem[] = []
  graph.nodes.forEach((node, v) => {
    const f = facts[v]
    if (!graph.reachable[v] || !f) return
    const isSet = (name: string) => {
      const bit = bitOf.get(name)
      return bit === undefined || (((setIn[v * words + (bit >>> 5)] ?? 0) >>> (bit & 31)) & 1) === 1
    }
    const warn = (path: PathSegment[], message: string) =>
      problems.push(nodeProblem('warning', 'variable_read_before_set', node, v, path, message))
    for (const { path, names, after } of templates[v] ?? [])
      for (const name of names)
        if (!isSet(name) && !after?.includes(name))
          warn(
            path,
            `"{{${name}}}" is always empty here: no path from a trigger sets "${name}" before this step. Set it earlier (for example with a question), or give the variable a default value.`,
          )
    for (const { path, name, presenceOnly } of f.reads)
      if (!presenceOnly && !isSet(name))
        warn(
          path,
          `This step uses "${name}", but no path from a trigger sets it before this step, so it is always empty here. Set it earlier, or give the variable a default value.`,
        )
  })
  return problems
}
