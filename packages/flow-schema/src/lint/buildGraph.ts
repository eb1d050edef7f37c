import type { Flow } from '../flow'
import { outputsOf, type FlowNode } from '../nodes'
import { jumpTarget } from './jumpTarget'

/**
 * Indexes the flow once for every check: outgoing links per node (edges the runtime can follow
 * plus same-flow jumps), which outputs are connected, and what the triggers reach.
 */
export function buildGraph(flow: Flow): FlowGraph {
  const nodes = flow.nodes
  const indexOf = new Map<string, number>()
  nodes.forEach((n, i) => {
    if (!indexOf.has(n.id)) indexOf.set(n.id, i)
  })
  const outputs = nodes.map((n) => outputsOf(n))
  const outputSets = outputs.map((o) => new Set(o))
  const links: Link[][] = nodes.map(() => [])
  const connected = nodes.map(() => new Set<string>())
  for (const e of flow.edges) {
    const from = indexOf.get(e.source)
    const to = indexOf.get(e.target)
    // Broken edges are reported by checkEdges; the runtime never follows them.
    if (from === undefined || to === undefined || !outputSets[from]?.has(e.sourceHandle)) continue
    links[from]?.push({ to, output: e.sourceHandle })
    connected[from]?.add(e.sourceHandle)
  }
  nodes.forEach((n, i) => {
    const target = jumpTarget(n, flow.id)
    const to = target === null ? undefined : indexOf.get(target.nodeId)
    if (to !== undefined) links[i]?.push({ to, output: null })
  })
  const triggers = nodes.flatMap((n, i) => (n.type === 'trigger' ? [i] : []))
  const { reachable, order } = depthFirst(links, triggers)
  return { nodes, indexOf, outputs, links, connected, triggers, reachable, order }
}

/** A way from one node to the next: an edge from an output, or a jump (output null). */
export interface Link {
  to: number
  output: string | null
}

/** The flow as a graph over node indexes, built once and shared by every check. */
export interface FlowGraph {
  nodes: readonly FlowNode[]
  /** Node index by id; with repeated ids (a schema error) the first node wins. */
  indexOf: ReadonlyMap<string, number>
  /** Per node: its output handles. */
  outputs: readonly (readonly string[])[]
  /** Per node: where the conversation can go next, through valid edges and same-flow jumps. */
  links: readonly (readonly Link[])[]
  /** Per node: the outputs that have at least one valid edge. */
  connected: readonly ReadonlySet<string>[]
  triggers: readonly number[]
  /** Per node: 1 when some trigger leads to it. */
  reachable: Uint8Array
  /**
   * The reachable nodes in reverse postorder from the triggers: every node comes before the
   * nodes it leads to, loops aside, so forward analyses settle in a few passes.
   */
  order: readonly number[]
}

/** Iterative, so a chain of thousands of steps cannot overflow the stack. */
function depthFirst(links: readonly (readonly Link[])[], roots: readonly number[]) {
  const reachable = new Uint8Array(links.length)
  const postorder: number[] = []
  const stack: number[] = []
  const next: number[] = []
  for (const root of roots) {
    if (reachable[root]) continue
    reachable[root] = 1
    stack.push(root)
    next.push(0)
    while (stack.length > 0) {
      const top = stack.length - 1
      const v = stack[top] ?? 0
      const k = next[top] ?? 0
      const link = links[v]?.[k]
      if (link === undefined) {
        postorder.push(v)
        stack.pop()
        next.pop()
        continue
      }
      next[top] = k + 1
      if (reachable[link.to]) continue
      reachable[link.to] = 1
      stack.push(link.to)
      next.push(0)
    }
  }
  return { reachable, order: postorder.reverse() }
}
