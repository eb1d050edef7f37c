import { parseFlow } from '@charla/flow-schema'
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Container,
  Group,
  Loader,
  Menu,
  Modal,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import {
  IconCopy,
  IconDots,
  IconDownload,
  IconFileImport,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, ApiError, type ExampleSummary, type FlowSummary, type ImportError } from '../api'
import { ScreenHeader } from './ScreenHeader'

/** The home screen: every draft, with create / import / rename / duplicate / delete / export. */
export function FlowsList({ onOpen }: { onOpen: (id: string) => void }) {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null)
  const [examples, setExamples] = useState<ExampleSummary[]>([])
  const [loadError, setLoadError] = useState<string | null>(null)
  const [creating, createCtl] = useDisclosure(false)
  const [importErrors, setImportErrors] = useState<{
    file: string
    message: string
    errors: ImportError[]
  } | null>(null)
  const [renaming, setRenaming] = useState<FlowSummary | null>(null)
  const [dragging, setDragging] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)

  const refresh = useCallback(() => {
    api.listFlows().then(setFlows, (e: Error) => setLoadError(e.message))
  }, [])
  useEffect(() => {
    refresh()
    api.listExamples().then(setExamples, () => setExamples([]))
  }, [refresh])

  const fail = (e: unknown) =>
    notifications.show({
      color: 'red',
      title: 'Something went wrong',
      message: (e as Error).message,
    })

  const importFile = async (file: File) => {
    const text = await file.text()
    try {
      const draft = await api.importFlow(text)
      notifications.show({ color: 'green', message: `Imported “${draft.flow.name}”` })
      onOpen(draft.id)
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'invalid_flow' || e.code === 'invalid_json')) {
        // The server's errors, or ours if it gave none (same parser on both sides).
        const local = parseFlow(text)
        const errors = e.errors.length ? e.errors : local.ok ? [] : local.errors
        setImportErrors({ file: file.name, message: e.message, errors })
      } else fail(e)
    }
  }

  useEffect(() => {
    let depth = 0
    const enter = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return
      depth++
      setDragging(true)
    }
    const leave = () => {
      depth = Math.max(0, depth - 1)
      if (!depth) setDragging(false)
    }
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    }
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0]
      depth = 0
      setDragging(false)
      if (!file) return
      e.preventDefault()
      void importFile(file)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragleave', leave)
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [])

  const create = async (body: { name?: string; example?: string }) => {
    try {
      const draft = await api.createFlow(body)
      createCtl.close()
      onOpen(draft.id)
    } catch (e) {
      fail(e)
    }
  }

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader tagline="Flow builder" />
      <Container size="lg" py="xl">
        <Group justify="space-between" mb="lg">
          <div>
            <Title order={2}>Flows</Title>
            <Text c="dimmed" size="sm">
              Drop a flow’s .json file anywhere on this page to import it.
            </Text>
          </div>
          <Group>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              aria-label="Flow file"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0]
                e.currentTarget.value = ''
                if (f) void importFile(f)
              }}
            />
            <Button component="a" href="/pages" variant="subtle">
              Pages
            </Button>
            <Button component="a" href="/leads" variant="subtle">
              Leads
            </Button>
            <Button component="a" href="/orders" variant="subtle">
              Orders
            </Button>
            <Button component="a" href="/bookings" variant="subtle">
              Bookings
            </Button>
            <Button
              variant="default"
              leftSection={<IconFileImport size={16} />}
              onClick={() => fileInput.current?.click()}
            >
              Import
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={createCtl.open}>
              New flow
            </Button>
          </Group>
        </Group>
        {loadError ? (
          <Alert color="red" title="The server cannot be reached">
            {loadError}
          </Alert>
        ) : null}
        {!flows && !loadError ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : null}
        {flows && flows.length === 0 ? (
          <Card withBorder p="xl" radius="md">
            <Stack align="center">
              <Text fw={600}>No flows yet</Text>
              <Text c="dimmed" size="sm">
                Start from an example or a blank canvas.
              </Text>
              <Button onClick={createCtl.open}>Create your first flow</Button>
            </Stack>
          </Card>
        ) : null}
        {flows && flows.length > 0 ? (
          <Card withBorder radius="md" p={0}>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Blocks</Table.Th>
                  <Table.Th>Live on</Table.Th>
                  <Table.Th>Last edited</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {flows.map((f) => (
                  <Table.Tr key={f.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(f.id)}>
                    <Table.Td>
                      <a
                        href={`/flows/${encodeURIComponent(f.id)}`}
                        onClick={(e) => {
                          e.preventDefault()
                          e.stopPropagation()
                          onOpen(f.id)
                        }}
                        style={{ color: 'inherit', textDecoration: 'none', fontWeight: 600 }}
                      >
                        {f.name}
                      </a>
                    </Table.Td>
                    <Table.Td>{f.nodeCount}</Table.Td>
                    <Table.Td>
                      {f.published.length ? (
                        f.published.map((p) => (
                          <Badge key={p.pageId} variant="light" color="green" mr={4}>
                            {p.pageId} · v{p.number}
                          </Badge>
                        ))
                      ) : (
                        <Text size="sm" c="dimmed">
                          Draft
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {new Date(f.updatedAt).toLocaleString()}
                      </Text>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon variant="subtle" aria-label={`Actions for ${f.name}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconPencil size={14} />}
                            onClick={() => setRenaming(f)}
                          >
                            Rename
                          </Menu.Item>
                          <Menu.Item
                            leftSection={<IconCopy size={14} />}
                            onClick={() => api.duplicateFlow(f.id).then(refresh, fail)}
                          >
                            Duplicate
                          </Menu.Item>
                          <Menu.Item
                            leftSection={<IconDownload size={14} />}
                            component="a"
                            href={api.exportUrl(f.id)}
                            download={`${f.name}.json`}
                          >
                            Export
                          </Menu.Item>
                          <Menu.Divider />
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={14} />}
                            onClick={() => {
                              if (window.confirm(`Delete “${f.name}”? This cannot be undone.`))
                                api.deleteFlow(f.id).then(refresh, fail)
                            }}
                          >
                            Delete
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        ) : null}
      </Container>

      <Modal opened={creating} onClose={createCtl.close} title="New flow" size="xl">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card
            withBorder
            radius="md"
            padding="lg"
            component="button"
            onClick={() => void create({ name: 'Untitled flow' })}
            style={{ cursor: 'pointer', textAlign: 'left' }}
          >
            <Text fw={600}>Blank flow</Text>
            <Text size="sm" c="dimmed">
              Start with a Get Started trigger.
            </Text>
          </Card>
          {examples.map((ex) => (
            <Card
              key={ex.id}
              withBorder
              radius="md"
              padding="lg"
              component="button"
              onClick={() => void create({ example: ex.id })}
              style={{ cursor: 'pointer', textAlign: 'left' }}
            >
              <Group justify="space-between">
                <Text fw={600}>{ex.name}</Text>
                <Badge variant="light">{ex.nodeCount} blocks</Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {ex.description}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      </Modal>

      <RenameDialog
        flow={renaming}
        onClose={() => setRenaming(null)}
        onDone={() => {
          setRenaming(null)
          refresh()
        }}
      />

      <Modal
        opened={!!importErrors}
        onClose={() => setImportErrors(null)}
        title={`“${importErrors?.file}” cannot be imported`}
        size="xl"
      >
        <Text size="sm" mb="sm">
          {importErrors?.message}
        </Text>
        <ScrollArea.Autosize mah={420}>
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Where</Table.Th>
                <Table.Th>Block</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {importErrors?.errors.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td ff="monospace" fz="xs">
                    {e.path || '(file)'}
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {e.nodeId ?? ''}
                  </Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Modal>

      {dragging ? (
        <div
          style={{
            position: 'fixed',
            inset: 0,
            background: 'rgba(34,139,230,0.12)',
            border: '3px dashed var(--mantine-color-blue-5)',
            display: 'grid',
            placeItems: 'center',
            zIndex: 1000,
            pointerEvents: 'none',
          }}
        >
          <Text fw={700} size="xl" c="blue">
            Drop the flow file to import it
          </Text>
        </div>
      ) : null}
    </div>
  )
}

function RenameDialog({
  flow,
  onClose,
  onDone,
}: {
  flow: FlowSummary | null
  onClose: () => void
  onDone: () => void
}) {
  const [name, setName] = useState('')
  useEffect(() => setName(flow?.name ?? ''), [flow])
  const save = async () => {
    if (!flow || !name.trim()) return
    try {
      const draft = await api.getFlow(flow.id)
      await api.saveFlow(flow.id, { ...draft.flow, name: name.trim() }, draft.revision)
      onDone()
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message })
    }
  }
  return (
    <Modal opened={!!flow} onClose={onClose} title="Rename flow">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <TextInput
          data-autofocus
          label="Name"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!name.trim()}>
            Rename
          </Button>
        </Group>
      </form>
    </Modal>
  )
}
