import type { Edge } from '../edge'
import type { Flow } from '../flow'
import type { FlowNode, NodeOf, NodeType } from '../nodes'
import type { Variable } from '../variable'

/**
 * Tiny builders for tests: `makeFlow({ nodes: [node('t', 'trigger', { on: 'default' })],
 * edges: [edge('t', 'next', 'm')] })`.
 */
export function makeFlow(parts: Partial<Flow> = {}): Flow {
  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id: 'test_flow',
    name: 'Test flow',
    variables: [],
    resources: {},
    nodes: [],
    edges: [],
    ...parts,
  }
}

let x = 0
/** A node of a kind with its data; positions are spread out so screenshots stay legible. */
export function node<T extends NodeType>(id: string, type: T, data: NodeOf<T>['data']): NodeOf<T> {
  x += 250
  const n = { id, type, position: { x, y: 0 }, data } as FlowNode
  return n as NodeOf<T>
}

/** An edge from `source`'s output `handle` to `target`. */
export function edge(source: string, handle: string, target: string): Edge {
  return { id: `${source}__${handle}`, source, sourceHandle: handle, target }
}

/** Edges for a straight chain: `chain('a', 'b', 'c')` links a.next→b and b.next→c. */
export function chain(...ids: string[]): Edge[] {
  return ids.slice(1).map((target, i) => edge(ids[i] as string, 'next', target))
}

export function variable(
  name: string,
  type: Variable['type'] = 'text',
  scope: Variable['scope'] = 'conversation',
): Variable {
  return { name, type, scope }
}
export * from './arbitraryFlow'
