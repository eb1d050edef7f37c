import type { FlowGraph, Link } from './buildGraph'

/**
 * Runs a forward analysis to its fixed point: visits the reachable nodes in reverse
 * postorder, then again only those that something new reached, until nothing changes.
 * Each pass is linear and a pass is needed only per loop nesting level, unlike a plain
 * worklist that can walk a long loop once per new fact.
 *
 * @param push carries node `from`'s facts along `link`; returns true when the facts at
 * `link.to` changed.
 */
export function forwardPasses(graph: FlowGraph, push: (from: number, link: Link) => boolean) {
  // Every node is visited once, to pass on what it adds itself; later only when reached anew.
  const dirty = graph.reachable.slice()
  let pending = graph.order.length
  while (pending > 0)
    for (const u of graph.order) {
      if (!dirty[u]) continue
      dirty[u] = 0
      pending--
      for (const link of graph.links[u] ?? [])
        if (push(u, link) && !dirty[link.to]) {
          dirty[link.to] = 1
          pending++
        }
    }
}
