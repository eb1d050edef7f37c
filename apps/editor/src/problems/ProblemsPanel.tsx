import { Badge, Group, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react'
import { useEditor } from '../store/editorStore'
import { useProblems } from './problems'

/** Every problem of the flow; clicking one selects its node and brings it into view. */
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
      <Table highlightOnHover verticalSpacing={4} fz="sm" stickyHeader>
        <Table.Tbody>
          {all.map((p, i) => (
            <Table.Tr key={i}>
              <Table.Td w={28}>
                {p.severity === 'error' ? (
                  <IconCircleX size={16} color="var(--mantine-color-red-6)" aria-label="error" />
                ) : (
                  <IconAlertTriangle
                    size={16}
                    color="var(--mantine-color-orange-6)"
                    aria-label="warning"
                  />
                )}
              </Table.Td>
              <Table.Td w={170}>
                <Badge
                  variant="light"
                  color={p.severity === 'error' ? 'red' : 'orange'}
                  size="sm"
                  radius="sm"
                >
                  {p.code}
                </Badge>
              </Table.Td>
              <Table.Td>
                {p.nodeId ? (
                  <UnstyledButton
                    onClick={() => useEditor.getState().focusNode(p.nodeId!)}
                    className="ch-problem-link"
                    aria-label={`Show ${p.nodeId}: ${p.message}`}
                  >
                    <Text size="sm" span>
                      {p.message}
                    </Text>
                  </UnstyledButton>
                ) : (
                  <Text size="sm">{p.message}</Text>
                )}
              </Table.Td>
              <Table.Td w={260}>
                <Text size="xs" c="dimmed" ff="monospace" truncate>
                  {p.path}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
}
