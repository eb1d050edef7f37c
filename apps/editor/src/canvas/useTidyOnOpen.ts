import type { Flow } from '@charla/flow-schema'
import { useNodesInitialized, useReactFlow } from '@xyflow/react'
import { useEffect, useRef } from 'react'
import { useEditor } from '../store/editorStore'
import { measuredSizes } from './Canvas'
import { layoutFlow } from './layout'

type Size = { width: number; height: number }

/** Below this zoom the blocks' text cannot be read. */
const READABLE_ZOOM = 0.6

/**
 * A long flow fitted whole is too small to read: show its beginning instead (the triggers and
 * what follows them, from the left), at a zoom where the text reads.
 */
function readableStart(rf: ReturnType<typeof useReactFlow>): void {
  const nodes = rf.getNodes()
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
  if (!nodes.length || !pane) return markViewReady()
  const bounds = rf.getNodesBounds(nodes)
  const fitZoom = Math.min(pane.width / bounds.width, pane.height / bounds.height) * 0.85
  // A flow that reads when fitted whole is fitted whole (large flows are not fitted on init:
  // drawing every node at a tiny zoom first would only delay the view that is kept).
  if (fitZoom >= READABLE_ZOOM) {
    void rf.fitView({ padding: 0.15, maxZoom: 1 }).then(markViewReady)
    return
  }
  const span = pane.width / 0.75
  const minX = Math.min(...nodes.map((n) => n.position.x))
  const first = nodes.filter((n) => n.position.x < minX + span).map((n) => ({ id: n.id }))
  void rf
    .fitView({ nodes: first, padding: 0.1, minZoom: READABLE_ZOOM, maxZoom: 1 })
    .then(markViewReady)
}

/** The opening view is drawn (the frame after the last viewport change): `pnpm bench` reads it. */
function markViewReady(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('charla:view-ready')))
}

/** Whether any two nodes' measured boxes overlap (a gap under 8 px counts). */
export function hasOverlaps(flow: Flow, sizes: ReadonlyMap<string, Size>): boolean {
  const boxes = flow.nodes.map((n) => {
    const s = sizes.get(n.id) ?? { width: 272, height: 120 }
    return { x: n.position.x, y: n.position.y, w: s.width + 8, h: s.height + 8 }
  })
  boxes.sort((a, b) => a.x - b.x)
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i]!
    for (let j = i + 1; j < boxes.length && boxes[j]!.x < a.x + a.w; j++) {
      const b = boxes[j]!
      if (b.y < a.y + a.h && a.y < b.y + b.h) return true
    }
  }
  return false
}

/**
 * Flows written by hand or by other tools (imports, examples drawn for narrower nodes) often
 * place blocks on top of each other. Once the canvas has measured every node, such a flow is
 * laid out once, before the marketer sees it; flows without overlaps keep their positions.
 * The new positions are saved with the draft but are not an undo step.
 */
export function useTidyOnOpen(): void {
  const initialized = useNodesInitialized()
  const rf = useReactFlow()
  const done = useRef(false)
  useEffect(() => {
    if (!initialized || done.current) return
    done.current = true
    // Every node on screen has rendered and been measured: `pnpm bench` reads this mark.
    performance.mark('charla:nodes-rendered')
    const flow = useEditor.getState().flow
    if (!flow) return
    if (flow.nodes.length > 300 || !hasOverlaps(flow, measuredSizes)) {
      requestAnimationFrame(() => readableStart(rf))
      return
    }
    void layoutFlow(flow, measuredSizes).then((positions) => {
      // Someone already changed the flow: their edit wins, the layout is dropped.
      if (useEditor.getState().flow !== flow) return
      useEditor.getState().movePositions(positions)
      requestAnimationFrame(() => {
        void rf.fitView({ padding: 0.15, maxZoom: 1 }).then(() => readableStart(rf))
      })
    })
  }, [initialized, rf])
}
