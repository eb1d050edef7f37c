import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Popover,
  ScrollArea,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { IconClock, IconClockPlay, IconRefresh, IconSend, IconX } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { api, type SimInput, type SimSession } from '../api'
import { toMinor } from '../money'
import { formatPrice } from '../nodes/bodies'
import { useEditor } from '../store/editorStore'
import {
  applySent,
  type ChatItem,
  type GenericElement,
  type ReceiptElement,
  type SendBody,
  type SendButton,
  type SimEvent,
} from './sendApi'

type SimState = Extract<SimEvent, { type: 'state' }>

const FORWARD: [string, number][] = [
  ['+1 min', 60_000],
  ['+15 min', 15 * 60_000],
  ['+1 h', 3_600_000],
  ['+1 day', 86_400_000],
]

/** Chat with the current draft through the runtime's simulator (the real engine and Send API path). */
export function Simulator({
  start,
  onClose,
}: {
  start: { nodeId?: string; seq: number }
  onClose: () => void
}) {
  const [session, setSession] = useState<SimSession | null>(null)
  const [items, setItems] = useState<ChatItem[]>([])
  const [typing, setTyping] = useState(false)
  const [state, setState] = useState<SimState | null>(null)
  const [clock, setClock] = useState<{ now: number; offsetMs: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [text, setText] = useState('')
  const [restart, setRestart] = useState(0)
  const viewport = useRef<HTMLDivElement>(null)
  const idSeq = useRef(0)

  useEffect(() => {
    const flow = useEditor.getState().flow
    if (!flow) return
    let es: EventSource | null = null
    let current: SimSession | null = null
    let live = true
    setItems([])
    setState(null)
    setTyping(false)
    setError(null)
    api.sim.start(flow, start.nodeId).then(
      (s) => {
        if (!live) {
          void api.sim.end(s.id).catch(() => undefined)
          return
        }
        current = s
        setSession(s)
        es = new EventSource(api.sim.eventsUrl(s.id))
        es.onmessage = (m) => {
          let ev: SimEvent
          try {
            ev = JSON.parse(m.data as string) as SimEvent
          } catch {
            return
          }
          if (ev.type === 'sent') {
            const body = ev.body
            const seq = ev.seq
            setItems((cur) => {
              const r = applySent(cur, body, seq)
              if (r.typing !== undefined) setTyping(r.typing)
              return r.items
            })
          } else if (ev.type === 'state') {
            setState(ev)
            useEditor.getState().setSimNode(ev.currentNodeId ?? null)
          } else if (ev.type === 'clock') setClock({ now: ev.now, offsetMs: ev.offsetMs })
        }
        es.onerror = () => {
          if (es?.readyState === EventSource.CLOSED)
            setError('Lost the connection to the simulator.')
        }
      },
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
      es?.close()
      if (current) void api.sim.end(current.id).catch(() => undefined)
      useEditor.getState().setSimNode(null)
    }
  }, [start, restart])

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight, behavior: 'smooth' })
  }, [items, typing])

  const send = async (input: SimInput, shown: string) => {
    if (!session) return
    setItems((cur) => [...cur, { kind: 'user', text: shown, id: ++idSeq.current }])
    try {
      await api.sim.send(session.id, input)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const advance = async (ms: number, label: string) => {
    if (!session) return
    try {
      setClock(await api.sim.advance(session.id, ms))
      setItems((cur) => [...cur, { kind: 'note', text: `⏩ ${label} later`, id: ++idSeq.current }])
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const lastBot = [...items].reverse().find((i) => i.kind === 'bot')

  return (
    <div className="ch-sim">
      <Group px="md" py="xs" justify="space-between" className="ch-inspector-head">
        <Group gap={6}>
          <Text fw={600}>Test your bot</Text>
          {state?.ended ? (
            <Badge color="gray" size="sm">
              ended
            </Badge>
          ) : state?.waiting ? (
            <Badge size="sm" variant="light">
              waiting: {state.waiting}
            </Badge>
          ) : null}
        </Group>
        <Group gap={2}>
          <Tooltip label="Restart">
            <ActionIcon
              variant="subtle"
              aria-label="Restart the conversation"
              onClick={() => setRestart((r) => r + 1)}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Close">
            <ActionIcon variant="subtle" aria-label="Close the simulator" onClick={onClose}>
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Tabs
        defaultValue="chat"
        style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
      >
        <Tabs.List px="sm">
          <Tabs.Tab value="chat">Chat</Tabs.Tab>
          <Tabs.Tab value="vars">Variables</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel
          value="chat"
          style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
        >
          <ScrollArea
            viewportRef={viewport}
            style={{ flex: 1 }}
            className="ch-sim-log"
            aria-live="polite"
            aria-label="Conversation"
          >
            {start.nodeId ? (
              <Text size="xs" c="dimmed" ta="center" mb="xs">
                Started from “{start.nodeId}”
              </Text>
            ) : null}
            {items.map((it) =>
              it.kind === 'user' ? (
                <div key={`u${it.id}`} className="ch-msg is-user">
                  <div className="ch-bubble is-user">{it.text}</div>
                </div>
              ) : it.kind === 'note' ? (
                <Text key={`n${it.id}`} size="xs" c="dimmed" ta="center" my={6}>
                  {it.text}
                </Text>
              ) : (
                <BotMessage
                  key={`b${it.seq}`}
                  body={it.body}
                  interactive={it === lastBot}
                  send={send}
                />
              ),
            )}
            {typing ? (
              <div className="ch-msg">
                <div className="ch-typing" aria-label="typing">
                  <span />
                  <span />
                  <span />
                </div>
              </div>
            ) : null}
            {error ? (
              <Text size="sm" c="red" ta="center">
                {error}
              </Text>
            ) : null}
          </ScrollArea>
          <Group gap={6} p="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <TextInput
              style={{ flex: 1 }}
              placeholder="Type a message…"
              aria-label="Message"
              value={text}
              radius="xl"
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && text.trim()) {
                  void send({ text: text.trim() }, text.trim())
                  setText('')
                }
              }}
            />
            <ActionIcon
              size="lg"
              radius="xl"
              aria-label="Send"
              disabled={!text.trim() || !session}
              onClick={() => {
                void send({ text: text.trim() }, text.trim())
                setText('')
              }}
            >
              <IconSend size={16} />
            </ActionIcon>
          </Group>
          <ClockBar
            clock={clock}
            timers={state?.pendingTimers ?? []}
            onAdvance={advance}
            disabled={!session}
          />
        </Tabs.Panel>
        <Tabs.Panel value="vars" style={{ flex: 1, minHeight: 0 }}>
          <ScrollArea h="100%">
            <Table fz="sm" striped>
              <Table.Tbody>
                {Object.entries(state?.variables ?? {}).map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Td ff="monospace">{k}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>
                      {typeof v === 'string' ? v : JSON.stringify(v)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {!state || !Object.keys(state.variables).length ? (
              <Text size="sm" c="dimmed" p="md">
                No variables set yet.
              </Text>
            ) : null}
          </ScrollArea>
        </Tabs.Panel>
      </Tabs>
    </div>
  )
}

function ClockBar(props: {
  clock: { now: number; offsetMs: number } | null
  timers: { runAt: number }[]
  onAdvance: (ms: number, label: string) => void
  disabled: boolean
}) {
  const [amount, setAmount] = useState<number | string>(2)
  const [unit, setUnit] = useState<string | null>('days')
  const mult: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }
  const next = props.timers.length ? Math.min(...props.timers.map((t) => t.runAt)) : null
  return (
    <Stack
      gap={4}
      p="xs"
      style={{
        borderTop: '1px solid var(--mantine-color-gray-2)',
        background: 'var(--mantine-color-gray-0)',
      }}
    >
      <Group justify="space-between">
        <Text size="xs" c="dimmed" style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <IconClock size={12} aria-hidden />
          {props.clock ? new Date(props.clock.now).toLocaleString() : '—'}
          {props.clock && props.clock.offsetMs
            ? ` (+${Math.round(props.clock.offsetMs / 60000)} min)`
            : ''}
        </Text>
        {next && props.clock ? (
          <Text size="xs" c="blue">
            next timer in {Math.max(0, Math.round((next - props.clock.now) / 60000))} min
          </Text>
        ) : null}
      </Group>
      <Group gap={4}>
        {FORWARD.map(([label, ms]) => (
          <Button
            key={label}
            size="compact-xs"
            variant="default"
            disabled={props.disabled}
            onClick={() => props.onAdvance(ms, label.slice(1))}
          >
            {label}
          </Button>
        ))}
        <Popover position="top" withArrow trapFocus>
          <Popover.Target>
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconClockPlay size={12} />}
              disabled={props.disabled}
            >
              Custom
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Group gap={4} align="flex-end">
              <NumberInput
                size="xs"
                w={70}
                label="Amount"
                min={1}
                value={amount}
                onChange={setAmount}
              />
              <Select
                size="xs"
                w={100}
                label="Unit"
                value={unit}
                onChange={setUnit}
                data={['minutes', 'hours', 'days']}
                allowDeselect={false}
              />
              <Button
                size="xs"
                onClick={() =>
                  props.onAdvance(Number(amount) * (mult[unit ?? 'days'] ?? 0), `${amount} ${unit}`)
                }
              >
                Go
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Group>
    </Stack>
  )
}

function SimButtons({
  buttons,
  send,
  interactive,
}: {
  buttons: SendButton[]
  send: (i: SimInput, shown: string) => void
  interactive: boolean
}) {
  return (
    <div className="ch-buttons">
      {buttons.map((b, i) => (
        <button
          key={i}
          type="button"
          className="ch-button"
          onClick={() => {
            if (b.type === 'web_url' && b.url) window.open(b.url, '_blank', 'noopener')
            else if (b.type === 'postback')
              send({ postback: { title: b.title, payload: b.payload ?? '' } }, b.title)
          }}
          disabled={b.type === 'postback' && !interactive && false}
        >
          {b.type === 'web_url' ? '↗ ' : b.type === 'phone_number' ? '✆ ' : ''}
          {b.title}
        </button>
      ))}
    </div>
  )
}

/** One Send API body drawn as Messenger draws it. */
export function BotMessage({
  body,
  interactive,
  send,
}: {
  body: SendBody
  interactive: boolean
  send: (i: SimInput, shown: string) => void
}) {
  const m = body.message
  if (!m) return null
  const att = m.attachment
  const p = att?.payload
  return (
    <div className="ch-msg">
      {m.text ? <div className="ch-bubble">{m.text}</div> : null}
      {att && att.type === 'image' && p?.url ? (
        <img src={p.url} alt="" style={{ maxWidth: 220, borderRadius: 16 }} />
      ) : null}
      {att && att.type === 'video' && p?.url ? (
        <video src={p.url} controls style={{ maxWidth: 240, borderRadius: 16 }} />
      ) : null}
      {att && att.type === 'audio' && p?.url ? (
        <audio src={p.url} controls style={{ width: 240 }} />
      ) : null}
      {att && att.type === 'file' && p?.url ? (
        <a className="ch-bubble" href={p.url} target="_blank" rel="noreferrer">
          📎 {p.url.split('/').pop()}
        </a>
      ) : null}
      {att?.type === 'template' && p?.template_type === 'button' ? (
        <div style={{ width: 240 }}>
          <div className="ch-bubble ch-bubble-top">{p.text}</div>
          <SimButtons buttons={p.buttons ?? []} send={send} interactive={interactive} />
        </div>
      ) : null}
      {att?.type === 'template' && p?.template_type === 'generic' ? (
        <div className="ch-cards" style={{ maxWidth: 330 }}>
          {((p.elements ?? []) as GenericElement[]).map((el, i) => (
            <div key={i} className="ch-card" style={{ width: 200 }}>
              <div
                className="ch-card-img"
                style={{
                  height: 105,
                  ...(el.image_url ? { backgroundImage: `url("${el.image_url}")` } : {}),
                }}
              />
              <div className="ch-card-body">
                <div className="ch-card-title">{el.title}</div>
                {el.subtitle ? <div className="ch-card-sub">{el.subtitle}</div> : null}
              </div>
              {el.buttons?.length ? (
                <SimButtons buttons={el.buttons} send={send} interactive={interactive} />
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {att?.type === 'template' && p?.template_type === 'receipt' ? (
        <div className="ch-receipt">
          <Text size="xs" c="dimmed">
            Order {p.order_number}
          </Text>
          <Text fw={600} size="sm" mb={4}>
            {p.recipient_name}
          </Text>
          {((p.elements ?? []) as ReceiptElement[]).map((el, i) => (
            <Group key={i} justify="space-between" wrap="nowrap" gap={6}>
              <Text size="sm" lineClamp={2}>
                {el.quantity && el.quantity > 1 ? `${el.quantity} × ` : ''}
                {el.title}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatPrice(
                  toMinor(el.price, el.currency ?? p.currency ?? 'EUR'),
                  el.currency ?? p.currency ?? 'EUR',
                )}
              </Text>
            </Group>
          ))}
          {p.summary ? (
            <Group
              justify="space-between"
              mt={6}
              style={{ borderTop: '1px solid #e4e6eb', paddingTop: 6 }}
            >
              <Text fw={700} size="sm">
                Total
              </Text>
              <Text fw={700} size="sm">
                {formatPrice(
                  toMinor(p.summary.total_cost, p.currency ?? 'EUR'),
                  p.currency ?? 'EUR',
                )}
              </Text>
            </Group>
          ) : null}
          {p.payment_method ? (
            <Text size="xs" c="dimmed" mt={4}>
              Paid with {p.payment_method}
            </Text>
          ) : null}
          {p.address ? (
            <Text size="xs" c="dimmed" mt={2} aria-label="Ship to">
              Ship to {p.address.street_1}, {p.address.postal_code} {p.address.city},{' '}
              {p.address.country}
            </Text>
          ) : null}
        </div>
      ) : null}
      {att && !['image', 'video', 'audio', 'file', 'template'].includes(att.type) ? (
        <pre style={{ fontSize: 11 }}>{JSON.stringify(att, null, 1)}</pre>
      ) : null}
      {m.quick_replies?.length && interactive ? (
        <div className="ch-chips" style={{ marginTop: 4 }}>
          {m.quick_replies.map((q, i) => {
            const title =
              q.title ?? (q.content_type === 'user_email' ? 'person@example.com' : '+34600111222')
            return (
              <button
                key={i}
                type="button"
                className="ch-chip"
                onClick={() => send({ quickReply: { title, payload: q.payload ?? title } }, title)}
              >
                {title}
              </button>
            )
          })}
        </div>
      ) : null}
    </div>
  )
}
