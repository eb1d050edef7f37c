import type { FlowNode } from '@charla/flow-schema'
import { Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCircleX } from '@tabler/icons-react'
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react'
import { memo, type ComponentType } from 'react'
import { useProblems } from '../problems/problems'
import { useEditor } from '../store/editorStore'
import { NODE_BODIES } from './bodies'
import { NODE_META } from './nodeMeta'
import { outputHandles } from './outputLabels'

export type CanvasNode = Node<{ node: FlowNode }, 'flow'>

function ProblemBadge({ id }: { id: string }) {
  const p = useProblems((s) => s.byNode.get(id))
  if (!p) return null
  const Icon = p.severity === 'error' ? IconCircleX : IconAlertTriangle
  return (
    <Tooltip
      label={
        <div>
          {p.messages.slice(0, 6).map((m, i) => (
            <div key={i}>• {m}</div>
          ))}
          {p.messages.length > 6 ? <div>…and {p.messages.length - 6} more</div> : null}
        </div>
      }
      multiline
      w={300}
      withArrow
      color={p.severity === 'error' ? 'red' : 'orange'}
    >
      <span
        className={`ch-badge ch-badge-${p.severity}`}
        aria-label={`${p.messages.length} ${p.severity === 'error' ? 'error' : 'warning'}(s)`}
      >
        <Icon size={14} />
        {p.messages.length}
      </span>
    </Tooltip>
  )
}

/** One node on the canvas. Memoised: it re-renders only when its own node object changes. */
export const FlowNodeView = memo(function FlowNodeView({
  id,
  data,
  selected,
}: NodeProps<CanvasNode>) {
  const node = data.node
  const meta = NODE_META[node.type]
  const Icon = meta.icon
  const Body = NODE_BODIES[node.type] as ComponentType<{ node: FlowNode }>
  const active = useEditor((s) => s.simNodeId === id)
  const outputs = outputHandles(node)
  return (
    <div
      className={`ch-node${selected ? ' is-selected' : ''}${active ? ' is-active' : ''}`}
      style={{ '--node-color': `var(--mantine-color-${meta.color}-6)` } as React.CSSProperties}
    >
      {node.type !== 'trigger' ? (
        <Handle type="target" position={Position.Left} className="ch-handle ch-handle-in" />
      ) : null}
      <div className="ch-node-head">
        <span className="ch-node-icon">
          <Icon size={14} stroke={2} />
        </span>
        <span className="ch-node-title">{node.label || meta.label}</span>
        <span className="ch-node-kind">{node.label ? meta.label : node.id}</span>
        <ProblemBadge id={id} />
      </div>
      <div className="ch-node-body">
        <Body node={node} />
      </div>
      {outputs.length ? (
        <div className="ch-outputs">
          {outputs.map((o) => (
            <div key={o.id} className="ch-output" title={`output “${o.id}”`}>
              <span className="ch-output-label">{o.label}</span>
              <Handle
                type="source"
                id={o.id}
                position={Position.Right}
                className="ch-handle ch-handle-out"
                aria-label={`Output ${o.label}`}
              />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
})

export const nodeTypes = { flow: FlowNodeView }
