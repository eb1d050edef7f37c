import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Container,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Select,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconChevronLeft, IconChevronRight, IconDownload } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { BookingModal } from './BookingModal'
import { BookingsGrid, calendarColor, personName } from './BookingsGrid'
import { bookingsApi, type Booking, type BookingFilters, type BookingStatus } from './bookingsApi'
import { addDays, mondayOf, rangeLabel, startOfDay, wallOf, whenIn } from './bookingTime'
import { ScreenHeader } from '../home/ScreenHeader'

type View = 'day' | 'week' | 'list'
const LIST_PAGE = 50
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

const STATUS: Record<BookingStatus, { label: string; color: string }> = {
  confirmed: { label: 'Confirmed', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'gray' },
}

const CANCELLED_BY: Record<NonNullable<Booking['cancelledBy']>, string> = {
  person: 'by the person',
  business: 'by you',
  reschedule: 'rescheduled',
}

/**
 * Appointments made by booking blocks: a day or week calendar in the calendar's own zone, or a
 * list of what is coming; filter by calendar and status, live or simulator bookings; open one to
 * cancel it (the person is told in Messenger); download what is shown as CSV.
 */
export function BookingsPage({ onBack }: { onBack: () => void }) {
  const [view, setView] = useState<View>('week')
  const [filters, setFilters] = useState<BookingFilters>({})
  const [calendars, setCalendars] = useState<Map<string, { name: string; timezone: string }>>(
    new Map(),
  )
  const [anchor, setAnchor] = useState<string | null>(null)
  const [listPage, setListPage] = useState(1)
  const [result, setResult] = useState<{ bookings: Booking[]; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<Booking | null>(null)

  // The filter's choices and their zones: every calendar of the flows (drafts and live ones,
  // booked or not), plus those bookings were made on that no flow defines any more.
  useEffect(() => {
    let current = true
    Promise.all([
      bookingsApi.calendars().then(
        (r) => r.calendars,
        () => [],
      ),
      bookingsApi.list({ test: filters.test }, {}, { limit: 500, offset: 0 }).then(
        (r) => r.bookings,
        () => [],
      ),
    ]).then(([defined, bookings]) => {
      if (!current) return
      const found = new Map<string, { name: string; timezone: string }>()
      for (const c of defined) found.set(c.id, { name: c.name, timezone: c.timezone })
      for (const b of bookings)
        if (!found.has(b.calendarId))
          found.set(b.calendarId, { name: b.calendarName, timezone: b.timezone })
      setCalendars(found)
    })
    return () => {
      current = false
    }
  }, [filters.test])

  // A calendar is shown in its own zone: the barber's 10:00 is 10:00 wherever the admin is.
  const zone =
    (filters.calendarId && calendars.get(filters.calendarId)?.timezone) ||
    [...calendars.values()][0]?.timezone ||
    browserZone
  const today = wallOf(Date.now(), zone).date
  const day = anchor ?? today
  const days = useMemo(
    () => (view === 'day' ? [day] : Array.from({ length: 7 }, (_, i) => addDays(mondayOf(day), i))),
    [view, day],
  )
  const range = useMemo(
    () =>
      view === 'list'
        ? { from: startOfDay(day, zone) }
        : {
            from: startOfDay(days[0]!, zone),
            to: startOfDay(addDays(days[days.length - 1]!, 1), zone),
          },
    [view, day, days, zone],
  )
  const key = JSON.stringify({ filters, range, listPage: view === 'list' ? listPage : 0 })

  const load = useCallback(() => {
    const q = JSON.parse(key) as {
      filters: BookingFilters
      range: { from?: number; to?: number }
      listPage: number
    }
    const page = q.listPage
      ? { limit: LIST_PAGE, offset: (q.listPage - 1) * LIST_PAGE }
      : { limit: 500, offset: 0 }
    bookingsApi.list(q.filters, q.range, page).then(
      (r) => {
        setResult(r)
        setError(null)
      },
      (e: Error) => setError(e.message),
    )
  }, [key])
  useEffect(load, [load])
  useEffect(() => setListPage(1), [filters, day, view])

  const set = (patch: Partial<BookingFilters>) =>
    setFilters((f) => {
      const next = { ...f, ...patch }
      for (const k of Object.keys(next) as (keyof BookingFilters)[]) if (!next[k]) delete next[k]
      return next
    })
  const step = (n: number) => setAnchor(addDays(day, n * (view === 'week' ? 7 : 1)))
  const calendarIds = [...calendars.keys()].sort()
  // Two flows may name different calendars alike: the id tells them apart then.
  const calendarLabel = (id: string) => {
    const name = calendars.get(id)?.name ?? id
    const twins = [...calendars.values()].filter((c) => c.name === name).length
    return twins > 1 ? `${name} (${id})` : name
  }
  const confirmed = result?.bookings.filter((b) => b.status === 'confirmed').length ?? 0

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader back={{ label: 'Flows', onClick: onBack }} current="Bookings" />
      <Container size="xl" py="xl">
        <Group justify="space-between" mb="md" align="flex-end">
          <div>
            <Title order={2}>Bookings</Title>
            <Text c="dimmed" size="sm">
              {result
                ? view === 'list'
                  ? `${result.total.toLocaleString()} from ${rangeLabel(day, 1)}`
                  : `${confirmed} confirmed ${view === 'day' ? 'this day' : 'this week'}`
                : 'Loading…'}
              {' · '}times in {zone}
            </Text>
          </div>
          <Button
            component="a"
            href={bookingsApi.exportUrl(filters, range)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            Download CSV
          </Button>
        </Group>

        <Group mb="md" gap="sm" align="flex-end" justify="space-between">
          <Group gap="sm" align="flex-end" role="search" aria-label="Filter bookings">
            <Select
              label="Calendar"
              placeholder="All calendars"
              clearable
              data={calendarIds.map((id) => ({ value: id, label: calendarLabel(id) }))}
              value={filters.calendarId ?? null}
              onChange={(v) => set({ calendarId: v ?? undefined })}
              w={200}
            />
            <Select
              label="Status"
              placeholder="Any status"
              clearable
              data={(Object.keys(STATUS) as BookingStatus[]).map((s) => ({
                value: s,
                label: STATUS[s].label,
              }))}
              value={filters.status ?? null}
              onChange={(v) => set({ status: (v as BookingStatus | null) ?? undefined })}
              w={150}
            />
            <SegmentedControl
              aria-label="Live or simulator bookings"
              value={filters.test ? 'test' : 'live'}
              onChange={(v) => {
                setFilters((f) => {
                  const { calendarId: _c, ...rest } = f
                  return v === 'test' ? { ...rest, test: true } : { ...rest, test: undefined }
                })
              }}
              data={[
                { value: 'live', label: 'Live' },
                { value: 'test', label: 'Simulator' },
              ]}
            />
          </Group>
          <Group gap="xs" align="center">
            <Button variant="default" size="sm" onClick={() => setAnchor(null)}>
              Today
            </Button>
            <Tooltip label={view === 'week' ? 'Previous week' : 'Previous day'}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label="Previous"
                onClick={() => step(-1)}
              >
                <IconChevronLeft size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={view === 'week' ? 'Next week' : 'Next day'}>
              <ActionIcon variant="default" size="lg" aria-label="Next" onClick={() => step(1)}>
                <IconChevronRight size={16} />
              </ActionIcon>
            </Tooltip>
            <Text fw={600} w={230} ta="center" aria-live="polite">
              {view === 'list' ? `From ${rangeLabel(day, 1)}` : rangeLabel(days[0]!, days.length)}
            </Text>
            <SegmentedControl
              aria-label="View"
              value={view}
              onChange={(v) => {
                setView(v as View)
                // The list is what is coming: from today.
                if (v === 'list') setAnchor(null)
              }}
              data={[
                { value: 'day', label: 'Day' },
                { value: 'week', label: 'Week' },
                { value: 'list', label: 'List' },
              ]}
            />
          </Group>
        </Group>

        {error ? (
          <Alert color="red" title="The bookings could not be loaded" mb="md">
            {error}
          </Alert>
        ) : null}

        {!result ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : view === 'list' ? (
          <BookingsTable
            bookings={result.bookings}
            calendarIds={calendarIds}
            onOpen={setOpen}
            empty={
              filters.test
                ? 'No test bookings from this day on. Book in the simulator to see them here.'
                : 'No bookings from this day on.'
            }
          />
        ) : (
          <BookingsGrid
            days={days}
            today={today}
            timeZone={zone}
            bookings={result.bookings}
            calendarIds={calendarIds}
            onOpen={setOpen}
          />
        )}

        {view === 'list' && result && result.total > LIST_PAGE ? (
          <Group justify="center" mt="lg">
            <Pagination
              total={Math.ceil(result.total / LIST_PAGE)}
              value={listPage}
              onChange={setListPage}
            />
          </Group>
        ) : null}
      </Container>

      <BookingModal
        booking={open}
        onClose={() => setOpen(null)}
        onCancelled={(b) => {
          setOpen(null)
          notifications.show({
            color: 'green',
            message: `Cancelled ${personName(b)}’s ${b.service}. They were told in Messenger.`,
          })
          load()
        }}
      />
    </div>
  )
}

function BookingsTable(props: {
  bookings: Booking[]
  calendarIds: string[]
  onOpen: (b: Booking) => void
  empty: string
}) {
  if (!props.bookings.length)
    return (
      <Center py={60}>
        <Text c="dimmed">{props.empty}</Text>
      </Center>
    )
  return (
    <Table highlightOnHover verticalSpacing="sm" aria-label="Bookings">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Person</Table.Th>
          <Table.Th>Service</Table.Th>
          <Table.Th>Calendar</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Reminders</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.bookings.map((b) => (
          <Table.Tr
            key={b.id}
            style={{ cursor: 'pointer' }}
            tabIndex={0}
            onClick={() => props.onOpen(b)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') props.onOpen(b)
            }}
          >
            <Table.Td>
              <Text size="sm" fw={500}>
                {whenIn(b.start, b.timezone)}
              </Text>
              <Text size="xs" c="dimmed">
                {Math.round((b.end - b.start) / 60_000)} min · {b.timezone}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{personName(b)}</Text>
              {b.test ? (
                <Badge size="xs" color="gray" variant="outline">
                  Simulator
                </Badge>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{b.service}</Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="dot" color={calendarColor(b.calendarId, props.calendarIds)}>
                {b.calendarName}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS[b.status].color} variant="light">
                {STATUS[b.status].label}
              </Badge>
              {b.cancelledBy ? (
                <Text size="xs" c="dimmed">
                  {CANCELLED_BY[b.cancelledBy]}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{b.status === 'confirmed' ? b.reminders : '—'}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
