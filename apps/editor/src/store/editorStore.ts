import type { Edge, Flow, FlowNode, NodeType, Resources, Variable } from '@charla/flow-schema'
import { create } from 'zustand'
import { createNode, uniqueId } from '../nodes/defaultNode'
import { clipboardStore, copyNodes, pasteInto } from './clipboard'

const HISTORY_LIMIT = 200
/** Keystrokes in one field within this time make one undo step. */
const COALESCE_MS = 1000

export interface EditorState {
  flowId: string | null
  flow: Flow | null
  past: Flow[]
  future: Flow[]
  /** Bumped on every document change (not on selection); autosave listens to it. */
  version: number
  selectedNodes: ReadonlySet<string>
  selectedEdges: ReadonlySet<string>
  /** The node the simulator's conversation is on. */
  simNodeId: string | null
  /** A node the canvas should bring into view (search, problems). */
  focusRequest: { nodeId: string; seq: number } | null

  load(flowId: string, flow: Flow): void
  /** Applies a document change as one undo step (or merges into the last with `coalesce`). */
  change(update: (flow: Flow) => Flow, coalesce?: string): void
  undo(): void
  redo(): void

  updateNode(id: string, update: (node: FlowNode) => FlowNode, coalesce?: string): void
  addNode(type: NodeType, position: { x: number; y: number }): string
  deleteNodes(ids: Iterable<string>): void
  deleteEdges(ids: Iterable<string>): void
  deleteSelection(): void
  connect(c: { source: string; sourceHandle: string; target: string }): void
  reconnect(edgeId: string, c: { source: string; sourceHandle: string; target: string }): void
  beginDrag(): void
  movePositions(positions: ReadonlyMap<string, { x: number; y: number }>): void
  endDrag(): void
  setPositions(positions: ReadonlyMap<string, { x: number; y: number }>): void
  setVariables(variables: Variable[]): void
  setResources(resources: Resources): void
  rename(name: string): void

  select(nodeIds: Iterable<string>, edgeIds?: Iterable<string>): void
  setNodeSelected(id: string, selected: boolean): void
  setEdgeSelected(id: string, selected: boolean): void
  copySelection(): number
  paste(at?: { x: number; y: number }): string[]
  focusNode(nodeId: string): void
  setSimNode(id: string | null): void
}

let lastCoalesce: { key: string; at: number } | null = null
let dragSnapshot: Flow | null = null
let focusSeq = 0

const EMPTY: ReadonlySet<string> = new Set()

export const useEditor = create<EditorState>()((set, get) => {
  /** Replaces the document, recording `before` as an undo step unless it merges. */
  const commit = (before: Flow, after: Flow, coalesce?: string) => {
    if (after === before) return
    const now = Date.now()
    const merge =
      coalesce !== undefined &&
      lastCoalesce?.key === coalesce &&
      now - lastCoalesce.at < COALESCE_MS &&
      get().past.length > 0
    lastCoalesce = coalesce === undefined ? null : { key: coalesce, at: now }
    set((s) => ({
      flow: after,
      past: merge ? s.past : [...s.past, before].slice(-HISTORY_LIMIT),
      future: [],
      version: s.version + 1,
    }))
  }
  const pruneSelection = (flow: Flow) => {
    const { selectedNodes, selectedEdges } = get()
    const nodes = new Set(flow.nodes.map((n) => n.id))
    const edges = new Set(flow.edges.map((e) => e.id))
    const keptNodes = [...selectedNodes].filter((id) => nodes.has(id))
    const keptEdges = [...selectedEdges].filter((id) => edges.has(id))
    if (keptNodes.length !== selectedNodes.size || keptEdges.length !== selectedEdges.size)
      set({ selectedNodes: new Set(keptNodes), selectedEdges: new Set(keptEdges) })
  }
  const withFlow = (fn: (flow: Flow) => void) => {
    const flow = get().flow
    if (flow) fn(flow)
  }

  return {
    flowId: null,
    flow: null,
    past: [],
    future: [],
    version: 0,
    selectedNodes: EMPTY,
    selectedEdges: EMPTY,
    simNodeId: null,
    focusRequest: null,

    load(flowId, flow) {
      lastCoalesce = null
      set({
        flowId,
        flow,
        past: [],
        future: [],
        selectedNodes: EMPTY,
        selectedEdges: EMPTY,
        simNodeId: null,
        focusRequest: null,
      })
    },
    change(update, coalesce) {
      withFlow((flow) => commit(flow, update(flow), coalesce))
    },
    undo() {
      const { past, flow, future } = get()
      const prev = past.at(-1)
      if (!prev || !flow) return
      lastCoalesce = null
      set((s) => ({
        flow: prev,
        past: past.slice(0, -1),
        future: [flow, ...future],
        version: s.version + 1,
      }))
      pruneSelection(prev)
    },
    redo() {
      const { past, flow, future } = get()
      const next = future[0]
      if (!next || !flow) return
      lastCoalesce = null
      set((s) => ({
        flow: next,
        past: [...past, flow],
        future: future.slice(1),
        version: s.version + 1,
      }))
      pruneSelection(next)
    },

    updateNode(id, update, coalesce) {
      get().change(
        (flow) => ({ ...flow, nodes: flow.nodes.map((n) => (n.id === id ? update(n) : n)) }),
        coalesce === undefined ? undefined : `${id}:${coalesce}`,
      )
    },
    addNode(type, position) {
      let id = ''
      get().change((flow) => {
        const node = createNode(type, position, new Set(flow.nodes.map((n) => n.id)))
        id = node.id
        return { ...flow, nodes: [...flow.nodes, node] }
      })
      set({ selectedNodes: new Set([id]), selectedEdges: EMPTY })
      return id
    },
    deleteNodes(ids) {
      const gone = new Set(ids)
      if (!gone.size) return
      get().change((flow) => ({
        ...flow,
        nodes: flow.nodes.filter((n) => !gone.has(n.id)),
        edges: flow.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
      }))
      withFlow(pruneSelection)
    },
    deleteEdges(ids) {
      const gone = new Set(ids)
      if (!gone.size) return
      get().change((flow) => ({ ...flow, edges: flow.edges.filter((e) => !gone.has(e.id)) }))
      withFlow(pruneSelection)
    },
    deleteSelection() {
      const { selectedNodes, selectedEdges } = get()
      const nodes = new Set(selectedNodes)
      const edges = new Set(selectedEdges)
      if (!nodes.size && !edges.size) return
      get().change((flow) => ({
        ...flow,
        nodes: flow.nodes.filter((n) => !nodes.has(n.id)),
        edges: flow.edges.filter(
          (e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target),
        ),
      }))
      set({ selectedNodes: EMPTY, selectedEdges: EMPTY })
    },
    connect({ source, sourceHandle, target }) {
      get().change((flow) => {
        // An output connects to at most one target: a new connection replaces the old one.
        const kept = flow.edges.filter(
          (e) => !(e.source === source && e.sourceHandle === sourceHandle),
        )
        const id = uniqueId(`e_${source}_${sourceHandle}`, new Set(flow.edges.map((e) => e.id)))
        const edge: Edge = { id, source, sourceHandle, target }
        return { ...flow, edges: [...kept, edge] }
      })
    },
    reconnect(edgeId, { source, sourceHandle, target }) {
      get().change((flow) => ({
        ...flow,
        edges: flow.edges
          .filter(
            (e) => e.id === edgeId || !(e.source === source && e.sourceHandle === sourceHandle),
          )
          .map((e) => (e.id === edgeId ? { ...e, source, sourceHandle, target } : e)),
      }))
    },
    beginDrag() {
      dragSnapshot = get().flow
    },
    movePositions(positions) {
      // Live positions while dragging: one undo step is recorded when the drag ends.
      withFlow((flow) =>
        set((s) => ({ flow: applyPositions(flow, positions), version: s.version + 1 })),
      )
    },
    endDrag() {
      const before = dragSnapshot
      dragSnapshot = null
      const flow = get().flow
      if (!before || !flow || before === flow) return
      lastCoalesce = null
      set((s) => ({ past: [...s.past, before].slice(-HISTORY_LIMIT), future: [] }))
    },
    setPositions(positions) {
      get().change((flow) => applyPositions(flow, positions))
    },
    setVariables(variables) {
      get().change((flow) => ({ ...flow, variables }), 'variables')
    },
    setResources(resources) {
      get().change((flow) => ({ ...flow, resources }), 'resources')
    },
    rename(name) {
      get().change((flow) => ({ ...flow, name }), 'name')
    },

    select(nodeIds, edgeIds = []) {
      set({ selectedNodes: new Set(nodeIds), selectedEdges: new Set(edgeIds) })
    },
    setNodeSelected(id, selected) {
      const cur = get().selectedNodes
      if (cur.has(id) === selected) return
      const next = new Set(cur)
      if (selected) next.add(id)
      else next.delete(id)
      set({ selectedNodes: next })
    },
    setEdgeSelected(id, selected) {
      const cur = get().selectedEdges
      if (cur.has(id) === selected) return
      const next = new Set(cur)
      if (selected) next.add(id)
      else next.delete(id)
      set({ selectedEdges: next })
    },
    copySelection() {
      const { flow, selectedNodes } = get()
      if (!flow) return 0
      const payload = copyNodes(flow, selectedNodes)
      if (!payload) return 0
      clipboardStore.write(payload)
      return payload.nodes.length
    },
    paste(at) {
      const clip = clipboardStore.read()
      if (!clip || !get().flow) return []
      let ids: string[] = []
      get().change((flow) => {
        const r = pasteInto(flow, clip, at)
        ids = r.nodeIds
        return r.flow
      })
      set({ selectedNodes: new Set(ids), selectedEdges: EMPTY })
      return ids
    },
    focusNode(nodeId) {
      set({
        selectedNodes: new Set([nodeId]),
        selectedEdges: EMPTY,
        focusRequest: { nodeId, seq: ++focusSeq },
      })
    },
    setSimNode(id) {
      if (get().simNodeId !== id) set({ simNodeId: id })
    },
  }
})

function applyPositions(
  flow: Flow,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): Flow {
  return {
    ...flow,
    nodes: flow.nodes.map((n) => {
      const p = positions.get(n.id)
      return p && (p.x !== n.position.x || p.y !== n.position.y)
        ? { ...n, position: { x: p.x, y: p.y } }
        : n
    }),
  }
}

/** The node with this id, selected narrowly (a component re-renders only when it changes). */
export function useNode(id: string | null): FlowNode | undefined {
  return useEditor((s) => (id ? s.flow?.nodes.find((n) => n.id === id) : undefined))
}
