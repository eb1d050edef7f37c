import {
  Alert,
  Badge,
  Button,
  Center,
  Container,
  Group,
  Loader,
  Select,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconDownload, IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { OrderDrawer } from './OrderDrawer'
import { buyerName, itemsText, money, PROVIDER_LABEL, STATUS_LABEL, when } from './orderText'
import { ORDER_STATUSES, ordersApi, type Order, type OrderFilters } from './ordersApi'
import { ScreenHeader } from '../home/ScreenHeader'

const PAGE_SIZE = 200

/**
 * Every order of the checkouts: filter by status and days, search by order number, buyer or
 * product, open one for its items, buyer and payment, mark it shipped or refunded, download CSV.
 */
export function OrdersPage({ onBack }: { onBack: () => void }) {
  const [filters, setFilters] = useState<Omit<OrderFilters, 'q'>>({})
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 200)
  const [orders, setOrders] = useState<Order[] | null>(null)
  const [more, setMore] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)

  // Every filter goes to the API, so paging, the totals and the CSV see the same orders.
  const active: OrderFilters = useMemo(
    () => ({ ...filters, ...(q.trim() ? { q: q.trim() } : {}) }),
    [filters, q],
  )
  useEffect(() => {
    let current = true
    ordersApi.list(active, { limit: PAGE_SIZE }).then(
      (r) => {
        if (!current) return
        setOrders(r.orders)
        setMore(r.orders.length === PAGE_SIZE)
        setError(null)
      },
      (e: Error) => {
        if (current) setError(e.message)
      },
    )
    return () => {
      current = false
    }
  }, [active])

  const loadMore = async () => {
    const last = orders?.[orders.length - 1]
    if (!last) return
    setLoadingMore(true)
    try {
      const r = await ordersApi.list(active, { before: last.createdAt, limit: PAGE_SIZE })
      setOrders((o) => [...(o ?? []), ...r.orders])
      setMore(r.orders.length === PAGE_SIZE)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setLoadingMore(false)
    }
  }

  const shown = orders ?? []
  const canLoadMore = more
  const paidTotals = useMemo(() => {
    const sums = new Map<string, number>()
    for (const o of shown)
      if (o.status === 'paid' || o.status === 'shipped')
        sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.totalMinor)
    return [...sums].map(([currency, minor]) => money({ currency }, minor)).join(' + ')
  }, [shown])

  const set = (patch: Partial<OrderFilters>) =>
    setFilters((f) => {
      const next = { ...f, ...patch }
      for (const k of Object.keys(next) as (keyof typeof next)[]) if (!next[k]) delete next[k]
      return next
    })

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader back={{ label: 'Flows', onClick: onBack }} current="Orders" />
      <Container size="xl" py="xl">
        <Group justify="space-between" mb="md" align="flex-end">
          <div>
            <Title order={2}>Orders</Title>
            <Text c="dimmed" size="sm">
              {orders
                ? `${shown.length.toLocaleString()}${more ? '+' : ''} order${shown.length === 1 ? '' : 's'}`
                : 'Loading…'}
              {paidTotals ? ` · ${paidTotals} paid` : ''}
              {' · '}made by checkouts in Messenger; buyers pay on Stripe or PayPal.
            </Text>
          </div>
          <Button
            component="a"
            href={ordersApi.exportUrl(active)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            Download CSV
          </Button>
        </Group>

        <Group mb="md" gap="sm" align="flex-end" role="search" aria-label="Filter orders">
          <TextInput
            label="Search"
            placeholder="Order number, buyer, product"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={280}
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={ORDER_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s].label }))}
            value={filters.status ?? null}
            onChange={(v) => set({ status: (v as OrderFilters['status'] | null) ?? undefined })}
            w={190}
          />
          <TextInput
            type="date"
            label="From"
            value={filters.from ?? ''}
            onChange={(e) => set({ from: e.currentTarget.value })}
            w={160}
          />
          <TextInput
            type="date"
            label="To"
            value={filters.to ?? ''}
            onChange={(e) => set({ to: e.currentTarget.value })}
            w={160}
          />
          <Select
            label="Source"
            placeholder="Live and simulator"
            clearable
            data={[
              { value: 'live', label: 'Live' },
              { value: 'test', label: 'Simulator' },
            ]}
            value={filters.source ?? null}
            onChange={(v) => set({ source: (v as OrderFilters['source'] | null) ?? undefined })}
            w={190}
          />
          {Object.keys(active).length ? (
            <Button
              variant="subtle"
              onClick={() => {
                setFilters({})
                setSearch('')
              }}
            >
              Clear
            </Button>
          ) : null}
        </Group>

        {error ? (
          <Alert color="red" title="The orders could not be loaded" mb="md">
            {error}
          </Alert>
        ) : null}

        {!orders ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : shown.length === 0 ? (
          <Center py={60}>
            <Text c="dimmed">
              {Object.keys(active).length
                ? 'No order matches these filters.'
                : 'No orders yet. Publish a flow with a checkout, or buy something in the simulator.'}
            </Text>
          </Center>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" aria-label="Orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Buyer</Table.Th>
                <Table.Th>Items</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Total</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Payment</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((o) => (
                <Table.Tr
                  key={o.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => setOpen(o.id)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') setOpen(o.id)
                  }}
                >
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" ff="monospace" fw={600}>
                        {o.id}
                      </Text>
                      {o.test ? (
                        <Badge size="xs" variant="outline" color="gray">
                          Simulator
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {buyerName(o)}
                    </Text>
                    {o.email && o.customerName ? (
                      <Text size="xs" c="dimmed">
                        {o.email}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text size="sm" lineClamp={2}>
                      {itemsText(o)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                    <Text size="sm" fw={600}>
                      {money(o, o.totalMinor)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_LABEL[o.status].color} variant="light">
                      {STATUS_LABEL[o.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {[o.provider && PROVIDER_LABEL[o.provider], o.paymentMethod]
                        .filter(Boolean)
                        .join(' · ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(o.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        {canLoadMore ? (
          <Group justify="center" mt="lg">
            <Button variant="default" loading={loadingMore} onClick={() => void loadMore()}>
              Load older orders
            </Button>
          </Group>
        ) : null}
      </Container>

      <OrderDrawer
        orderId={open}
        onClose={() => setOpen(null)}
        onChanged={(order) =>
          setOrders((list) => list?.map((o) => (o.id === order.id ? order : o)) ?? list)
        }
      />
    </div>
  )
}
