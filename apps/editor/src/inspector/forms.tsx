import {
  CONDITION_OPS,
  LIMITS,
  QUESTION_INPUTS,
  TRIGGER_ON,
  UNARY_OPS,
  type Button as FlowButton,
  type Card,
  type NodeOf,
  type NodeType,
  type QuickReply,
} from '@charla/flow-schema'
import {
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { useContext, type ComponentType } from 'react'
import { currencyOptions } from '../money'
import { useEditor } from '../store/editorStore'
import { productOptions } from './productOptions'
import {
  compact,
  freshId,
  LimitedInput,
  ListField,
  removeAt,
  setAt,
  TemplateField,
  FieldErrors,
  VariableField,
} from './fields'
import { weekSummary } from '../calendars/calendarValues'

export interface FormProps<T extends NodeType> {
  node: NodeOf<T>
  /** Merges a patch into the node's data (undefined removes a field); `key` merges keystrokes. */
  set: (patch: Partial<NodeOf<T>['data']>, key?: string) => void
}
type Forms = { [T in NodeType]: ComponentType<FormProps<T>> }

const num = (v: string | number) => (typeof v === 'number' ? v : v === '' ? undefined : Number(v))

function ButtonEditor(props: {
  button: FlowButton
  onChange: (b: FlowButton) => void
  path: string
}) {
  const { button: b, onChange, path } = props
  const errs = useErrs()
  return (
    <>
      <Group gap={6} grow wrap="nowrap">
        <LimitedInput
          label="Button title"
          value={b.title}
          max={LIMITS.buttonTitleChars}
          path={`${path}.title`}
          onChange={(title) => onChange({ ...b, title })}
        />
        <Select
          label="Does"
          aria-label="Button action"
          value={b.type}
          allowDeselect={false}
          data={[
            { value: 'postback', label: 'Go to a step' },
            { value: 'url', label: 'Open a link' },
            { value: 'call', label: 'Call a number' },
          ]}
          onChange={(v) =>
            onChange(
              compact({
                ...b,
                type: (v ?? 'postback') as FlowButton['type'],
                url: v === 'url' ? (b.url ?? 'https://') : undefined,
                phone: v === 'call' ? (b.phone ?? '+') : undefined,
              }),
            )
          }
        />
      </Group>
      {b.type === 'url' ? (
        <UrlInput
          label="Link"
          value={b.url}
          path={`${path}.url`}
          onChange={(url) => onChange({ ...b, url })}
        />
      ) : null}
      {b.type === 'call' ? (
        <TextInput
          label="Phone"
          value={b.phone ?? ''}
          error={errs(`${path}.phone`)}
          onChange={(e) => onChange({ ...b, phone: e.currentTarget.value })}
          placeholder="+34600111222"
        />
      ) : null}
    </>
  )
}

/** The inspected node's error lookup; call once at the top of a component. */
type Reminder = { afterMinutes: number; text: string }

/** A form's or a checkout's one reminder: off, or after so many minutes with its text. */
function ReminderFields(props: {
  label: string
  defaultText: string
  /** The lead form's must fall inside Messenger's 24-hour window. */
  maxMinutes?: number
  reminder: Reminder | undefined
  set: (reminder: Reminder | undefined, key?: string) => void
}) {
  const { reminder, set } = props
  return (
    <>
      <Switch
        label={props.label}
        checked={!!reminder}
        onChange={(e) =>
          set(e.currentTarget.checked ? { afterMinutes: 30, text: props.defaultText } : undefined)
        }
      />
      {reminder ? (
        <Group grow align="flex-start">
          <NumberInput
            label="After (minutes)"
            value={reminder.afterMinutes}
            min={1}
            max={props.maxMinutes}
            onChange={(v) => set({ ...reminder, afterMinutes: num(v) ?? 30 }, 'remA')}
          />
          <TemplateField
            label="Reminder"
            value={reminder.text}
            max={LIMITS.textChars}
            path="data.reminder.text"
            onChange={(text) => set({ ...reminder, text }, 'remT')}
          />
        </Group>
      ) : null}
    </>
  )
}

function useErrs(): (path: string) => string | undefined {
  const map = useContext(FieldErrors)
  return (path) => map.get(path)
}

function UrlInput(props: {
  label: string
  value: string | undefined
  path: string
  onChange: (v: string) => void
}) {
  const error = useErrs()(props.path)
  return (
    <TextInput
      label={props.label}
      value={props.value ?? ''}
      error={error}
      placeholder="https://"
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  )
}

function ButtonsField(props: {
  buttons: readonly FlowButton[]
  onChange: (b: FlowButton[] | undefined) => void
  path: string
  takenIds: string[]
}) {
  const { buttons, onChange, path } = props
  return (
    <ListField
      label="Buttons"
      items={buttons}
      max={LIMITS.buttons}
      addLabel="Add button"
      limitHint="Messenger shows 3 buttons at most"
      path={path}
      onAdd={() =>
        onChange([
          ...buttons,
          { id: freshId('btn_', props.takenIds), type: 'postback', title: 'Button' },
        ])
      }
      onRemove={(i) => onChange(buttons.length > 1 ? removeAt(buttons, i) : undefined)}
      render={(b, i) => (
        <ButtonEditor
          button={b}
          path={`${path}[${i}]`}
          onChange={(nb) => onChange(setAt(buttons, i, nb))}
        />
      )}
    />
  )
}

function messageIds(d: NodeOf<'message'>['data']): string[] {
  return [
    ...(d.buttons ?? []).map((b) => b.id),
    ...(d.quickReplies ?? []).map((q) => q.id),
    ...(d.cards ?? []).flatMap((c) => [c.id, ...(c.buttons ?? []).map((b) => b.id)]),
  ]
}

const MessageForm = ({ node, set }: FormProps<'message'>) => {
  const d = node.data
  const ids = messageIds(d)
  const textMax = d.buttons?.length ? LIMITS.buttonTextChars : LIMITS.textChars
  const qrs = d.quickReplies ?? []
  const cards = d.cards ?? []
  const atts = d.attachments ?? []
  return (
    <Stack gap="md">
      <TemplateField
        label="Text"
        value={d.text}
        max={textMax}
        path="data.text"
        multiline
        description={
          d.buttons?.length ? 'With buttons, Messenger allows 640 characters' : undefined
        }
        onChange={(text) => set({ text: text || undefined }, 'text')}
      />
      <ButtonsField
        buttons={d.buttons ?? []}
        path="data.buttons"
        takenIds={ids}
        onChange={(buttons) => set({ buttons }, 'buttons')}
      />
      <ListField
        label="Quick replies"
        items={qrs}
        max={LIMITS.quickReplies}
        addLabel="Add quick reply"
        limitHint="Messenger shows 13 quick replies at most"
        path="data.quickReplies"
        onAdd={() => set({ quickReplies: [...qrs, { id: freshId('qr_', ids), title: 'Reply' }] })}
        onRemove={(i) => set({ quickReplies: qrs.length > 1 ? removeAt(qrs, i) : undefined })}
        render={(q, i) => (
          <>
            <SegmentedControl
              size="xs"
              value={q.type ?? 'text'}
              aria-label="Quick reply kind"
              data={[
                { value: 'text', label: 'Text' },
                { value: 'user_email', label: 'Email' },
                { value: 'user_phone_number', label: 'Phone' },
              ]}
              onChange={(v) => {
                const next: QuickReply =
                  v === 'text'
                    ? { id: q.id, title: q.title ?? 'Reply' }
                    : { id: q.id, type: v as 'user_email' }
                set({ quickReplies: setAt(qrs, i, next) })
              }}
            />
            {q.type ? (
              <Text size="xs" c="dimmed">
                Messenger offers the person’s {q.type === 'user_email' ? 'email' : 'phone number'}.
              </Text>
            ) : (
              <LimitedInput
                label="Title"
                value={q.title}
                max={LIMITS.quickReplyTitleChars}
                path={`data.quickReplies[${i}].title`}
                onChange={(title) =>
                  set({ quickReplies: setAt(qrs, i, { ...q, title }) }, `qr${i}`)
                }
              />
            )}
          </>
        )}
      />
      <ListField
        label="Cards (carousel)"
        items={cards}
        max={LIMITS.cards}
        addLabel="Add card"
        limitHint="A carousel holds 10 cards at most"
        path="data.cards"
        onAdd={() =>
          set({
            cards: [
              ...cards,
              { id: freshId('card_', ids), title: 'Card title', subtitle: 'Subtitle' },
            ],
          })
        }
        onRemove={(i) => set({ cards: cards.length > 1 ? removeAt(cards, i) : undefined })}
        render={(c: Card, i) => (
          <>
            <LimitedInput
              label="Title"
              value={c.title}
              max={LIMITS.cardTitleChars}
              path={`data.cards[${i}].title`}
              onChange={(title) => set({ cards: setAt(cards, i, { ...c, title }) }, `card${i}t`)}
            />
            <LimitedInput
              label="Subtitle"
              value={c.subtitle}
              max={LIMITS.cardSubtitleChars}
              path={`data.cards[${i}].subtitle`}
              onChange={(subtitle) =>
                set(
                  { cards: setAt(cards, i, compact({ ...c, subtitle: subtitle || undefined })) },
                  `card${i}s`,
                )
              }
            />
            <UrlInput
              label="Image URL"
              value={c.imageUrl}
              path={`data.cards[${i}].imageUrl`}
              onChange={(imageUrl) =>
                set(
                  { cards: setAt(cards, i, compact({ ...c, imageUrl: imageUrl || undefined })) },
                  `card${i}i`,
                )
              }
            />
            <ButtonsField
              buttons={c.buttons ?? []}
              path={`data.cards[${i}].buttons`}
              takenIds={ids}
              onChange={(buttons) => set({ cards: setAt(cards, i, compact({ ...c, buttons })) })}
            />
          </>
        )}
      />
      <ListField
        label="Attachments"
        items={atts}
        max={10}
        addLabel="Add attachment"
        path="data.attachments"
        onAdd={() => set({ attachments: [...atts, { type: 'image', url: 'https://' }] })}
        onRemove={(i) => set({ attachments: atts.length > 1 ? removeAt(atts, i) : undefined })}
        render={(a, i) => (
          <>
            <Select
              label="Type"
              value={a.type}
              allowDeselect={false}
              data={['image', 'video', 'audio', 'file']}
              onChange={(v) =>
                set({
                  attachments: setAt(atts, i, { ...a, type: (v ?? 'image') as typeof a.type }),
                })
              }
            />
            <UrlInput
              label="URL"
              value={a.url}
              path={`data.attachments[${i}].url`}
              onChange={(url) => set({ attachments: setAt(atts, i, { ...a, url }) }, `att${i}`)}
            />
          </>
        )}
      />
      <Group grow>
        <NumberInput
          label="Typing indicator (ms)"
          value={d.typingMs ?? ''}
          min={0}
          max={LIMITS.typingMs}
          step={500}
          onChange={(v) => set({ typingMs: num(v) }, 'typing')}
        />
        <Select
          label="Message tag"
          description="Only outside the 24 h window"
          clearable
          value={d.tag ?? null}
          data={['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']}
          onChange={(v) => set({ tag: (v ?? undefined) as typeof d.tag })}
        />
      </Group>
    </Stack>
  )
}

const TriggerForm = ({ node, set }: FormProps<'trigger'>) => {
  const errs = useErrs()
  const d = node.data
  return (
    <Stack gap="md">
      <Select
        label="Starts when"
        value={d.on}
        allowDeselect={false}
        data={[
          { value: 'get_started', label: 'The person taps Get Started' },
          { value: 'ref', label: 'They open an m.me link or ad' },
          { value: 'keyword', label: 'They send a keyword' },
          { value: 'postback', label: 'They tap a menu item' },
          { value: 'comment', label: 'They comment on a post' },
          { value: 'default', label: 'Anything else (default reply)' },
        ].filter((o) => (TRIGGER_ON as readonly string[]).includes(o.value))}
        onChange={(v) => set({ on: (v ?? 'get_started') as typeof d.on })}
      />
      {d.on === 'ref' ? (
        <TextInput
          label="Ref"
          value={d.ref ?? ''}
          error={errs('data.ref')}
          onChange={(e) => set({ ref: e.currentTarget.value || undefined }, 'ref')}
        />
      ) : null}
      {d.on === 'keyword' || d.on === 'comment' ? (
        <>
          <TagsInput
            label="Keywords"
            value={d.keywords ?? []}
            error={errs('data.keywords')}
            onChange={(keywords) => set({ keywords: keywords.length ? keywords : undefined })}
          />
          <SegmentedControl
            value={d.match ?? 'exact'}
            data={[
              { value: 'exact', label: 'Exact' },
              { value: 'contains', label: 'Contains' },
            ]}
            onChange={(v) => set({ match: v as 'exact' })}
          />
        </>
      ) : null}
      {d.on === 'postback' ? (
        <TextInput
          label="Payload"
          value={d.payload ?? ''}
          error={errs('data.payload')}
          onChange={(e) => set({ payload: e.currentTarget.value || undefined }, 'payload')}
        />
      ) : null}
      {d.on === 'comment' ? (
        <>
          <TextInput
            label="Post id (optional)"
            value={d.postId ?? ''}
            onChange={(e) => set({ postId: e.currentTarget.value || undefined }, 'post')}
          />
          <TemplateField
            label="Private reply"
            value={d.privateReply}
            max={LIMITS.textChars}
            path="data.privateReply"
            multiline
            onChange={(privateReply) => set({ privateReply: privateReply || undefined }, 'pr')}
          />
        </>
      ) : null}
    </Stack>
  )
}

const INPUT_LABELS = {
  text: 'Text',
  email: 'Email',
  phone: 'Phone',
  number: 'Number',
  date: 'Date',
  choice: 'Choice',
}

const QuestionForm = ({ node, set }: FormProps<'question'>) => {
  const errs = useErrs()
  const d = node.data
  return (
    <Stack gap="md">
      <TemplateField
        label="Question"
        value={d.text}
        max={LIMITS.textChars}
        path="data.text"
        multiline
        onChange={(text) => set({ text }, 'text')}
      />
      <Group grow>
        <Select
          label="Answer type"
          value={d.input}
          allowDeselect={false}
          data={QUESTION_INPUTS.map((v) => ({ value: v, label: INPUT_LABELS[v] }))}
          onChange={(v) =>
            set({
              input: (v ?? 'text') as typeof d.input,
              ...(v === 'email' || v === 'phone' ? {} : { suggestFromProfile: undefined }),
            })
          }
        />
        <VariableField
          label="Save answer to"
          value={d.variable}
          path="data.variable"
          declareAs={
            d.input === 'number'
              ? 'number'
              : d.input === 'email'
                ? 'email'
                : d.input === 'phone'
                  ? 'phone'
                  : d.input === 'date'
                    ? 'date'
                    : 'text'
          }
          onChange={(variable) => set({ variable }, 'var')}
        />
      </Group>
      {d.input === 'choice' ? (
        <TagsInput
          label="Choices (shown as quick replies)"
          description={`Up to ${LIMITS.quickReplies}, ${LIMITS.quickReplyTitleChars} characters each`}
          value={d.choices ?? []}
          maxTags={LIMITS.quickReplies}
          error={errs('data.choices')}
          onChange={(c) =>
            set({
              choices: c.length ? c.map((x) => x.slice(0, LIMITS.quickReplyTitleChars)) : undefined,
            })
          }
        />
      ) : null}
      {d.input === 'email' || d.input === 'phone' ? (
        <Switch
          label="Suggest from the person’s profile"
          checked={!!d.suggestFromProfile}
          onChange={(e) => set({ suggestFromProfile: e.currentTarget.checked || undefined })}
        />
      ) : null}
      <TemplateField
        label="Retry text"
        value={d.retryText}
        max={LIMITS.textChars}
        path="data.retryText"
        placeholder="Built-in phrase for the flow’s language"
        onChange={(retryText) => set({ retryText: retryText || undefined }, 'retry')}
      />
      <NumberInput
        label="Retries before “invalid”"
        value={d.maxRetries ?? 2}
        min={0}
        max={10}
        onChange={(v) => set({ maxRetries: num(v) })}
      />
    </Stack>
  )
}

const ConditionForm = ({ node, set }: FormProps<'condition'>) => {
  const errs = useErrs()
  const branches = node.data.branches
  return (
    <ListField
      label="Branches (checked in order)"
      items={branches}
      max={20}
      min={1}
      addLabel="Add branch"
      path="data.branches"
      onAdd={() =>
        set({
          branches: [
            ...branches,
            {
              id: freshId(
                'b',
                branches.map((b) => b.id),
              ),
              label: `Branch ${branches.length + 1}`,
              match: 'all',
              rules: [{ variable: 'email', op: 'is_set' }],
            },
          ],
        })
      }
      onRemove={(i) => set({ branches: removeAt(branches, i) })}
      render={(b, i) => {
        const put = (nb: typeof b, key?: string) => set({ branches: setAt(branches, i, nb) }, key)
        return (
          <>
            <Group grow>
              <TextInput
                label="Label"
                value={b.label}
                onChange={(e) => put({ ...b, label: e.currentTarget.value.slice(0, 80) }, `b${i}l`)}
              />
              <Select
                label="Match"
                value={b.match}
                allowDeselect={false}
                data={[
                  { value: 'all', label: 'All rules' },
                  { value: 'any', label: 'Any rule' },
                ]}
                onChange={(v) => put({ ...b, match: (v ?? 'all') as 'all' })}
              />
            </Group>
            <ListField
              label="Rules"
              items={b.rules}
              max={50}
              min={1}
              addLabel="Add rule"
              path={`data.branches[${i}].rules`}
              onAdd={() => put({ ...b, rules: [...b.rules, { variable: 'email', op: 'is_set' }] })}
              onRemove={(j) => put({ ...b, rules: removeAt(b.rules, j) })}
              render={(r, j) => (
                <>
                  <VariableField
                    label="Variable"
                    allowBuiltins
                    value={r.variable}
                    path={`data.branches[${i}].rules[${j}].variable`}
                    onChange={(variable) =>
                      put({ ...b, rules: setAt(b.rules, j, { ...r, variable }) }, `r${i}${j}v`)
                    }
                  />
                  <Group grow>
                    <Select
                      label="Operator"
                      value={r.op}
                      allowDeselect={false}
                      data={[...CONDITION_OPS]}
                      onChange={(v) =>
                        put({
                          ...b,
                          rules: setAt(
                            b.rules,
                            j,
                            compact({
                              ...r,
                              op: (v ?? 'eq') as typeof r.op,
                              value: UNARY_OPS.includes(v as typeof r.op)
                                ? undefined
                                : (r.value ?? ''),
                            }),
                          ),
                        })
                      }
                    />
                    {UNARY_OPS.includes(r.op) ? null : (
                      <TextInput
                        label="Value"
                        value={String(r.value ?? '')}
                        error={errs(`data.branches[${i}].rules[${j}].value`)}
                        onChange={(e) =>
                          put(
                            {
                              ...b,
                              rules: setAt(b.rules, j, { ...r, value: e.currentTarget.value }),
                            },
                            `r${i}${j}x`,
                          )
                        }
                      />
                    )}
                  </Group>
                </>
              )}
            />
          </>
        )
      }}
    />
  )
}

const SetVariableForm = ({ node, set }: FormProps<'set_variable'>) => {
  const list = node.data.assignments
  return (
    <ListField
      label="Assignments"
      items={list}
      max={50}
      min={1}
      addLabel="Add assignment"
      path="data.assignments"
      onAdd={() => set({ assignments: [...list, { variable: 'counter', op: 'set', value: '' }] })}
      onRemove={(i) => set({ assignments: removeAt(list, i) })}
      render={(a, i) => (
        <>
          <VariableField
            label="Variable"
            value={a.variable}
            path={`data.assignments[${i}].variable`}
            onChange={(variable) =>
              set({ assignments: setAt(list, i, { ...a, variable }) }, `a${i}v`)
            }
          />
          <Group grow>
            <Select
              label="Operation"
              value={a.op}
              allowDeselect={false}
              data={['set', 'increment', 'append', 'clear']}
              onChange={(v) =>
                set({
                  assignments: setAt(
                    list,
                    i,
                    compact({
                      ...a,
                      op: (v ?? 'set') as typeof a.op,
                      value:
                        v === 'clear' ? undefined : v === 'increment' ? 1 : String(a.value ?? ''),
                    }),
                  ),
                })
              }
            />
            {a.op === 'clear' ? null : a.op === 'increment' ? (
              <NumberInput
                label="By"
                value={typeof a.value === 'number' ? a.value : 1}
                onChange={(v) =>
                  set({ assignments: setAt(list, i, { ...a, value: num(v) ?? 1 }) }, `a${i}n`)
                }
              />
            ) : (
              <TemplateField
                label="Value"
                value={String(a.value ?? '')}
                max={LIMITS.textChars}
                path={`data.assignments[${i}].value`}
                onChange={(value) =>
                  set({ assignments: setAt(list, i, { ...a, value }) }, `a${i}x`)
                }
              />
            )}
          </Group>
        </>
      )}
    />
  )
}

const TagForm = ({ node, set }: FormProps<'tag'>) => {
  const errs = useErrs()
  return (
    <Stack gap="md">
      <TagsInput
        label="Add tags"
        value={node.data.add ?? []}
        error={errs('data')}
        onChange={(add) => set({ add: add.length ? add : undefined })}
      />
      <TagsInput
        label="Remove tags"
        value={node.data.remove ?? []}
        onChange={(remove) => set({ remove: remove.length ? remove : undefined })}
      />
    </Stack>
  )
}

const DelayForm = ({ node, set }: FormProps<'delay'>) => {
  const errs = useErrs()
  return (
    <Group grow align="flex-start">
      <NumberInput
        label="Wait"
        value={node.data.amount}
        min={1}
        error={errs('data.amount')}
        onChange={(v) => set({ amount: num(v) ?? 1 }, 'amount')}
      />
      <Select
        label="Unit"
        value={node.data.unit}
        allowDeselect={false}
        data={['seconds', 'minutes', 'hours', 'days']}
        onChange={(v) => set({ unit: (v ?? 'minutes') as 'minutes' })}
      />
    </Group>
  )
}

const SplitForm = ({ node, set }: FormProps<'split'>) => {
  const errs = useErrs()
  const arms = node.data.arms
  return (
    <ListField
      label="Arms"
      items={arms}
      max={10}
      min={2}
      addLabel="Add arm"
      path="data.arms"
      onAdd={() =>
        set({
          arms: [
            ...arms,
            {
              id: freshId(
                'arm',
                arms.map((a) => a.id),
              ),
              weight: 50,
            },
          ],
        })
      }
      onRemove={(i) => set({ arms: removeAt(arms, i) })}
      render={(a, i) => (
        <Group grow>
          <TextInput
            label="Name"
            value={a.id}
            error={errs(`data.arms[${i}].id`)}
            onChange={(e) =>
              set(
                {
                  arms: setAt(arms, i, {
                    ...a,
                    id: e.currentTarget.value.replace(/[^A-Za-z0-9_-]/g, ''),
                  }),
                },
                `arm${i}`,
              )
            }
          />
          <NumberInput
            label="Weight"
            value={a.weight}
            min={0}
            onChange={(v) => set({ arms: setAt(arms, i, { ...a, weight: num(v) ?? 0 }) }, `w${i}`)}
          />
        </Group>
      )}
    />
  )
}

const HttpRequestForm = ({ node, set }: FormProps<'http_request'>) => {
  const errs = useErrs()
  const d = node.data
  const headers = Object.entries(d.headers ?? {})
  const save = d.save ?? []
  const putHeaders = (h: [string, string][]) =>
    set({ headers: h.length ? Object.fromEntries(h) : undefined }, 'headers')
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <Select
          label="Method"
          value={d.method}
          allowDeselect={false}
          data={['GET', 'POST', 'PUT', 'PATCH', 'DELETE']}
          onChange={(v) => set({ method: (v ?? 'GET') as 'GET' })}
          style={{ maxWidth: 110 }}
        />
        <TemplateField
          label="URL"
          value={d.url}
          max={2048}
          path="data.url"
          onChange={(url) => set({ url }, 'url')}
        />
      </Group>
      <ListField
        label="Headers"
        items={headers}
        max={30}
        addLabel="Add header"
        path="data.headers"
        onAdd={() => putHeaders([...headers, [`X-Header-${headers.length + 1}`, '']])}
        onRemove={(i) => putHeaders(removeAt(headers, i))}
        render={([k, v], i) => (
          <Group grow>
            <TextInput
              label="Name"
              value={k}
              onChange={(e) => putHeaders(setAt(headers, i, [e.currentTarget.value, v]))}
            />
            <TextInput
              label="Value"
              value={v}
              onChange={(e) => putHeaders(setAt(headers, i, [k, e.currentTarget.value]))}
            />
          </Group>
        )}
      />
      {d.method !== 'GET' ? (
        <Textarea
          label="Body (JSON, may use {{variables}})"
          value={d.body ?? ''}
          autosize
          minRows={3}
          ff="monospace"
          onChange={(e) => set({ body: e.currentTarget.value || undefined }, 'body')}
        />
      ) : null}
      <NumberInput
        label="Timeout (ms)"
        value={d.timeoutMs ?? 10000}
        min={100}
        max={30000}
        step={1000}
        onChange={(v) => set({ timeoutMs: num(v) }, 'timeout')}
      />
      <ListField
        label="Save from the response"
        items={save}
        max={50}
        addLabel="Add mapping"
        path="data.save"
        onAdd={() => set({ save: [...save, { path: 'data.id', variable: 'result' }] })}
        onRemove={(i) => set({ save: save.length > 1 ? removeAt(save, i) : undefined })}
        render={(s, i) => (
          <Group grow>
            <TextInput
              label="JSON path"
              value={s.path}
              error={errs(`data.save[${i}].path`)}
              onChange={(e) =>
                set({ save: setAt(save, i, { ...s, path: e.currentTarget.value }) }, `s${i}p`)
              }
            />
            <VariableField
              label="Variable"
              value={s.variable}
              path={`data.save[${i}].variable`}
              onChange={(variable) => set({ save: setAt(save, i, { ...s, variable }) }, `s${i}v`)}
            />
          </Group>
        )}
      />
    </Stack>
  )
}

const HandoffForm = ({ node, set }: FormProps<'handoff'>) => {
  return (
    <Stack gap="md">
      <TemplateField
        label="Message to the person"
        value={node.data.text}
        max={LIMITS.textChars}
        path="data.text"
        multiline
        onChange={(text) => set({ text: text || undefined }, 'text')}
      />
      <NumberInput
        label="Bot resumes after (minutes)"
        description="Empty: the bot never takes back over"
        value={node.data.resumeAfterMinutes ?? ''}
        min={1}
        max={10080}
        onChange={(v) => set({ resumeAfterMinutes: num(v) }, 'resume')}
      />
    </Stack>
  )
}

const JumpForm = ({ node, set }: FormProps<'jump'>) => {
  const errs = useErrs()
  const nodes = useEditor((s) => s.flow?.nodes)
  const t = node.data.target
  const options = (nodes ?? [])
    .filter((n) => n.id !== node.id)
    .map((n) => ({ value: n.id, label: `${n.label ?? n.id} (${n.type})` }))
  return (
    <Stack gap="md">
      <SegmentedControl
        value={typeof t === 'string' ? 'here' : 'other'}
        data={[
          { value: 'here', label: 'This flow' },
          { value: 'other', label: 'Another flow' },
        ]}
        onChange={(v) =>
          set({ target: v === 'here' ? (options[0]?.value ?? 'start') : { flowId: 'other_flow' } })
        }
      />
      {typeof t === 'string' ? (
        <Select
          label="Go to"
          searchable
          value={t}
          data={options}
          error={errs('data.target')}
          onChange={(v) => set({ target: v ?? t })}
        />
      ) : (
        <Group grow>
          <TextInput
            label="Flow id"
            value={t.flowId}
            onChange={(e) => set({ target: { ...t, flowId: e.currentTarget.value } }, 'fid')}
          />
          <TextInput
            label="Node id (optional)"
            value={t.nodeId ?? ''}
            onChange={(e) =>
              set({ target: compact({ ...t, nodeId: e.currentTarget.value || undefined }) }, 'nid')
            }
          />
        </Group>
      )}
    </Stack>
  )
}

const EndForm = ({ node, set }: FormProps<'end'>) => {
  return (
    <TemplateField
      label="Closing message (optional)"
      value={node.data.text}
      max={LIMITS.textChars}
      path="data.text"
      multiline
      onChange={(text) => set({ text: text || undefined }, 'text')}
    />
  )
}

const LeadFormForm = ({ node, set }: FormProps<'lead_form'>) => {
  const d = node.data
  const fields = d.fields
  return (
    <Stack gap="md">
      <TemplateField
        label="Introduction"
        value={d.intro}
        max={LIMITS.textChars}
        path="data.intro"
        multiline
        onChange={(intro) => set({ intro: intro || undefined }, 'intro')}
      />
      <ListField
        label="Fields"
        items={fields}
        max={30}
        min={1}
        addLabel="Add field"
        path="data.fields"
        onAdd={() =>
          set({
            fields: [
              ...fields,
              {
                id: freshId(
                  'f',
                  fields.map((f) => f.id),
                ),
                variable: `field_${fields.length + 1}`,
                prompt: 'Your answer?',
                input: 'text',
                required: true,
              },
            ],
          })
        }
        onRemove={(i) => set({ fields: removeAt(fields, i) })}
        render={(f, i) => {
          const put = (nf: typeof f, key?: string) => set({ fields: setAt(fields, i, nf) }, key)
          return (
            <>
              <TemplateField
                label="Prompt"
                value={f.prompt}
                max={LIMITS.textChars}
                path={`data.fields[${i}].prompt`}
                onChange={(prompt) => put({ ...f, prompt }, `f${i}p`)}
              />
              <Group grow>
                <Select
                  label="Type"
                  value={f.input}
                  allowDeselect={false}
                  data={QUESTION_INPUTS.map((v) => ({ value: v, label: INPUT_LABELS[v] }))}
                  onChange={(v) =>
                    put(
                      compact({
                        ...f,
                        input: (v ?? 'text') as typeof f.input,
                        choices: v === 'choice' ? (f.choices ?? ['Yes', 'No']) : undefined,
                      }),
                    )
                  }
                />
                <VariableField
                  label="Saves to"
                  value={f.variable}
                  path={`data.fields[${i}].variable`}
                  onChange={(variable) => put({ ...f, variable }, `f${i}v`)}
                />
              </Group>
              {f.input === 'choice' ? (
                <TagsInput
                  label="Choices"
                  value={f.choices ?? []}
                  maxTags={LIMITS.quickReplies}
                  onChange={(c) =>
                    put(
                      compact({
                        ...f,
                        choices: c.length ? c.map((x) => x.slice(0, 20)) : undefined,
                      }),
                    )
                  }
                />
              ) : null}
              <Checkbox
                label="Required"
                checked={f.required}
                onChange={(e) => put({ ...f, required: e.currentTarget.checked })}
              />
            </>
          )
        }}
      />
      <Switch
        label="Ask for consent"
        checked={!!d.consent}
        onChange={(e) =>
          set({
            consent: e.currentTarget.checked
              ? { text: 'May we contact you about our offers?', required: true }
              : undefined,
          })
        }
      />
      {d.consent ? (
        <>
          <TemplateField
            label="Consent question"
            value={d.consent.text}
            max={LIMITS.buttonTextChars}
            path="data.consent.text"
            onChange={(text) => set({ consent: { ...d.consent!, text } }, 'consent')}
          />
          <Checkbox
            label="Consent required to continue"
            checked={d.consent.required}
            onChange={(e) => set({ consent: { ...d.consent!, required: e.currentTarget.checked } })}
          />
        </>
      ) : null}
      <ReminderFields
        label="Remind if they stop halfway"
        defaultText="Still there? Just a few more questions."
        maxMinutes={1439}
        reminder={d.reminder}
        set={(reminder, key) => set({ reminder }, key)}
      />
      <TemplateField
        label="Completion message"
        value={d.completion}
        max={LIMITS.textChars}
        path="data.completion"
        multiline
        onChange={(completion) => set({ completion }, 'completion')}
      />
      <UrlInput
        label="Send leads to a CRM webhook (optional)"
        value={d.webhook?.url}
        path="data.webhook.url"
        onChange={(url) => set({ webhook: url ? { url } : undefined }, 'hook')}
      />
    </Stack>
  )
}

const BookingForm = ({ node, set }: FormProps<'booking'>) => {
  const errs = useErrs()
  const d = node.data
  const calendars = useEditor((s) => s.flow?.resources.calendars) ?? []
  return (
    <Stack gap="md">
      <Select
        label="Calendar"
        value={d.calendarId}
        data={[...new Set([...calendars.map((c) => c.id), d.calendarId])].map((id) => ({
          value: id,
          label: calendars.find((c) => c.id === id)?.name ?? `${id} (missing)`,
        }))}
        description={(() => {
          const c = calendars.find((x) => x.id === d.calendarId)
          return c
            ? `${c.timezone} · ${weekSummary(c)}`
            : 'Add calendars in Flow settings → Resources (click the empty canvas)'
        })()}
        error={errs('data.calendarId')}
        onChange={(v) => set({ calendarId: v ?? d.calendarId })}
      />
      <Group grow>
        <TextInput
          label="Service"
          value={d.service.name}
          onChange={(e) =>
            set({ service: { ...d.service, name: e.currentTarget.value.slice(0, 80) } }, 'svc')
          }
        />
        <NumberInput
          label="Duration (min)"
          value={d.service.durationMinutes}
          min={5}
          max={1440}
          onChange={(v) => set({ service: { ...d.service, durationMinutes: num(v) ?? 30 } }, 'dur')}
        />
      </Group>
      <TemplateField
        label="Prompt"
        value={d.prompt}
        max={LIMITS.textChars}
        path="data.prompt"
        multiline
        onChange={(prompt) => set({ prompt }, 'prompt')}
      />
      <NumberInput
        label="Days ahead to offer"
        value={d.daysAhead}
        min={1}
        max={365}
        onChange={(v) => set({ daysAhead: num(v) ?? 14 }, 'days')}
      />
      <TemplateField
        label="Confirmation"
        value={d.confirmation}
        max={LIMITS.buttonTextChars}
        path="data.confirmation"
        multiline
        onChange={(confirmation) => set({ confirmation }, 'conf')}
      />
      <ListField
        label="Reminders"
        items={d.reminders}
        max={5}
        addLabel="Add reminder"
        path="data.reminders"
        onAdd={() =>
          set({ reminders: [...d.reminders, { beforeMinutes: 60, text: 'See you in an hour!' }] })
        }
        onRemove={(i) => set({ reminders: removeAt(d.reminders, i) })}
        render={(r, i) => (
          <>
            <NumberInput
              label="Minutes before"
              value={r.beforeMinutes}
              min={1}
              onChange={(v) =>
                set(
                  { reminders: setAt(d.reminders, i, { ...r, beforeMinutes: num(v) ?? 60 }) },
                  `r${i}m`,
                )
              }
            />
            <TemplateField
              label="Text"
              value={r.text}
              max={LIMITS.textChars}
              path={`data.reminders[${i}].text`}
              onChange={(text) =>
                set({ reminders: setAt(d.reminders, i, { ...r, text }) }, `r${i}t`)
              }
            />
          </>
        )}
      />
      <Group>
        <Switch
          label="Allow cancel"
          checked={d.allowCancel}
          onChange={(e) => set({ allowCancel: e.currentTarget.checked })}
        />
        <Switch
          label="Allow reschedule"
          checked={d.allowReschedule}
          onChange={(e) => set({ allowReschedule: e.currentTarget.checked })}
        />
      </Group>
    </Stack>
  )
}

const CatalogForm = ({ node, set }: FormProps<'catalog'>) => {
  const errs = useErrs()
  const d = node.data
  const products = useEditor((s) => s.flow?.resources.products) ?? []
  const locale = useEditor((s) => s.flow?.locale) ?? 'en-US'
  return (
    <Stack gap="md">
      <TemplateField
        label="Introduction"
        value={d.text}
        max={LIMITS.textChars}
        path="data.text"
        onChange={(text) => set({ text: text || undefined }, 'text')}
      />
      <MultiSelect
        label="Products (one card each)"
        value={d.productIds}
        maxValues={LIMITS.cards}
        data={productOptions(products, d.productIds, locale)}
        searchable
        nothingFoundMessage="Add products in Flow settings → Resources"
        error={errs('data.productIds')}
        onChange={(productIds) => set({ productIds })}
      />
      <LimitedInput
        label="Button title"
        value={d.buttonTitle}
        max={LIMITS.buttonTitleChars}
        path="data.buttonTitle"
        onChange={(buttonTitle) => set({ buttonTitle }, 'btn')}
      />
      <Group grow>
        <VariableField
          label="Cart variable"
          value={d.cartVariable}
          path="data.cartVariable"
          declareAs="list"
          onChange={(cartVariable) => set({ cartVariable }, 'cart')}
        />
        <Select
          label="Mode"
          value={d.mode}
          allowDeselect={false}
          data={[
            { value: 'single', label: 'Buy one' },
            { value: 'cart', label: 'Cart' },
          ]}
          onChange={(v) => set({ mode: (v ?? 'single') as 'single' })}
        />
      </Group>
    </Stack>
  )
}

const CheckoutForm = ({ node, set }: FormProps<'checkout'>) => {
  const errs = useErrs()
  const d = node.data
  const products = useEditor((s) => s.flow?.resources.products) ?? []
  const locale = useEditor((s) => s.flow?.locale) ?? 'en-US'
  const items = d.items ?? []
  return (
    <Stack gap="md">
      <SegmentedControl
        value={d.cartVariable !== undefined ? 'cart' : 'items'}
        data={[
          { value: 'cart', label: 'From a cart' },
          { value: 'items', label: 'Fixed items' },
        ]}
        onChange={(v) =>
          set(
            v === 'cart'
              ? { cartVariable: 'cart', items: undefined }
              : {
                  cartVariable: undefined,
                  items: [{ productId: products[0]?.id ?? 'product_1', quantity: 1 }],
                },
          )
        }
      />
      {d.cartVariable !== undefined ? (
        <VariableField
          label="Cart variable"
          value={d.cartVariable}
          path="data.cartVariable"
          declareAs="list"
          onChange={(cartVariable) => set({ cartVariable }, 'cart')}
        />
      ) : (
        <ListField
          label="Items"
          items={items}
          max={100}
          min={1}
          addLabel="Add item"
          path="data.items"
          onAdd={() =>
            set({ items: [...items, { productId: products[0]?.id ?? 'product_1', quantity: 1 }] })
          }
          onRemove={(i) => set({ items: removeAt(items, i) })}
          render={(it, i) => (
            <Group grow>
              <Select
                label="Product"
                value={it.productId}
                data={productOptions(products, [it.productId], locale)}
                searchable
                allowDeselect={false}
                onChange={(v) =>
                  set({ items: setAt(items, i, { ...it, productId: v ?? it.productId }) })
                }
              />
              <NumberInput
                label="Quantity"
                value={it.quantity}
                min={1}
                max={1000}
                onChange={(v) =>
                  set({ items: setAt(items, i, { ...it, quantity: num(v) ?? 1 }) }, `q${i}`)
                }
              />
            </Group>
          )}
        />
      )}
      <Group grow>
        <Select
          label="Currency"
          value={d.currency}
          searchable
          allowDeselect={false}
          data={currencyOptions(locale)}
          error={errs('data.currency')}
          onChange={(v) => set({ currency: v ?? d.currency })}
        />
        <Select
          label="Payment"
          value={d.provider}
          allowDeselect={false}
          data={[
            { value: 'stripe', label: 'Stripe' },
            { value: 'paypal', label: 'PayPal' },
            { value: 'choice', label: 'Let them choose' },
          ]}
          onChange={(v) => set({ provider: (v ?? 'stripe') as 'stripe' })}
        />
      </Group>
      <TemplateField
        label="Message"
        value={d.text}
        max={LIMITS.buttonTextChars}
        path="data.text"
        onChange={(text) => set({ text: text || undefined }, 'text')}
      />
      <LimitedInput
        label="Pay button"
        value={d.buttonText}
        max={LIMITS.buttonTitleChars}
        path="data.buttonText"
        onChange={(buttonText) => set({ buttonText }, 'btn')}
      />
      <Text size="sm" fw={600}>
        Collect
      </Text>
      <Group>
        <Checkbox
          label="Shipping address"
          checked={d.collect.shippingAddress}
          onChange={(e) =>
            set({ collect: { ...d.collect, shippingAddress: e.currentTarget.checked } })
          }
        />
        <Checkbox
          label="Email"
          checked={d.collect.email}
          onChange={(e) => set({ collect: { ...d.collect, email: e.currentTarget.checked } })}
        />
        <Checkbox
          label="Phone"
          checked={d.collect.phone}
          onChange={(e) => set({ collect: { ...d.collect, phone: e.currentTarget.checked } })}
        />
      </Group>
      <NumberInput
        label="Link expires after (minutes)"
        value={d.expiresMinutes}
        min={30}
        max={1440}
        onChange={(v) => set({ expiresMinutes: num(v) ?? 60 }, 'exp')}
      />
      <Switch
        label="Send a receipt when paid"
        checked={d.receipt}
        onChange={(e) => set({ receipt: e.currentTarget.checked })}
      />
      <ReminderFields
        label="Remind if not paid"
        defaultText="Your order is waiting for you."
        reminder={d.reminder}
        set={(reminder, key) => set({ reminder }, key)}
      />
    </Stack>
  )
}

/** One form per node kind: a new kind fails to compile until it has a form here. */
export const NODE_FORMS: Forms = {
  trigger: TriggerForm,
  message: MessageForm,
  question: QuestionForm,
  condition: ConditionForm,
  set_variable: SetVariableForm,
  tag: TagForm,
  delay: DelayForm,
  split: SplitForm,
  http_request: HttpRequestForm,
  handoff: HandoffForm,
  jump: JumpForm,
  end: EndForm,
  lead_form: LeadFormForm,
  booking: BookingForm,
  catalog: CatalogForm,
  checkout: CheckoutForm,
}
