import type { Edge as FlowEdge, FlowNode, NodeType } from '@charla/flow-schema'
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { NODE_META } from '../nodes/nodeMeta'
import { nodeTypes, type CanvasNode } from '../nodes/FlowNodeView'
import { useEditor } from '../store/editorStore'
import { DND_TYPE } from './Palette'

type Size = { width: number; height: number }
interface CacheEntry {
  src: FlowNode
  selected: boolean
  size: Size | undefined
  rf: CanvasNode
}

/** Sizes of nodes as measured by React Flow, for auto-layout. */
export const measuredSizes = new Map<string, Size>()

const defaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  reconnectable: true,
}
const proOptions = { hideAttribution: true }
const miniMapStyle = { width: 168, height: 112 }
const fitViewOptions = { padding: 0.15, maxZoom: 1 }

export function Canvas() {
  const flowNodes = useEditor((s) => s.flow?.nodes)
  const flowEdges = useEditor((s) => s.flow?.edges)
  const selectedNodes = useEditor((s) => s.selectedNodes)
  const selectedEdges = useEditor((s) => s.selectedEdges)
  const simNodeId = useEditor((s) => s.simNodeId)
  const focusRequest = useEditor((s) => s.focusRequest)
  const rf = useReactFlow()
  const cache = useRef(new Map<string, CacheEntry>())
  const [sizeVersion, setSizeVersion] = useState(0)

  // Unchanged flow nodes keep the same React Flow node object, so only changed nodes re-render.
  const nodes = useMemo(() => {
    void sizeVersion
    const next = new Map<string, CacheEntry>()
    const out = (flowNodes ?? []).map((n) => {
      const selected = selectedNodes.has(n.id)
      const size = measuredSizes.get(n.id)
      const hit = cache.current.get(n.id)
      if (hit && hit.src === n && hit.selected === selected && hit.size === size) {
        next.set(n.id, hit)
        return hit.rf
      }
      const rfNode: CanvasNode = {
        id: n.id,
        type: 'flow',
        position: n.position,
        data: { node: n },
        selected,
        ...(size ? { measured: size } : {}),
        ariaLabel: `${NODE_META[n.type].label} ${n.label ?? n.id}`,
      }
      next.set(n.id, { src: n, selected, size, rf: rfNode })
      return rfNode
    })
    cache.current = next
    return out
  }, [flowNodes, selectedNodes, sizeVersion])

  const edgeCache = useRef(
    new Map<string, { src: FlowEdge; selected: boolean; active: boolean; rf: Edge }>(),
  )
  const edges = useMemo(() => {
    const next = new Map<string, { src: FlowEdge; selected: boolean; active: boolean; rf: Edge }>()
    const out = (flowEdges ?? []).map((e) => {
      const selected = selectedEdges.has(e.id)
      const active = e.source === simNodeId
      const hit = edgeCache.current.get(e.id)
      if (hit && hit.src === e && hit.selected === selected && hit.active === active) {
        next.set(e.id, hit)
        return hit.rf
      }
      const rfEdge: Edge = {
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        selected,
        animated: active,
      }
      next.set(e.id, { src: e, selected, active, rf: rfEdge })
      return rfEdge
    })
    edgeCache.current = next
    return out
  }, [flowEdges, selectedEdges, simNodeId])

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const st = useEditor.getState()
    const dragged = new Map<string, { x: number; y: number }>()
    const moved = new Map<string, { x: number; y: number }>()
    let sizesChanged = false
    let selection: Set<string> | null = null
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        if (c.dragging) dragged.set(c.id, c.position)
        else moved.set(c.id, c.position)
      } else if (c.type === 'dimensions' && c.dimensions) {
        const prev = measuredSizes.get(c.id)
        if (!prev || prev.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
          measuredSizes.set(c.id, { width: c.dimensions.width, height: c.dimensions.height })
          sizesChanged = true
        }
      } else if (c.type === 'select') {
        selection ??= new Set(useEditor.getState().selectedNodes)
        if (c.selected) selection.add(c.id)
        else selection.delete(c.id)
      }
    }
    if (dragged.size) st.movePositions(dragged)
    if (moved.size) st.setPositions(moved)
    if (selection) useEditor.setState({ selectedNodes: selection })
    if (sizesChanged) setSizeVersion((v) => v + 1)
  }, [])

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    let selection: Set<string> | null = null
    for (const c of changes) {
      if (c.type === 'select') {
        selection ??= new Set(useEditor.getState().selectedEdges)
        if (c.selected) selection.add(c.id)
        else selection.delete(c.id)
      }
    }
    if (selection) useEditor.setState({ selectedEdges: selection })
  }, [])

  const onDelete: OnDelete<CanvasNode, Edge> = useCallback(({ nodes: ns, edges: es }) => {
    const goneNodes = new Set(ns.map((n) => n.id))
    const goneEdges = new Set(es.map((e) => e.id))
    useEditor.getState().change((flow) => ({
      ...flow,
      nodes: flow.nodes.filter((n) => !goneNodes.has(n.id)),
      edges: flow.edges.filter(
        (e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target),
      ),
    }))
    useEditor.setState({ selectedNodes: new Set(), selectedEdges: new Set() })
  }, [])

  const onConnect = useCallback((c: Connection) => {
    if (!c.sourceHandle || c.source === c.target) return
    useEditor
      .getState()
      .connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target })
  }, [])

  const onReconnect = useCallback((old: Edge, c: Connection) => {
    if (!c.sourceHandle) return
    useEditor
      .getState()
      .reconnect(old.id, { source: c.source, sourceHandle: c.sourceHandle, target: c.target })
  }, [])

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(DND_TYPE) as NodeType
      if (!type) return
      e.preventDefault()
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY })
      useEditor.getState().addNode(type, { x: Math.round(p.x - 20), y: Math.round(p.y - 20) })
    },
    [rf],
  )
  const onDragOver = useCallback((e: React.DragEvent) => {
    if (e.dataTransfer.types.includes(DND_TYPE)) {
      e.preventDefault()
      e.dataTransfer.dropEffect = 'move'
    }
  }, [])

  useEffect(() => {
    if (!focusRequest) return
    void rf.fitView({
      nodes: [{ id: focusRequest.nodeId }],
      duration: 400,
      maxZoom: 1.1,
      padding: 0.4,
    })
  }, [focusRequest, rf])

  const beginDrag = useCallback(() => useEditor.getState().beginDrag(), [])
  const endDrag = useCallback(() => useEditor.getState().endDrag(), [])
  const many = nodes.length > 150

  return (
    <div className="ch-canvas" onDrop={onDrop} onDragOver={onDragOver}>
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onReconnect={onReconnect}
        onDelete={onDelete}
        onNodeDragStart={beginDrag}
        onNodeDragStop={endDrag}
        onSelectionDragStart={beginDrag}
        onSelectionDragStop={endDrag}
        defaultEdgeOptions={defaultEdgeOptions}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView={!many}
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={many}
        proOptions={proOptions}
        elevateEdgesOnSelect
        aria-label="Flow canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9ced6" />
        <MiniMap
          pannable
          zoomable
          nodeColor={(n) =>
            `var(--mantine-color-${NODE_META[(n as CanvasNode).data.node.type].color}-5)`
          }
          nodeStrokeWidth={0}
          maskColor="rgba(240, 242, 245, 0.7)"
          ariaLabel="Mini map"
          style={miniMapStyle}
        />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} />
      </ReactFlow>
    </div>
  )
}
