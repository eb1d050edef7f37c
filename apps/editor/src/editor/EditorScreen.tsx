import { exportFlow } from '@charla/flow-schema'
import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowForwardUp,
  IconChevronDown,
  IconChevronLeft,
  IconChevronUp,
  IconCircleCheck,
  IconCircleX,
  IconCloudCheck,
  IconCloudUpload,
  IconDownload,
  IconHelp,
  IconLayoutDistributeVertical,
  IconLoader2,
  IconMessageChatbot,
  IconRocket,
  IconSearch,
  IconWifiOff,
} from '@tabler/icons-react'
import { ReactFlowProvider, useReactFlow } from '@xyflow/react'
import { useEffect, useState, type ReactNode } from 'react'
import { api, type Draft } from '../api'
import { Canvas, measuredSizes } from '../canvas/Canvas'
import { layoutFlow } from '../canvas/layout'
import { Palette } from '../canvas/Palette'
import { useTidyOnOpen } from '../canvas/useTidyOnOpen'
import { Inspector } from '../inspector/Inspector'
import { computeProblems, setProblems, useProblems } from '../problems/problems'
import { ProblemsPanel } from '../problems/ProblemsPanel'
import { Simulator } from '../simulator/Simulator'
import type { SaveStatus } from '../store/autosave'
import { useEditor } from '../store/editorStore'
import { ConflictDialog, HelpDialog, PublishDialog, SearchDialog } from './dialogs'
import { useAutosave } from './useAutosave'
import { AccountMenu } from '../auth/AccountMenu'

const STATUS: Record<SaveStatus, { label: string; color: string; icon: ReactNode }> = {
  saved: { label: 'Saved', color: 'green', icon: <IconCloudCheck size={14} /> },
  saving: { label: 'Saving…', color: 'blue', icon: <IconLoader2 size={14} className="ch-spin" /> },
  unsaved: { label: 'Unsaved', color: 'gray', icon: <IconCloudUpload size={14} /> },
  conflict: { label: 'Conflict', color: 'red', icon: <IconAlertTriangle size={14} /> },
  invalid: { label: 'Not saved', color: 'red', icon: <IconCircleX size={14} /> },
  offline: { label: 'Offline, retrying', color: 'orange', icon: <IconWifiOff size={14} /> },
}

export function EditorScreen({ flowId, onBack }: { flowId: string; onBack: () => void }) {
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    api.getFlow(flowId).then(
      (d) => {
        if (!live) return
        useEditor.getState().load(d.id, d.flow)
        setDraft(d)
      },
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [flowId])
  if (error)
    return (
      <Center h="100vh">
        <StackMsg title="This flow cannot be opened" message={error} onBack={onBack} />
      </Center>
    )
  if (!draft)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    )
  return (
    <ReactFlowProvider>
      <Editor draft={draft} onBack={onBack} />
    </ReactFlowProvider>
  )
}

function StackMsg({
  title,
  message,
  onBack,
}: {
  title: string
  message: string
  onBack: () => void
}) {
  return (
    <div style={{ textAlign: 'center' }}>
      <Text fw={600} size="lg">
        {title}
      </Text>
      <Text c="dimmed" mb="md">
        {message}
      </Text>
      <Button onClick={onBack} variant="light">
        Back to flows
      </Button>
    </div>
  )
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null
  return (
    !!t &&
    (t.tagName === 'INPUT' ||
      t.tagName === 'TEXTAREA' ||
      t.tagName === 'SELECT' ||
      t.isContentEditable)
  )
}

function Editor({ draft, onBack }: { draft: Draft; onBack: () => void }) {
  const rf = useReactFlow()
  const name = useEditor((s) => s.flow?.name ?? '')
  const canUndo = useEditor((s) => s.past.length > 0)
  const canRedo = useEditor((s) => s.future.length > 0)
  const errorCount = useProblems((s) => s.errorCount)
  const warningCount = useProblems((s) => s.warningCount)
  const autosave = useAutosave(draft)
  useTidyOnOpen()
  const [help, helpCtl] = useDisclosure(false)
  const [search, searchCtl] = useDisclosure(false)
  const [publish, publishCtl] = useDisclosure(false)
  const [simOpen, simCtl] = useDisclosure(false)
  const [simStart, setSimStart] = useState<{ nodeId?: string; seq: number }>({ seq: 0 })
  const [problemsOpen, problemsCtl] = useDisclosure(true)

  // Problems follow the document, a little behind the keystrokes.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const run = () => {
      const flow = useEditor.getState().flow
      if (flow) setProblems(computeProblems(flow))
    }
    // The first lint waits for an idle moment: on a large flow it takes a while, and the
    // canvas is drawn first.
    // (Safari has no requestIdleCallback: a timer stands in.)
    const idle =
      typeof requestIdleCallback === 'function'
        ? requestIdleCallback(run, { timeout: 1000 })
        : setTimeout(run, 50)
    let last = useEditor.getState().flow
    const unsub = useEditor.subscribe((s) => {
      if (s.flow === last) return
      last = s.flow
      if (timer) clearTimeout(timer)
      timer = setTimeout(run, 250)
    })
    return () => {
      unsub()
      if (typeof cancelIdleCallback === 'function') cancelIdleCallback(idle as number)
      else clearTimeout(idle)
      if (timer) clearTimeout(timer)
    }
  }, [])

  const tidy = async () => {
    const flow = useEditor.getState().flow
    if (!flow) return
    const positions = await layoutFlow(flow, measuredSizes)
    useEditor.getState().setPositions(positions)
    requestAnimationFrame(() => void rf.fitView({ padding: 0.15, duration: 300, maxZoom: 1 }))
  }

  const download = () => {
    const flow = useEditor.getState().flow
    if (!flow) return
    const text = exportFlow(flow, {
      exportedBy: 'charla editor',
      exportedAt: new Date().toISOString(),
    })
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${flow.name.replace(/[\\/:*?"<>|]+/g, '_')}.json`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const simulateFrom = (nodeId?: string) => {
    simCtl.open()
    setSimStart((s) => ({ ...(nodeId ? { nodeId } : {}), seq: s.seq + 1 }))
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey
      const key = e.key.toLowerCase()
      const st = useEditor.getState()
      if (mod && key === 'f') {
        e.preventDefault()
        searchCtl.open()
        return
      }
      if (mod && key === 's') {
        e.preventDefault()
        return
      }
      if (isTyping(e)) return
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault()
        st.undo()
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault()
        st.redo()
      } else if (mod && key === 'c') {
        const n = st.copySelection()
        if (n)
          notifications.show({ message: `Copied ${n} block${n > 1 ? 's' : ''}`, autoClose: 1200 })
      } else if (mod && key === 'v') {
        e.preventDefault()
        st.paste()
      } else if (mod && key === 'a') {
        e.preventDefault()
        st.select(st.flow?.nodes.map((n) => n.id) ?? [])
      } else if (mod && e.shiftKey && key === 'l') {
        e.preventDefault()
        void tidy()
      } else if (e.key === '?') {
        helpCtl.open()
      } else if (e.key === 'Escape') {
        st.select([])
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const status = STATUS[autosave.state.status]
  return (
    <div className="ch-shell">
      <header className="ch-header">
        <Tooltip label="All flows">
          <ActionIcon variant="subtle" onClick={onBack} aria-label="Back to all flows" size="lg">
            <IconChevronLeft size={20} />
          </ActionIcon>
        </Tooltip>
        <IconMessageChatbot size={26} color="var(--mantine-color-blue-6)" aria-hidden />
        <TextInput
          aria-label="Flow name"
          value={name}
          onChange={(e) => useEditor.getState().rename(e.currentTarget.value.slice(0, 120))}
          variant="unstyled"
          fw={600}
          size="md"
          w={280}
          styles={{ input: { fontWeight: 600, fontSize: 16 } }}
        />
        <Tooltip
          label={
            autosave.state.message ??
            (autosave.state.status === 'saved'
              ? `Revision ${autosave.state.revision}`
              : status.label)
          }
        >
          <Badge
            color={status.color}
            variant="light"
            leftSection={status.icon}
            size="md"
            aria-live="polite"
            data-testid="save-status"
          >
            {status.label}
          </Badge>
        </Tooltip>
        <div style={{ flex: 1 }} />
        <Group gap={4}>
          <Tooltip label="Undo (Ctrl+Z)">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={() => useEditor.getState().undo()}
              disabled={!canUndo}
              aria-label="Undo"
            >
              <IconArrowBackUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Redo (Ctrl+Shift+Z)">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={() => useEditor.getState().redo()}
              disabled={!canRedo}
              aria-label="Redo"
            >
              <IconArrowForwardUp size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Find a block (Ctrl+F)">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={searchCtl.open}
              aria-label="Find a block"
            >
              <IconSearch size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Tidy up (auto-layout)">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={() => void tidy()}
              aria-label="Auto-layout"
            >
              <IconLayoutDistributeVertical size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Export as a JSON file">
            <ActionIcon variant="subtle" size="lg" onClick={download} aria-label="Export as JSON">
              <IconDownload size={18} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon
              variant="subtle"
              size="lg"
              onClick={helpCtl.open}
              aria-label="Keyboard shortcuts"
            >
              <IconHelp size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Divider orientation="vertical" my={12} />
        <Button
          variant={simOpen ? 'filled' : 'light'}
          leftSection={<IconMessageChatbot size={16} />}
          onClick={() => (simOpen ? simCtl.close() : simulateFrom())}
          aria-pressed={simOpen}
        >
          Test
        </Button>
        <Button leftSection={<IconRocket size={16} />} onClick={publishCtl.open}>
          Publish
        </Button>
        <AccountMenu />
      </header>
      <div className={`ch-main${simOpen ? ' with-sim' : ''}`}>
        <Palette />
        <div className="ch-center">
          <Canvas />
          <section className="ch-problems" aria-label="Problems">
            <UnstyledButton
              onClick={problemsCtl.toggle}
              px="sm"
              py={6}
              aria-expanded={problemsOpen}
              style={{ display: 'flex', alignItems: 'center', gap: 8 }}
            >
              <Text size="sm" fw={600}>
                Problems
              </Text>
              {errorCount ? (
                <Badge color="red" size="sm" leftSection={<IconCircleX size={12} />}>
                  {errorCount}
                </Badge>
              ) : null}
              {warningCount ? (
                <Badge color="orange" size="sm" leftSection={<IconAlertTriangle size={12} />}>
                  {warningCount}
                </Badge>
              ) : null}
              {!errorCount && !warningCount ? (
                <IconCircleCheck size={16} color="var(--mantine-color-green-6)" />
              ) : null}
              <div style={{ flex: 1 }} />
              {problemsOpen ? <IconChevronDown size={16} /> : <IconChevronUp size={16} />}
            </UnstyledButton>
            {problemsOpen && errorCount + warningCount > 0 ? (
              <div className="ch-problems-body">
                <ProblemsPanel />
              </div>
            ) : null}
          </section>
        </div>
        <aside className="ch-side" aria-label="Inspector">
          <Inspector onSimulateFrom={simulateFrom} />
        </aside>
        {simOpen ? (
          <aside className="ch-side" aria-label="Simulator">
            <Simulator start={simStart} onClose={simCtl.close} />
          </aside>
        ) : null}
      </div>
      <HelpDialog opened={help} onClose={helpCtl.close} />
      <SearchDialog opened={search} onClose={searchCtl.close} />
      <PublishDialog
        opened={publish}
        onClose={publishCtl.close}
        flowId={draft.id}
        errorCount={errorCount}
        beforePublish={autosave.flush}
      />
      <ConflictDialog
        theirs={autosave.state.status === 'conflict' ? autosave.state.theirs : undefined}
        mine={useEditor.getState().flow}
        onKeepMine={() => void autosave.keepMine()}
        onLoadTheirs={() => autosave.loadTheirs()}
      />
    </div>
  )
}
