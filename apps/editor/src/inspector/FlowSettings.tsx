import { VARIABLE_TYPES, type Variable } from '@charla/flow-schema'
import {
  Group,
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
import { CalendarsEditor } from '../calendars/CalendarsEditor'

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
  const setVar = (i: number, v: Variable) => st.setVariables(setAt(vars, i, v))
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
              <CalendarsEditor />
            </Stack>
          </Tabs.Panel>
        </ScrollArea>
      </Tabs>
    </Stack>
  )
}
