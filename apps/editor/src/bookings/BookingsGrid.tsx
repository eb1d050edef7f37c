import { Box, Text, UnstyledButton } from '@mantine/core'
import type { Booking } from './bookingsApi'
import { dayLabel, hhmm, wallOf } from './bookingTime'

const HOUR_PX = 72
const GUTTER = 56
const PALETTE = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'lime']

export function calendarColor(calendarId: string, allIds: readonly string[]): string {
  const i = allIds.indexOf(calendarId)
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!
}

export function personName(b: Booking): string {
  return [b.firstName, b.lastName].filter(Boolean).join(' ') || 'Someone'
}

interface Placed {
  booking: Booking
  top: number
  height: number
  lane: number
  lanes: number
  label: string
}

/** Bookings of one day, side by side where they overlap (a calendar with capacity above 1). */
function place(bookings: Booking[], timeZone: string, firstHour: number): Placed[] {
  const sorted = [...bookings].sort((a, b) => a.start - b.start || a.end - b.end)
  const placed: Placed[] = []
  let group: Placed[] = []
  let groupEnd = -Infinity
  const laneEnds: number[] = []
  const flush = () => {
    const lanes = Math.max(1, ...group.map((p) => p.lane + 1))
    for (const p of group) p.lanes = lanes
    group = []
    laneEnds.length = 0
  }
  for (const b of sorted) {
    if (b.start >= groupEnd) flush()
    let lane = laneEnds.findIndex((end) => end <= b.start)
    if (lane < 0) lane = laneEnds.length
    laneEnds[lane] = b.end
    groupEnd = Math.max(groupEnd, b.end)
    const from = wallOf(b.start, timeZone).minutes
    const minutes = Math.max(15, (b.end - b.start) / 60_000)
    const p: Placed = {
      booking: b,
      top: ((from - firstHour * 60) / 60) * HOUR_PX,
      height: (minutes / 60) * HOUR_PX,
      lane,
      lanes: 1,
      label: `${hhmm(from)}–${hhmm((from + minutes) % (24 * 60))}`,
    }
    group.push(p)
    placed.push(p)
  }
  flush()
  return placed
}

/**
 * A day or a week as a calendar: one column per day, an hour per row, each booking a block at
 * its time in `timeZone` (cancelled ones faded and struck through). Built from Mantine
 * primitives: the layout is a CSS grid, the blocks absolutely placed in their day.
 */
export function BookingsGrid(props: {
  days: string[]
  today: string
  timeZone: string
  bookings: Booking[]
  calendarIds: string[]
  locale?: string
  onOpen: (b: Booking) => void
}) {
  const { days, timeZone } = props
  const byDay = new Map<string, Booking[]>(days.map((d) => [d, []]))
  for (const b of props.bookings) byDay.get(wallOf(b.start, timeZone).date)?.push(b)
  const walls = props.bookings.map((b) => ({
    from: wallOf(b.start, timeZone).minutes,
    to: wallOf(b.start, timeZone).minutes + (b.end - b.start) / 60_000,
  }))
  const firstHour = Math.min(8, ...walls.map((w) => Math.floor(w.from / 60)))
  const lastHour = Math.min(24, Math.max(19, ...walls.map((w) => Math.ceil(w.to / 60))))
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i)
  const columns = `${GUTTER}px repeat(${days.length}, minmax(0, 1fr))`

  return (
    <Box
      className="ch-bookings-grid"
      role="grid"
      aria-label={days.length === 1 ? 'Day' : 'Week'}
      style={{
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)',
        overflow: 'hidden',
        background: 'white',
      }}
    >
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: columns,
          borderBottom: '1px solid var(--mantine-color-gray-3)',
          background: 'var(--mantine-color-gray-0)',
        }}
        role="row"
      >
        <div />
        {days.map((d) => {
          const isToday = d === props.today
          return (
            <Box
              key={d}
              role="columnheader"
              py={8}
              px="xs"
              style={{ borderLeft: '1px solid var(--mantine-color-gray-3)', textAlign: 'center' }}
            >
              <Text size="sm" fw={isToday ? 700 : 600} c={isToday ? 'blue.7' : undefined}>
                {dayLabel(d, props.locale)}
              </Text>
              <Text size="xs" c="dimmed">
                {(() => {
                  const n = (byDay.get(d) ?? []).filter((b) => b.status === 'confirmed').length
                  return n ? `${n} booked` : '\u00a0'
                })()}
              </Text>
            </Box>
          )
        })}
      </Box>
      <Box style={{ display: 'grid', gridTemplateColumns: columns, position: 'relative' }}>
        <Box>
          {hours.map((h) => (
            <Box key={h} h={HOUR_PX} pr={6} style={{ textAlign: 'right' }}>
              <Text size="xs" c="dimmed" style={{ transform: 'translateY(-7px)' }}>
                {h === firstHour ? '' : hhmm(h * 60)}
              </Text>
            </Box>
          ))}
        </Box>
        {days.map((d) => (
          <Box
            key={d}
            role="gridcell"
            aria-label={dayLabel(d, props.locale)}
            style={{
              position: 'relative',
              height: hours.length * HOUR_PX,
              borderLeft: '1px solid var(--mantine-color-gray-3)',
              background: `${d === props.today ? 'var(--mantine-color-blue-0)' : 'transparent'} repeating-linear-gradient(to bottom, transparent 0, transparent ${HOUR_PX - 1}px, var(--mantine-color-gray-2) ${HOUR_PX - 1}px, var(--mantine-color-gray-2) ${HOUR_PX}px)`,
            }}
          >
            {place(byDay.get(d) ?? [], timeZone, firstHour).map((p) => {
              const b = p.booking
              const color =
                b.status === 'cancelled' ? 'gray' : calendarColor(b.calendarId, props.calendarIds)
              const short = p.height < 30
              return (
                <UnstyledButton
                  key={b.id}
                  className="ch-booking-block"
                  aria-label={`${personName(b)}, ${b.service}, ${p.label}${b.status === 'cancelled' ? ', cancelled' : ''}`}
                  onClick={() => props.onOpen(b)}
                  style={{
                    position: 'absolute',
                    top: p.top + 1,
                    height: Math.max(18, p.height - 2),
                    left: `calc(${(100 * p.lane) / p.lanes}% + 3px)`,
                    width: `calc(${100 / p.lanes}% - 6px)`,
                    background: `var(--mantine-color-${color}-0)`,
                    borderLeft: `3px solid var(--mantine-color-${color}-6)`,
                    borderRadius: 6,
                    padding: short ? '0 6px' : '3px 6px',
                    overflow: 'hidden',
                    opacity: b.status === 'cancelled' ? 0.65 : 1,
                    boxShadow: '0 1px 2px rgba(0,0,0,0.06)',
                  }}
                >
                  <Text
                    size="xs"
                    fw={600}
                    c={`${color}.9`}
                    truncate
                    td={b.status === 'cancelled' ? 'line-through' : undefined}
                    lh={short ? '18px' : 1.35}
                  >
                    {short ? `${p.label.slice(0, 5)} ${personName(b)}` : personName(b)}
                  </Text>
                  {short ? null : (
                    <Text size="xs" c={`${color}.8`} truncate lh={1.35}>
                      {p.label} · {b.service}
                    </Text>
                  )}
                </UnstyledButton>
              )
            })}
          </Box>
        ))}
      </Box>
    </Box>
  )
}
