import { VARIABLE_TYPES, WEEKDAYS, type Calendar, type Variable } from '@charla/flow-schema'
import {
  Group,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useEditor } from '../store/editorStore'
import { compact, freshId, ListField, removeAt, setAt } from './fields'
import { ProductsEditor } from './ProductsEditor'

const LOCALES = [
  { value: 'en-US', label: 'English (US)' },
  { value: 'en-GB', label: 'English (UK)' },
  { value: 'es-ES', label: 'Español' },
  { value: 'it-IT', label: 'Italiano' },
  { value: 'pt-BR', label: 'Português (Brasil)' },
  { value: 'pt-PT', label: 'Português (Portugal)' },
  { value: 'fr-FR', label: 'Français' },
]

/** Flow-wide settings: shown when nothing is selected. */
export function FlowSettings() {
  const flow = useEditor((s) => s.flow)
  if (!flow) return null
  const st = useEditor.getState()
  const vars = flow.variables
  const calendars = flow.resources.calendars ?? []
  const setVar = (i: number, v: Variable) => st.setVariables(setAt(vars, i, v))
  const setCalendars = (c: Calendar[]) =>
    st.setResources(compact({ ...flow.resources, calendars: c.length ? c : undefined }))
  return (
    <Stack gap={0} h="100%">
      <Stack p="md" pb="xs" gap={2} className="ch-inspector-head">
        <Text fw={600}>Flow settings</Text>
        <Text size="xs" c="dimmed">
          Select a block on the canvas to edit it.
        </Text>
      </Stack>
      <Tabs
        defaultValue="general"
        style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
      >
        <Tabs.List px="sm">
          <Tabs.Tab value="general">General</Tabs.Tab>
          <Tabs.Tab value="variables">Variables ({vars.length})</Tabs.Tab>
          <Tabs.Tab value="resources">Resources</Tabs.Tab>
        </Tabs.List>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Tabs.Panel value="general">
            <Stack p="md" gap="md">
              <TextInput
                label="Name"
                value={flow.name}
                maxLength={120}
                onChange={(e) => st.rename(e.currentTarget.value)}
                error={flow.name ? undefined : 'A flow needs a name'}
              />
              <Textarea
                label="Description"
                value={flow.description ?? ''}
                autosize
                minRows={2}
                maxLength={2000}
                onChange={(e) => {
                  const description = e.currentTarget.value
                  st.change(
                    (f) => compact({ ...f, description: description || undefined }),
                    'description',
                  )
                }}
              />
              <Select
                label="Language"
                description="Dates, prices and the phrases the bot adds on its own"
                value={flow.locale ?? 'en-US'}
                data={LOCALES}
                allowDeselect={false}
                onChange={(locale) => st.change((f) => ({ ...f, locale: locale ?? 'en-US' }))}
              />
              <Text size="xs" c="dimmed">
                Flow id: <code>{flow.id}</code>
              </Text>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="variables">
            <Stack p="md">
              <ListField
                label="Variables"
                items={vars}
                max={500}
                addLabel="Add variable"
                path="variables"
                onAdd={() =>
                  st.setVariables([
                    ...vars,
                    {
                      name: freshId(
                        'var_',
                        vars.map((v) => v.name),
                      ),
                      type: 'text',
                      scope: 'conversation',
                    },
                  ])
                }
                onRemove={(i) => st.setVariables(removeAt(vars, i))}
                render={(v, i) => (
                  <>
                    <TextInput
                      label="Name"
                      aria-label={`Variable ${i + 1} name`}
                      value={v.name}
                      ff="monospace"
                      error={
                        /^[a-z][a-z0-9_]{0,63}$/.test(v.name)
                          ? undefined
                          : 'lowercase letters, digits and _'
                      }
                      onChange={(e) =>
                        setVar(i, {
                          ...v,
                          name: e.currentTarget.value.toLowerCase().replace(/[^a-z0-9_]/g, '_'),
                        })
                      }
                    />
                    <Group grow>
                      <Select
                        label="Type"
                        value={v.type}
                        allowDeselect={false}
                        data={[...VARIABLE_TYPES]}
                        onChange={(t) =>
                          setVar(i, { ...v, type: (t ?? 'text') as Variable['type'] })
                        }
                      />
                      <Select
                        label="Kept"
                        value={v.scope}
                        allowDeselect={false}
                        data={[
                          { value: 'conversation', label: 'This conversation' },
                          { value: 'contact', label: 'On the contact' },
                        ]}
                        onChange={(s) =>
                          setVar(i, { ...v, scope: (s ?? 'conversation') as Variable['scope'] })
                        }
                      />
                    </Group>
                    <Switch
                      size="xs"
                      label="Personal data"
                      checked={!!v.pii}
                      onChange={(e) =>
                        setVar(i, compact({ ...v, pii: e.currentTarget.checked || undefined }))
                      }
                    />
                  </>
                )}
              />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="resources">
            <Stack p="md" gap="lg">
              <ProductsEditor />
              <ListField
                label="Calendars"
                items={calendars}
                max={50}
                addLabel="Add calendar"
                path="resources.calendars"
                onAdd={() =>
                  setCalendars([
                    ...calendars,
                    {
                      id: freshId(
                        'calendar_',
                        calendars.map((c) => c.id),
                      ),
                      name: 'Appointments',
                      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
                      slotMinutes: 30,
                      bufferMinutes: 0,
                      capacity: 1,
                      weeklyHours: {
                        mon: [['09:00', '17:00']],
                        tue: [['09:00', '17:00']],
                        wed: [['09:00', '17:00']],
                        thu: [['09:00', '17:00']],
                        fri: [['09:00', '17:00']],
                      },
                    },
                  ])
                }
                onRemove={(i) => setCalendars(removeAt(calendars, i))}
                render={(c, i) => (
                  <>
                    <Group grow>
                      <TextInput
                        label="Id"
                        value={c.id}
                        ff="monospace"
                        onChange={(e) =>
                          setCalendars(
                            setAt(calendars, i, {
                              ...c,
                              id: e.currentTarget.value.replace(/[^A-Za-z0-9_-]/g, ''),
                            }),
                          )
                        }
                      />
                      <TextInput
                        label="Name"
                        value={c.name}
                        onChange={(e) =>
                          setCalendars(setAt(calendars, i, { ...c, name: e.currentTarget.value }))
                        }
                      />
                    </Group>
                    <Group grow>
                      <TextInput
                        label="Time zone"
                        value={c.timezone}
                        onChange={(e) =>
                          setCalendars(
                            setAt(calendars, i, { ...c, timezone: e.currentTarget.value }),
                          )
                        }
                      />
                      <NumberInput
                        label="Slot (min)"
                        value={c.slotMinutes}
                        min={5}
                        onChange={(v) =>
                          setCalendars(setAt(calendars, i, { ...c, slotMinutes: Number(v) || 30 }))
                        }
                      />
                      <NumberInput
                        label="Capacity"
                        value={c.capacity}
                        min={1}
                        onChange={(v) =>
                          setCalendars(setAt(calendars, i, { ...c, capacity: Number(v) || 1 }))
                        }
                      />
                    </Group>
                    {WEEKDAYS.map((d) => (
                      <TextInput
                        key={d}
                        size="xs"
                        label={d}
                        placeholder="closed"
                        value={(c.weeklyHours[d] ?? []).map(([a, b]) => `${a}-${b}`).join(', ')}
                        onChange={(e) => {
                          const parts = e.currentTarget.value
                            .split(',')
                            .map((s) => s.trim())
                            .filter(Boolean)
                            .map((s) => s.split('-').map((x) => x.trim()) as [string, string])
                          setCalendars(
                            setAt(calendars, i, {
                              ...c,
                              weeklyHours: compact({
                                ...c.weeklyHours,
                                [d]: parts.length ? parts : undefined,
                              }),
                            }),
                          )
                        }}
                      />
                    ))}
                  </>
                )}
              />
            </Stack>
          </Tabs.Panel>
        </ScrollArea>
      </Tabs>
    </Stack>
  )
}
