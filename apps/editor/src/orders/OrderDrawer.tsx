import {
  Alert,
  Avatar,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  IconAlertTriangle,
  IconCash,
  IconPackage,
  IconReceiptRefund,
  IconShoppingCart,
  IconTruckDelivery,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { addressLines, buyerName, money, PROVIDER_LABEL, STATUS_LABEL, when } from './orderText'
import { ordersApi, type Order } from './ordersApi'

type Change = 'shipped' | 'refunded'

const CHANGE: Record<Change, { title: string; button: string; color: string; from: string[] }> = {
  shipped: { title: 'Mark as shipped?', button: 'Mark shipped', color: 'blue', from: ['paid'] },
  refunded: {
    title: 'Mark as refunded?',
    button: 'Mark refunded',
    color: 'grape',
    from: ['paid', 'shipped'],
  },
}

/** One order: its items and totals, the buyer and address, the payment, and what happened. */
export function OrderDrawer({
  orderId,
  onClose,
  onChanged,
}: {
  orderId: string | null
  onClose: () => void
  onChanged: (order: Order) => void
}) {
  const [order, setOrder] = useState<Order | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<Change | null>(null)

  useEffect(() => {
    setOrder(null)
    setError(null)
    if (!orderId) return
    let live = true
    ordersApi.get(orderId).then(
      (d) => live && setOrder(d.order),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [orderId])

  return (
    <Drawer
      opened={orderId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={order ? `Order ${order.id}` : 'Order'}
      aria-label="Order details"
    >
      {error ? (
        <Alert color="red" icon={<IconAlertTriangle size={16} />} mb="md">
          {error}
        </Alert>
      ) : null}
      {!order && !error ? <Loader size="sm" /> : null}
      {order ? (
        <Stack gap="lg">
          <Group justify="space-between">
            <Group gap="xs">
              <Badge size="lg" color={STATUS_LABEL[order.status].color}>
                {STATUS_LABEL[order.status].label}
              </Badge>
              {order.test ? (
                <Badge color="gray" variant="outline">
                  Simulator
                </Badge>
              ) : null}
              <Text size="sm" c="dimmed">
                {when(order.createdAt)}
              </Text>
            </Group>
            <Group gap="xs">
              {(Object.keys(CHANGE) as Change[]).map((c) =>
                CHANGE[c].from.includes(order.status) ? (
                  <Button
                    key={c}
                    size="xs"
                    variant="light"
                    color={CHANGE[c].color}
                    leftSection={
                      c === 'shipped' ? (
                        <IconTruckDelivery size={14} />
                      ) : (
                        <IconReceiptRefund size={14} />
                      )
                    }
                    onClick={() => setConfirming(c)}
                  >
                    {CHANGE[c].button}
                  </Button>
                ) : null,
              )}
            </Group>
          </Group>

          <section aria-label="Items">
            <Title order={5} mb="xs">
              Items
            </Title>
            <Table withTableBorder verticalSpacing="xs">
              <Table.Tbody>
                {order.items.map((it, i) => (
                  <Table.Tr key={`${it.productId}:${i}`}>
                    <Table.Td w={48}>
                      <Avatar src={it.imageUrl} radius="sm" size={36} alt="">
                        <IconPackage size={18} />
                      </Avatar>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {it.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {it.quantity} × {money(order, it.unitMinor)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                      {money(order, it.unitMinor * it.quantity)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td />
                  <Table.Td>
                    <Text fw={700}>Total</Text>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                    <Text fw={700}>{money(order, order.totalMinor)}</Text>
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </section>

          <Group align="flex-start" grow>
            <section aria-label="Buyer">
              <Title order={5} mb="xs">
                Buyer
              </Title>
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {buyerName(order)}
                </Text>
                {order.email ? <Text size="sm">{order.email}</Text> : null}
                {order.phone ? <Text size="sm">{order.phone}</Text> : null}
                <Text size="xs" c="dimmed">
                  Messenger id {order.psid}
                </Text>
              </Stack>
            </section>
            <section aria-label="Shipping address">
              <Title order={5} mb="xs">
                Ship to
              </Title>
              {order.address ? (
                <Stack gap={0}>
                  {addressLines(order.address).map((l) => (
                    <Text size="sm" key={l}>
                      {l}
                    </Text>
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {order.collect.shippingAddress ? 'Not given yet' : 'Not collected'}
                </Text>
              )}
            </section>
          </Group>

          <section aria-label="Payment">
            <Title order={5} mb="xs">
              Payment
            </Title>
            <Table withTableBorder>
              <Table.Tbody>
                {[
                  [
                    'Provider',
                    order.provider
                      ? PROVIDER_LABEL[order.provider]
                      : `Not chosen yet (${order.providers.map((p) => PROVIDER_LABEL[p]).join(' or ')})`,
                  ],
                  ['Method', order.paymentMethod ?? '—'],
                  ['Provider reference', order.providerOrderId ?? order.providerSessionId ?? '—'],
                  ['Paid', when(order.paidAt) || '—'],
                  ...(order.status === 'pending' ? [['Link expires', when(order.expiresAt)]] : []),
                ].map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={170}>{k}</Table.Th>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>

          <section aria-label="History">
            <Title order={5} mb="xs">
              History
            </Title>
            <History order={order} />
          </section>
        </Stack>
      ) : null}

      <ConfirmChange
        order={order}
        change={confirming}
        onClose={() => setConfirming(null)}
        onDone={(o) => {
          setConfirming(null)
          setOrder(o)
          onChanged(o)
        }}
      />
    </Drawer>
  )
}

/** What the order's times tell (the API keeps no full log of status changes). */
function History({ order }: { order: Order }) {
  const steps: { title: string; at?: number; icon: React.ReactNode }[] = [
    {
      title: 'Checkout started in Messenger',
      at: order.createdAt,
      icon: <IconShoppingCart size={12} />,
    },
  ]
  if (order.paidAt) steps.push({ title: 'Paid', at: order.paidAt, icon: <IconCash size={12} /> })
  if (order.status !== 'pending' && order.status !== 'paid')
    steps.push({
      title: STATUS_LABEL[order.status].label,
      at: order.updatedAt,
      icon:
        order.status === 'shipped' ? (
          <IconTruckDelivery size={12} />
        ) : order.status === 'refunded' ? (
          <IconReceiptRefund size={12} />
        ) : (
          <IconAlertTriangle size={12} />
        ),
    })
  return (
    <Timeline active={steps.length - 1} bulletSize={22} lineWidth={2}>
      {steps.map((s) => (
        <Timeline.Item
          key={s.title}
          title={
            <Text size="sm" fw={600}>
              {s.title}
            </Text>
          }
          bullet={s.icon}
        >
          <Text size="xs" c="dimmed">
            {when(s.at)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}

function ConfirmChange({
  order,
  change,
  onClose,
  onDone,
}: {
  order: Order | null
  change: Change | null
  onClose: () => void
  onDone: (order: Order) => void
}) {
  const [note, setNote] = useState('')
  const [notify, setNotify] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setNote('')
    setNotify(true)
    setError(null)
  }, [change])
  if (!order) return null
  const submit = async () => {
    if (!change) return
    setBusy(true)
    try {
      const r = await ordersApi.setStatus(order.id, {
        status: change,
        notify,
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      notifications.show({
        color: 'green',
        message: `Order ${order.id} is ${change}${notify ? '; the buyer was told in Messenger' : ''}.`,
      })
      onDone(r.order)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      opened={change !== null}
      onClose={onClose}
      title={change ? CHANGE[change].title : ''}
      centered
    >
      {change ? (
        <Stack>
          <Text size="sm">
            Order {order.id} ({money(order, order.totalMinor)}) of {buyerName(order)} becomes{' '}
            <b>{STATUS_LABEL[change].label.toLowerCase()}</b>.
            {change === 'refunded'
              ? ' Refund the payment on your Stripe or PayPal dashboard too: this only records it.'
              : ''}
          </Text>
          <Textarea
            label={change === 'shipped' ? 'Tracking link or note' : 'Note'}
            description="Added under the message to the buyer"
            maxLength={1000}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Checkbox
            label="Tell the buyer in Messenger (sent as an order update, even after 24 hours)"
            checked={notify}
            onChange={(e) => setNotify(e.currentTarget.checked)}
          />
          {error ? (
            <Alert color="red" icon={<IconAlertTriangle size={16} />}>
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color={CHANGE[change].color} loading={busy} onClick={() => void submit()}>
              {CHANGE[change].button}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
