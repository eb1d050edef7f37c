import type { Flow } from '@charla/flow-schema'
import {
  Alert,
  Badge,
  Button,
  Group,
  Kbd,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { api, ApiError, type Draft, type Page, type Version } from '../api'
import { versionsApi } from '../pages/pagesApi'
import { NODE_META } from '../nodes/nodeMeta'
import { useEditor } from '../store/editorStore'

export const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
  ['Ctrl/⌘ + C / V', 'Copy / paste blocks (also into another flow)'],
  ['Delete, Backspace', 'Delete the selection'],
  ['Shift + drag', 'Select with a box'],
  ['Ctrl/⌘ + click', 'Add to the selection'],
  ['Ctrl/⌘ + A', 'Select every block'],
  ['Ctrl/⌘ + F', 'Find a block'],
  ['Ctrl/⌘ + S', 'Save now'],
  ['Ctrl/⌘ + Shift + L', 'Tidy up (auto-layout)'],
  ['Escape', 'Clear the selection'],
  ['?', 'This help'],
]

export function HelpDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td w={240}>
                {k.split(', ').map((combo, i) => (
                  <span key={i}>
                    {i ? ' or ' : ''}
                    <Kbd size="xs">{combo}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  )
}

/** Text a node shows, for search. */
function nodeText(n: Flow['nodes'][number]): string {
  return `${n.id} ${n.label ?? ''} ${NODE_META[n.type].label} ${JSON.stringify(n.data)}`.toLowerCase()
}

export function SearchDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const nodes = useEditor((s) => s.flow?.nodes) ?? []
  const [q, setQ] = useState('')
  const [active, setActive] = useState(0)
  const results = useMemo(() => {
    const needle = q.trim().toLowerCase()
    if (!needle) return nodes.slice(0, 30)
    return nodes.filter((n) => nodeText(n).includes(needle)).slice(0, 50)
  }, [nodes, q])
  useEffect(() => setActive(0), [q])
  const go = (id: string) => {
    useEditor.getState().focusNode(id)
    onClose()
  }
  return (
    <Modal opened={opened} onClose={onClose} title="Find a block" size="lg" yOffset="10vh">
      <TextInput
        data-autofocus
        placeholder="Text, name or id"
        aria-label="Search blocks"
        leftSection={<IconSearch size={16} />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1))
          if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
          if (e.key === 'Enter' && results[active]) go(results[active].id)
        }}
      />
      <ScrollArea.Autosize mah={400} mt="sm">
        <Stack gap={2} role="listbox" aria-label="Matching blocks">
          {results.length === 0 ? (
            <Text c="dimmed" size="sm">
              No block matches.
            </Text>
          ) : null}
          {results.map((n, i) => {
            const meta = NODE_META[n.type]
            const preview = 'text' in n.data && typeof n.data.text === 'string' ? n.data.text : ''
            return (
              <UnstyledButton
                key={n.id}
                role="option"
                aria-selected={i === active}
                onClick={() => go(n.id)}
                p={6}
                style={{
                  borderRadius: 6,
                  background: i === active ? 'var(--mantine-color-blue-0)' : undefined,
                }}
              >
                <Group gap={8} wrap="nowrap">
                  <Badge color={meta.color} variant="light" size="sm" w={110}>
                    {meta.label}
                  </Badge>
                  <Text size="sm" fw={500} truncate>
                    {n.label ?? n.id}
                  </Text>
                  <Text size="xs" c="dimmed" truncate style={{ flex: 1 }}>
                    {preview}
                  </Text>
                </Group>
              </UnstyledButton>
            )
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Modal>
  )
}

export function ConflictDialog(props: {
  theirs: Draft | undefined
  mine: Flow | null
  onKeepMine: () => void
  onLoadTheirs: () => void
}) {
  const { theirs, mine } = props
  const summary = (f: Flow) =>
    `${f.nodes.length} blocks, ${f.edges.length} connections, ${f.variables.length} variables`
  return (
    <Modal
      opened={!!theirs}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title="This flow was changed somewhere else"
      size="lg"
    >
      <Stack>
        <Text size="sm">
          Another tab or person saved this flow while you were editing it. Your changes are kept
          here and are not saved yet. Choose which version to keep.
        </Text>
        <Group grow align="stretch">
          <Stack
            gap={4}
            p="sm"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
          >
            <Text fw={600}>Theirs</Text>
            {theirs ? (
              <>
                <Text size="sm">“{theirs.flow.name}”</Text>
                <Text size="xs" c="dimmed">
                  {summary(theirs.flow)}
                </Text>
                <Text size="xs" c="dimmed">
                  Saved {new Date(theirs.updatedAt).toLocaleString()} (revision {theirs.revision})
                </Text>
              </>
            ) : null}
          </Stack>
          <Stack
            gap={4}
            p="sm"
            style={{ border: '1px solid var(--mantine-color-blue-3)', borderRadius: 8 }}
          >
            <Text fw={600}>Yours</Text>
            {mine ? (
              <>
                <Text size="sm">“{mine.name}”</Text>
                <Text size="xs" c="dimmed">
                  {summary(mine)}
                </Text>
                <Text size="xs" c="dimmed">
                  Unsaved changes in this tab
                </Text>
              </>
            ) : null}
          </Stack>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onLoadTheirs}>
            Load theirs
          </Button>
          <Button color="red" onClick={props.onKeepMine}>
            Keep mine (overwrite)
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function PublishDialog(props: {
  opened: boolean
  onClose: () => void
  flowId: string
  errorCount: number
  beforePublish: () => Promise<void>
}) {
  const [pages, setPages] = useState<Page[] | null>(null)
  const [versions, setVersions] = useState<Version[] | null>(null)
  const [pageId, setPageId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // After a publish: how many waiting conversations could move to the new version.
  const [moveOffer, setMoveOffer] = useState<{
    pageId: string
    number: number
    movable: number
    staying: number
  } | null>(null)
  const [moving, setMoving] = useState(false)
  const [rollingBack, setRollingBack] = useState<string | null>(null)
  useEffect(() => {
    if (!props.opened) return
    setError(null)
    setMoveOffer(null)
    api.listPages().then(
      (p) => {
        setPages(p)
        setPageId((cur) => cur ?? p[0]?.id ?? null)
      },
      (e: Error) => setError(e.message),
    )
    api.listVersions(props.flowId).then(setVersions, () => setVersions([]))
  }, [props.opened, props.flowId])
  const publish = async () => {
    if (!pageId) return
    setBusy(true)
    setError(null)
    try {
      await props.beforePublish()
      const v = await api.publish(props.flowId, pageId)
      notifications.show({
        color: 'green',
        title: `Version ${v.number} is live`,
        message: `Published to ${pages?.find((p) => p.id === pageId)?.name ?? pageId}`,
      })
      setVersions(await api.listVersions(props.flowId))
      await offerMove(pageId)
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 422
          ? `Fix the errors first: ${e.message}`
          : (e as Error).message,
      )
    } finally {
      setBusy(false)
    }
  }
  const offerMove = async (page: string) => {
    const plan = await versionsApi.migration(props.flowId, page).catch(() => null)
    setMoveOffer(
      plan && plan.movable + plan.staying > 0
        ? { pageId: page, number: plan.target.number, movable: plan.movable, staying: plan.staying }
        : null,
    )
  }
  const move = async () => {
    if (!moveOffer) return
    setMoving(true)
    try {
      const r = await versionsApi.migrate(props.flowId, moveOffer.pageId)
      notifications.show({
        color: 'green',
        title: `${r.moved} conversation${r.moved === 1 ? '' : 's'} moved to version ${moveOffer.number}`,
        message: r.staying ? `${r.staying} finish on the version they started on.` : '',
      })
      setMoveOffer(null)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setMoving(false)
    }
  }
  const rollback = async (v: Version) => {
    if (!pageId) return
    setRollingBack(v.id)
    setError(null)
    try {
      await versionsApi.rollback(props.flowId, v.id, pageId)
      notifications.show({
        color: 'green',
        title: `Version ${v.number} is live again`,
        message: `Rolled back on ${pages?.find((p) => p.id === pageId)?.name ?? pageId}`,
      })
      setVersions(await api.listVersions(props.flowId))
      await offerMove(pageId)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setRollingBack(null)
    }
  }
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Publish" size="lg">
      <Stack>
        {props.errorCount > 0 ? (
          <Text size="sm" c="red">
            This flow has {props.errorCount} error(s). Fix them in the Problems panel before
            publishing.
          </Text>
        ) : null}
        <Group align="flex-end">
          <Select
            style={{ flex: 1 }}
            label="Facebook Page"
            placeholder={pages ? 'No Page connected' : 'Loading…'}
            value={pageId}
            onChange={setPageId}
            data={(pages ?? []).map((p) => ({
              value: p.id,
              label: `${p.name}${p.status === 'active' ? '' : ` (${p.status})`}`,
            }))}
          />
          <Button onClick={publish} loading={busy} disabled={!pageId || props.errorCount > 0}>
            Publish new version
          </Button>
        </Group>
        {error ? (
          <Text size="sm" c="red">
            {error}
          </Text>
        ) : null}
        {moveOffer ? (
          <Alert color="blue" title="Conversations in progress" aria-label="Move conversations">
            <Stack gap="xs">
              <Text size="sm">
                {moveOffer.movable} conversation{moveOffer.movable === 1 ? '' : 's'} waiting on an
                older version {moveOffer.movable === 1 ? 'is' : 'are'} at a step version{' '}
                {moveOffer.number} still has, and can continue on it.
                {moveOffer.staying
                  ? ` ${moveOffer.staying} wait at a step that changed and finish on their version.`
                  : ''}
              </Text>
              <Group gap="xs">
                <Button size="xs" onClick={move} loading={moving} disabled={!moveOffer.movable}>
                  Move {moveOffer.movable} to version {moveOffer.number}
                </Button>
                <Button size="xs" variant="default" onClick={() => setMoveOffer(null)}>
                  Leave them
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <Text fw={600} size="sm">
          Versions
        </Text>
        {versions?.length ? (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Published</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Live on</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>v{v.number}</Table.Td>
                  <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={v.publishedBy ? undefined : 'dimmed'}>
                      {v.publishedBy ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {v.pages.map((p) => (
                      <Badge key={p} size="sm" variant="light" mr={4}>
                        {pages?.find((x) => x.id === p)?.name ?? p}
                      </Badge>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {pageId && !v.pages.includes(pageId) ? (
                      <Button
                        size="compact-xs"
                        variant="light"
                        loading={rollingBack === v.id}
                        onClick={() => void rollback(v)}
                        aria-label={`Roll back to version ${v.number}`}
                      >
                        Roll back
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            {versions ? 'Not published yet.' : 'Loading…'}
          </Text>
        )}
      </Stack>
    </Modal>
  )
}
