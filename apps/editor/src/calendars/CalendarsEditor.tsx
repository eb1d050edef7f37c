import type { Calendar, Flow } from '@charla/flow-schema'
import { ActionIcon, Button, Group, Modal, Paper, Stack, Text, Tooltip } from '@mantine/core'
import { IconCalendarEvent, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { freshId, useFieldError } from '../inspector/fields'
import { useEditor } from '../store/editorStore'
import { CalendarForm } from './CalendarForm'
import { weekSummary } from './calendarValues'

const MAX_CALENDARS = 50

/** Points booking blocks at a calendar's new id. */
function renameCalendar(flow: Flow, from: string, to: string): Flow['nodes'] {
  return flow.nodes.map((n) =>
    n.type === 'booking' && n.data.calendarId === from
      ? { ...n, data: { ...n.data, calendarId: to } }
      : n,
  )
}

function newCalendar(taken: readonly string[]): Calendar {
  const hours: [string, string][] = [['09:00', '17:00']]
  return {
    id: freshId('calendar_', taken),
    name: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    slotMinutes: 30,
    bufferMinutes: 0,
    capacity: 1,
    weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours },
    minNoticeMinutes: 60,
  }
}

/**
 * The flow's calendars (`resources.calendars`): cards with their week at a glance, edited in
 * a form validated by the flow schema. Renaming an id follows it into the booking blocks.
 */
export function CalendarsEditor() {
  const flow = useEditor((s) => s.flow)
  const [editing, setEditing] = useState<{ index: number | null; calendar: Calendar } | null>(null)
  const listError = useFieldError('resources.calendars')
  if (!flow) return null
  const calendars = flow.resources.calendars ?? []
  const locale = flow.locale ?? 'en-US'
  const st = useEditor.getState()

  const save = (index: number | null, c: Calendar) => {
    const before = index === null ? undefined : calendars[index]
    st.change((f) => {
      const list = [...(f.resources.calendars ?? [])]
      if (index === null) list.push(c)
      else list[index] = c
      const nodes = before && before.id !== c.id ? renameCalendar(f, before.id, c.id) : f.nodes
      return { ...f, nodes, resources: { ...f.resources, calendars: list } }
    })
    setEditing(null)
  }
  const remove = (index: number) => {
    const list = calendars.filter((_, i) => i !== index)
    const { calendars: _old, ...rest } = flow.resources
    st.setResources(list.length ? { ...rest, calendars: list } : rest)
  }
  const usedBy = (id: string) =>
    flow.nodes.filter((n) => n.type === 'booking' && n.data.calendarId === id).length

  return (
    <Stack gap={6} aria-label="Calendars" role="region">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Calendars
        </Text>
        <Text size="xs" c={calendars.length >= MAX_CALENDARS ? 'orange' : 'dimmed'}>
          {calendars.length}/{MAX_CALENDARS}
        </Text>
      </Group>
      {calendars.length === 0 ? (
        <Text size="xs" c="dimmed">
          Calendars hold the opening hours booking blocks offer times from.
        </Text>
      ) : null}
      {calendars.map((c, i) => (
        <CalendarRow
          key={`${i}:${c.id}`}
          calendar={c}
          index={i}
          usedBy={usedBy(c.id)}
          onEdit={() => setEditing({ index: i, calendar: c })}
          onRemove={() => remove(i)}
        />
      ))}
      {listError ? (
        <Text size="xs" c="red">
          {listError}
        </Text>
      ) : null}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        disabled={calendars.length >= MAX_CALENDARS}
        onClick={() =>
          setEditing({ index: null, calendar: newCalendar(calendars.map((c) => c.id)) })
        }
      >
        Add calendar
      </Button>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.index === null ? 'New calendar' : 'Edit calendar'}
        centered
        size={960}
      >
        {editing ? (
          <CalendarForm
            key={editing.index ?? 'new'}
            initial={editing.calendar}
            locale={locale}
            takenIds={calendars.filter((_, i) => i !== editing.index).map((c) => c.id)}
            onSave={(c) => save(editing.index, c)}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  )
}

function CalendarRow(props: {
  calendar: Calendar
  index: number
  usedBy: number
  onEdit: () => void
  onRemove: () => void
}) {
  const { calendar: c, index: i } = props
  const errors = [
    useFieldError(`resources.calendars[${i}].id`),
    useFieldError(`resources.calendars[${i}].name`),
    useFieldError(`resources.calendars[${i}].timezone`),
    useFieldError(`resources.calendars[${i}].weeklyHours`),
  ].filter(Boolean)
  const grid = `${c.slotMinutes} min slots${c.bufferMinutes ? ` + ${c.bufferMinutes} min buffer` : ''}${c.capacity > 1 ? ` · ${c.capacity} per slot` : ''}`
  return (
    <Paper withBorder p="xs" radius="md" className="ch-list-item" aria-label={`Calendar ${c.name}`}>
      <Group gap="sm" wrap="nowrap" align="center">
        <Paper w={40} h={40} radius="sm" bg="teal.0" style={{ display: 'grid', flexShrink: 0 }}>
          <IconCalendarEvent
            size={20}
            color="var(--mantine-color-teal-6)"
            style={{ margin: 'auto' }}
          />
        </Paper>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {c.name}
          </Text>
          <Text size="xs" c="dimmed" truncate title={weekSummary(c)}>
            {weekSummary(c)}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {c.timezone} · {grid}
          </Text>
          {errors.map((e) => (
            <Text key={e} size="xs" c="red">
              {e}
            </Text>
          ))}
        </Stack>
        <Tooltip label="Edit">
          <ActionIcon variant="subtle" onClick={props.onEdit} aria-label={`Edit ${c.name}`}>
            <IconPencil size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip
          label={
            props.usedBy
              ? `Used by ${props.usedBy} booking block${props.usedBy > 1 ? 's' : ''}`
              : 'Remove'
          }
        >
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={props.onRemove}
            aria-label={`Remove ${c.name}`}
          >
            <IconTrash size={15} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  )
}
