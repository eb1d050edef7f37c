import type { Edge, Flow, FlowNode, NodeOf, Variable } from '@charla/flow-schema'

/** Lookups over a flow, built once per flow object and reused by every step. */
export interface FlowIndex {
  nodes: Map<string, FlowNode>
  /** `${source}\u0000${handle}` → target node id. */
  targets: Map<string, string>
  triggers: NodeOf<'trigger'>[]
  variables: Map<string, Variable>
}

const cache = new WeakMap<Flow, FlowIndex>()

export function indexFlow(flow: Flow): FlowIndex {
  const hit = cache.get(flow)
  if (hit) return hit
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]))
  const targets = new Map<string, string>()
  for (const e of flow.edges as Edge[]) {
    const key = edgeKey(e.source, e.sourceHandle)
    // An output connects to one target; if a broken file has two, the first wins (the linter reports it).
    if (!targets.has(key)) targets.set(key, e.target)
  }
  const triggers = flow.nodes.filter((n): n is NodeOf<'trigger'> => n.type === 'trigger')
  const variables = new Map(flow.variables.map((v) => [v.name, v]))
  const index = { nodes, targets, triggers, variables }
  cache.set(flow, index)
  return index
}

export function edgeKey(source: string, handle: string): string {
  return `${source}\u0000${handle}`
}
