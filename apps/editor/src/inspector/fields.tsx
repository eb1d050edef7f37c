import { BUILTIN_VARIABLES, countChars, type Variable } from '@charla/flow-schema'
import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { IconBraces, IconPlus, IconTrash } from '@tabler/icons-react'
import { createContext, useContext, useRef, type ReactNode } from 'react'
import { useEditor } from '../store/editorStore'

/** Problems of the inspected node, keyed by path relative to the node (`data.buttons[0].title`). */
export const FieldErrors = createContext<ReadonlyMap<string, string>>(new Map())

export function useFieldError(path: string): string | undefined {
  return useContext(FieldErrors).get(path)
}

/** Cuts text to `max` characters as people count them. */
export function limit(text: string, max: number): string {
  if (countChars(text) <= max) return text
  return Array.from(text).slice(0, max).join('')
}

export function Counter({ value, max }: { value: string; max: number }) {
  const n = countChars(value)
  return (
    <Text size="xs" c={n >= max ? 'red' : n > max * 0.9 ? 'orange' : 'dimmed'} aria-live="polite">
      {n}/{max}
    </Text>
  )
}

export function useVariableNames(): string[] {
  const vars = useEditor((s) => s.flow?.variables)
  return (vars ?? []).map((v) => v.name)
}

function VariableMenu({ onPick }: { onPick: (name: string) => void }) {
  const names = useVariableNames()
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <Tooltip label="Insert a variable">
          <ActionIcon variant="subtle" size="sm" aria-label="Insert a variable">
            <IconBraces size={14} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={280}>
          <Menu.Label>Flow variables</Menu.Label>
          {names.length === 0 ? <Menu.Item disabled>None declared yet</Menu.Item> : null}
          {names.map((n) => (
            <Menu.Item key={n} onClick={() => onPick(n)} ff="monospace" fz="xs">
              {n}
            </Menu.Item>
          ))}
          <Menu.Label>Built-in</Menu.Label>
          {BUILTIN_VARIABLES.map((n) => (
            <Menu.Item key={n} onClick={() => onPick(n)} ff="monospace" fz="xs">
              {n}
            </Menu.Item>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  )
}

/** A text that may hold `{{variables}}`: counter against the Messenger limit and a variable picker. */
export function TemplateField(props: {
  label: string
  value: string | undefined
  onChange: (value: string) => void
  max: number
  path: string
  multiline?: boolean
  placeholder?: string
  description?: string
  required?: boolean
}) {
  const { label, value = '', onChange, max, path, multiline } = props
  const error = useFieldError(path)
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const insert = (name: string) => {
    const el = ref.current
    const token = `{{${name}}}`
    const start = el?.selectionStart ?? value.length
    const end = el?.selectionEnd ?? value.length
    onChange(limit(value.slice(0, start) + token + value.slice(end), max))
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + token.length, start + token.length)
    })
  }
  const common = {
    ref,
    label: (
      <Group gap={6} justify="space-between" wrap="nowrap" w="100%">
        <span>{label}</span>
      </Group>
    ),
    value,
    placeholder: props.placeholder,
    description: props.description,
    required: props.required,
    error,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange(limit(e.currentTarget.value, max)),
    rightSection: <VariableMenu onPick={insert} />,
    rightSectionPointerEvents: 'all' as const,
    inputWrapperOrder: ['label', 'input', 'description', 'error'] as (
      'label' | 'input' | 'description' | 'error'
    )[],
  }
  return (
    <div className="ch-field">
      {multiline ? (
        <Textarea {...common} autosize minRows={2} maxRows={10} aria-label={label} />
      ) : (
        <TextInput {...common} aria-label={label} />
      )}
      <div className="ch-counter">
        <Counter value={value} max={max} />
      </div>
    </div>
  )
}

/** A short title with a hard limit (buttons, quick replies, cards). */
export function LimitedInput(props: {
  label: string
  value: string | undefined
  onChange: (value: string) => void
  max: number
  path: string
  placeholder?: string
}) {
  const error = useFieldError(props.path)
  const value = props.value ?? ''
  return (
    <TextInput
      label={props.label}
      aria-label={props.label}
      value={value}
      placeholder={props.placeholder}
      error={error}
      onChange={(e) => props.onChange(limit(e.currentTarget.value, props.max))}
      rightSection={<Counter value={value} max={props.max} />}
      rightSectionWidth={48}
    />
  )
}

/** A variable name: suggests declared variables, offers to declare a new one. */
export function VariableField(props: {
  label: string
  value: string | undefined
  onChange: (value: string) => void
  path: string
  allowBuiltins?: boolean
  declareAs?: Variable['type']
}) {
  const names = useVariableNames()
  const error = useFieldError(props.path)
  const value = props.value ?? ''
  const declared = names.includes(value) || (BUILTIN_VARIABLES as readonly string[]).includes(value)
  const canDeclare = !!value && !declared && /^[a-z][a-z0-9_]{0,63}$/.test(value)
  const declare = () => {
    const flow = useEditor.getState().flow
    if (!flow) return
    useEditor
      .getState()
      .setVariables([
        ...flow.variables,
        { name: value, type: props.declareAs ?? 'text', scope: 'contact' },
      ])
  }
  return (
    <Autocomplete
      label={props.label}
      aria-label={props.label}
      value={value}
      data={props.allowBuiltins ? [...names, ...BUILTIN_VARIABLES] : names}
      onChange={(v) => props.onChange(v.trim())}
      error={error ?? (canDeclare ? undefined : undefined)}
      description={canDeclare ? 'Not declared yet' : undefined}
      rightSection={
        canDeclare ? (
          <Tooltip label={`Declare “${value}” as a variable`}>
            <ActionIcon size="sm" variant="light" onClick={declare} aria-label={`Declare ${value}`}>
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        ) : null
      }
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  )
}

/** A list of items with add / remove and a maximum (Messenger limits). */
export function ListField<T>(props: {
  label: string
  items: readonly T[]
  max: number
  min?: number
  addLabel: string
  onAdd: () => void
  onRemove: (index: number) => void
  render: (item: T, index: number) => ReactNode
  path: string
  limitHint?: string
}) {
  const { items, max, min = 0 } = props
  const full = items.length >= max
  const error = useFieldError(props.path)
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {props.label}
        </Text>
        <Text size="xs" c={full ? 'orange' : 'dimmed'}>
          {items.length}/{max}
        </Text>
      </Group>
      {items.map((item, i) => (
        <Paper key={i} withBorder p="xs" radius="md" className="ch-list-item">
          <Group align="flex-start" gap={6} wrap="nowrap">
            <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
              {props.render(item, i)}
            </Stack>
            <Tooltip label="Remove">
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => props.onRemove(i)}
                disabled={items.length <= min}
                aria-label={`Remove ${props.label} ${i + 1}`}
              >
                <IconTrash size={15} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Paper>
      ))}
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : null}
      <Tooltip label={props.limitHint ?? `At most ${max}`} disabled={!full}>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={props.onAdd}
          disabled={full}
          data-disabled={full || undefined}
        >
          {props.addLabel}
        </Button>
      </Tooltip>
    </Stack>
  )
}

/** Replaces `arr[i]` immutably. */
export function setAt<T>(arr: readonly T[], i: number, value: T): T[] {
  return arr.map((x, j) => (j === i ? value : x))
}

export function removeAt<T>(arr: readonly T[], i: number): T[] {
  return arr.filter((_, j) => j !== i)
}

/** A fresh id like `btn_3` not in `taken`. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const set = new Set(taken)
  for (let i = 1; ; i++) if (!set.has(`${prefix}${i}`)) return `${prefix}${i}`
}

/** Drops keys whose value is undefined, so optional fields disappear from the JSON. */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T
}
