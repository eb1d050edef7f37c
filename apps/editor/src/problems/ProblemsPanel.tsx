import { Badge, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react'
import { useEditor } from '../store/editorStore'
import { useProblems } from './problems'

/**
 * Every problem of the flow, one row each: the message first (what a marketer reads), the
 * linter's code and path beneath it. Clicking one selects its node and brings it into view.
 * Rows wrap instead of columns, so the panel reads well however narrow the canvas is.
 */
export function ProblemsPanel() {
  const list = useProblems((s) => s.list)
  const importErrors = useProblems((s) => s.importErrors)
  const all = [...importErrors, ...list]
  if (!all.length)
    return (
      <Group p="sm" gap={6}>
        <IconCircleCheck size={16} color="var(--mantine-color-green-6)" />
        <Text size="sm" c="dimmed">
          No problems: this flow can be published.
        </Text>
      </Group>
    )
  return (
    <ScrollArea h="100%" type="auto">
      <ul className="ch-problem-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {all.map((p, i) => {
          const body = (
            <>
              <Text size="sm" lh={1.35}>
                {p.message}
              </Text>
              <Group gap={6} mt={2} wrap="nowrap">
                <Badge
                  variant="light"
                  color={p.severity === 'error' ? 'red' : 'orange'}
                  size="xs"
                  radius="sm"
                >
                  {p.code}
                </Badge>
                <Text size="xs" c="dimmed" ff="monospace" truncate>
                  {p.nodeId ? `${p.nodeId} · ${p.path}` : p.path}
                </Text>
              </Group>
            </>
          )
          return (
            <li key={i} className="ch-problem-row">
              {p.severity === 'error' ? (
                <IconCircleX size={16} color="var(--mantine-color-red-6)" aria-label="error" />
              ) : (
                <IconAlertTriangle
                  size={16}
                  color="var(--mantine-color-orange-6)"
                  aria-label="warning"
                />
              )}
              {p.nodeId ? (
                <UnstyledButton
                  onClick={() => useEditor.getState().focusNode(p.nodeId!)}
                  className="ch-problem-text ch-problem-link"
                  aria-label={`Show ${p.nodeId}: ${p.message}`}
                >
                  {body}
                </UnstyledButton>
              ) : (
                <div className="ch-problem-text">{body}</div>
              )}
            </li>
          )
        })}
      </ul>
    </ScrollArea>
  )
}
