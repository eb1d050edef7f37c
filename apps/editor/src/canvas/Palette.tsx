import { NODE_TYPES, type NodeType } from '@charla/flow-schema'
import { ScrollArea, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useReactFlow } from '@xyflow/react'
import { useState } from 'react'
import { NODE_META, type NodeMeta } from '../nodes/nodeMeta'
import { useEditor } from '../store/editorStore'

const GROUPS: NodeMeta['group'][] = ['Start', 'Messages', 'Logic', 'Actions', 'Business']
export const DND_TYPE = 'application/x-charla-node'

/** Every node kind: drag one onto the canvas, or click / press Enter to add it at the centre. */
export function Palette() {
  const rf = useReactFlow()
  const addNode = useEditor((s) => s.addNode)
  const [query, setQuery] = useState('')
  const add = (type: NodeType) => {
    const el = document.querySelector('.react-flow')
    const rect = el?.getBoundingClientRect()
    const centre = rect
      ? rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
      : { x: 0, y: 0 }
    const jitter = (Math.random() - 0.5) * 40
    addNode(type, { x: Math.round(centre.x - 140 + jitter), y: Math.round(centre.y - 60 + jitter) })
  }
  const q = query.trim().toLowerCase()
  const visible = NODE_TYPES.filter(
    (t) =>
      !q ||
      NODE_META[t].label.toLowerCase().includes(q) ||
      NODE_META[t].description.toLowerCase().includes(q),
  )
  return (
    <nav className="ch-palette" aria-label="Node palette">
      <TextInput
        size="xs"
        placeholder="Find a block"
        aria-label="Find a block"
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        m="sm"
        mb={4}
      />
      <ScrollArea style={{ flex: 1 }} type="auto">
        <Stack gap={2} p="sm" pt={0}>
          {GROUPS.map((g) => {
            const kinds = visible.filter((t) => NODE_META[t].group === g)
            if (!kinds.length) return null
            return (
              <div key={g}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="sm" mb={4} px={6}>
                  {g}
                </Text>
                {kinds.map((t) => {
                  const m = NODE_META[t]
                  const Icon = m.icon
                  return (
                    <Tooltip key={t} label={m.description} position="right" openDelay={500}>
                      <UnstyledButton
                        className="ch-palette-item"
                        draggable
                        onDragStart={(e) => {
                          e.dataTransfer.setData(DND_TYPE, t)
                          e.dataTransfer.effectAllowed = 'move'
                        }}
                        onClick={() => add(t)}
                        aria-label={`Add ${m.label} block`}
                        data-kind={t}
                      >
                        <span
                          className="ch-palette-icon"
                          style={{
                            background: `var(--mantine-color-${m.color}-light)`,
                            color: `var(--mantine-color-${m.color}-7)`,
                          }}
                        >
                          <Icon size={16} />
                        </span>
                        <span>
                          <Text size="sm" fw={500} lh={1.2}>
                            {m.label}
                          </Text>
                          <Text size="xs" c="dimmed" lh={1.2}>
                            {m.description}
                          </Text>
                        </span>
                      </UnstyledButton>
                    </Tooltip>
                  )
                })}
              </div>
            )
          })}
        </Stack>
      </ScrollArea>
    </nav>
  )
}
