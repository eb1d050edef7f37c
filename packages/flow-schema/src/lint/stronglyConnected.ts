/**
 * Strongly connected components of a graph given as adjacency lists (Tarjan's algorithm,
 * iterative so a long chain of thousands of steps cannot overflow the stack).
 *
 * @returns the components, each listed sinks first: a component comes after every component
 * it can reach. `componentOf[v]` is the index of v's component.
 */
export function stronglyConnected(adjacency: readonly (readonly number[])[]): {
  components: number[][]
  componentOf: Int32Array
} {
  const n = adjacency.length
  const order = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const componentOf = new Int32Array(n).fill(-1)
  const stack: number[] = []
  const components: number[][] = []
  // Explicit call stack: the node and how far through its successors we are.
  const callNode: number[] = []
  const callNext: number[] = []
  let counter = 0

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue
    enter(root)
    while (callNode.length > 0) {
      const depth = callNode.length - 1
      const v = callNode[depth] ?? 0
      const successors = adjacency[v] ?? []
      const i = callNext[depth] ?? 0
      if (i < successors.length) {
        callNext[depth] = i + 1
        const w = successors[i] ?? 0
        if (order[w] === -1) enter(w)
        else if (onStack[w]) low[v] = Math.min(low[v] ?? 0, order[w] ?? 0)
        continue
      }
      callNode.pop()
      callNext.pop()
      const parent = callNode.at(-1)
      if (parent !== undefined) low[parent] = Math.min(low[parent] ?? 0, low[v] ?? 0)
      if (low[v] === order[v]) {
        const component: number[] = []
        let w: number | undefined
        do {
          w = stack.pop()
          if (w === undefined) break
          onStack[w] = 0
          componentOf[w] = components.length
          component.push(w)
        } while (w !== v)
        components.push(component)
      }
    }
  }
  return { components, componentOf }

  function enter(v: number) {
    order[v] = counter
    low[v] = counter
    counter++
    stack.push(v)
    onStack[v] = 1
    callNode.push(v)
    callNext.push(0)
  }
}
