import type { FlowNode, NodeType } from '@charla/flow-schema'
import {
  ActionIcon,
  Alert,
  Badge,
  Group,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from '@mantine/core'
import { IconCopy, IconPlayerPlay, IconTrash } from '@tabler/icons-react'
import { useMemo, type ComponentType } from 'react'
import { NODE_META } from '../nodes/nodeMeta'
import { useProblems } from '../problems/problems'
import { useEditor, useNode } from '../store/editorStore'
import { compact, FieldErrors } from './fields'
import { FlowSettings } from './FlowSettings'
import { NODE_FORMS, type FormProps } from './forms'

/** `nodes[3].data.text` → `data.text`. */
export function relativePath(path: string): string {
  return path.replace(/^nodes\[\d+\]\.?/, '')
}

export function Inspector({ onSimulateFrom }: { onSimulateFrom?: (nodeId: string) => void }) {
  const selected = useEditor((s) => (s.selectedNodes.size === 1 ? [...s.selectedNodes][0]! : null))
  const count = useEditor((s) => s.selectedNodes.size)
  const node = useNode(selected)
  if (node) return <NodeInspector key={node.id} node={node} onSimulateFrom={onSimulateFrom} />
  if (count > 1)
    return (
      <Stack p="md" gap="xs">
        <Text fw={600}>{count} blocks selected</Text>
        <Text size="sm" c="dimmed">
          Copy them with Ctrl+C and paste into this or another flow with Ctrl+V; their variables and
          products come along. Press Delete to remove them.
        </Text>
      </Stack>
    )
  return <FlowSettings />
}

function NodeInspector({
  node,
  onSimulateFrom,
}: {
  node: FlowNode
  onSimulateFrom?: (nodeId: string) => void
}) {
  const meta = NODE_META[node.type]
  const Icon = meta.icon
  const list = useProblems((s) => s.list)
  const mine = useMemo(() => list.filter((p) => p.nodeId === node.id), [list, node.id])
  const errors = useMemo(() => {
    const m = new Map<string, string>()
    for (const p of mine) {
      const rel = relativePath(p.path)
      if (!m.has(rel)) m.set(rel, p.message)
    }
    return m
  }, [mine])
  const fieldPaths = new Set<string>()
  const Form = NODE_FORMS[node.type] as ComponentType<FormProps<NodeType>>
  const set = (patch: object, key?: string) =>
    useEditor
      .getState()
      .updateNode(
        node.id,
        (n) => ({ ...n, data: compact({ ...n.data, ...patch }) }) as FlowNode,
        key,
      )
  const general = mine.filter((p) => !fieldPaths.has(relativePath(p.path)))
  return (
    <FieldErrors.Provider value={errors}>
      <Stack gap={0} h="100%">
        <Group p="md" pb="sm" gap="sm" wrap="nowrap" className="ch-inspector-head">
          <ThemeIcon color={meta.color} variant="light" size="lg" radius="md">
            <Icon size={18} />
          </ThemeIcon>
          <div style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600} size="sm">
              {meta.label}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              {node.id}
            </Text>
          </div>
          {onSimulateFrom ? (
            <Tooltip label="Test from this block">
              <ActionIcon
                variant="subtle"
                aria-label="Test from this block"
                onClick={() => onSimulateFrom(node.id)}
              >
                <IconPlayerPlay size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          <Tooltip label="Duplicate (Ctrl+C, Ctrl+V)">
            <ActionIcon
              variant="subtle"
              aria-label="Duplicate block"
              onClick={() => {
                const st = useEditor.getState()
                st.select([node.id])
                st.copySelection()
                st.paste()
              }}
            >
              <IconCopy size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete (Del)">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete block"
              onClick={() => useEditor.getState().deleteNodes([node.id])}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Stack p="md" pt="xs" gap="md">
            <TextInput
              label="Name on the canvas"
              placeholder={meta.label}
              value={node.label ?? ''}
              onChange={(e) => {
                const label = e.currentTarget.value.slice(0, 80)
                useEditor
                  .getState()
                  .updateNode(
                    node.id,
                    (n) => compact({ ...n, label: label || undefined }) as FlowNode,
                    'label',
                  )
              }}
            />
            {general.length ? (
              <Alert
                color={general.some((p) => p.severity === 'error') ? 'red' : 'orange'}
                variant="light"
                p="xs"
                title="Problems"
              >
                <Stack gap={4}>
                  {general.map((p, i) => (
                    <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                      <Badge
                        size="xs"
                        color={p.severity === 'error' ? 'red' : 'orange'}
                        variant="filled"
                      >
                        {p.code}
                      </Badge>
                      <Text size="xs">{p.message}</Text>
                    </Group>
                  ))}
                </Stack>
              </Alert>
            ) : null}
            <Form node={node} set={set} />
          </Stack>
        </ScrollArea>
      </Stack>
    </FieldErrors.Provider>
  )
}
