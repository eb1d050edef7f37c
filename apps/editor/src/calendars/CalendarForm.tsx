import { calendarSchema, WEEKDAYS, type Calendar } from '@charla/flow-schema'
import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  NumberInput,
  Paper,
  Pill,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconCopy, IconPlus, IconX } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { previewSlots } from './calendarPreview'
import {
  timeZoneOptions,
  toCalendar,
  toValues,
  validateCalendar,
  WEEKDAY_LABELS,
  type CalendarValues,
  type Weekday,
} from './calendarValues'

const WORKDAYS: Weekday[] = ['tue', 'wed', 'thu', 'fri']

/**
 * One calendar: name, zone, the grid (slot length, buffer, capacity), weekly opening hours
 * with several ranges a day, closed dates and minimum notice; validated by the flow schema,
 * with the next times it would offer shown as you type.
 */
export function CalendarForm({
  initial,
  takenIds,
  locale,
  onSave,
  onCancel,
}: {
  initial: Calendar
  takenIds: readonly string[]
  locale: string
  onSave: (c: Calendar) => void
  onCancel: () => void
}) {
  const zones = useMemo(timeZoneOptions, [])
  const [closedDate, setClosedDate] = useState('')
  const form = useForm<CalendarValues>({
    mode: 'controlled',
    initialValues: toValues(initial),
    validate: (v) => validateCalendar(v, takenIds),
  })
  const v = form.getValues()
  const parsed = calendarSchema.safeParse(toCalendar(v))
  // A few hundred Intl calls at most: cheap enough to recompute on every keystroke.
  const preview = parsed.success ? previewSlots(parsed.data, Date.now()) : undefined
  const setDay = (d: Weekday, ranges: [string, string][]) =>
    form.setFieldValue(`weeklyHours.${d}`, ranges)
  const dayError = (d: Weekday) => form.errors[`weeklyHours.${d}`]

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        const ok = calendarSchema.safeParse(toCalendar(values))
        if (ok.success) onSave(ok.data)
      })}
      noValidate
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            description="Shown in the Bookings view"
            required
            maxLength={100}
            data-autofocus
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Id"
            description="Booking blocks point at it"
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('id')}
            onChange={(e) =>
              form.setFieldValue('id', e.currentTarget.value.replace(/[^A-Za-z0-9_-]/g, ''))
            }
          />
        </Group>
        <Select
          label="Time zone"
          description="Opening hours are in this zone, and people are told the times in it"
          required
          searchable
          allowDeselect={false}
          data={zones}
          limit={200}
          nothingFoundMessage="No such zone"
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('timezone')}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Slot length"
            description="minutes"
            required
            min={5}
            max={1440}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('slotMinutes')}
          />
          <NumberInput
            label="Buffer"
            description="minutes between slots"
            min={0}
            max={1440}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('bufferMinutes')}
          />
          <NumberInput
            label="Capacity"
            description="people per slot"
            required
            min={1}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('capacity')}
          />
          <NumberInput
            label="Minimum notice"
            description="minutes ahead"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('minNoticeMinutes')}
          />
        </Group>

        <Group align="flex-start" wrap="nowrap" gap="lg" mt="xs">
          <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
            <Divider label="Weekly hours" labelPosition="left" />
            <Stack gap={4} role="group" aria-label="Weekly hours">
              {WEEKDAYS.map((d) => {
                const ranges = v.weeklyHours[d]
                const open = ranges.length > 0
                return (
                  <Stack key={d} gap={2}>
                    <Group gap="xs" wrap="nowrap" align="center" mih={36}>
                      <Switch
                        w={130}
                        size="xs"
                        label={WEEKDAY_LABELS[d]}
                        checked={open}
                        onChange={(e) =>
                          setDay(d, e.currentTarget.checked ? [['09:00', '17:00']] : [])
                        }
                      />
                      {open ? (
                        <Group gap={6} style={{ flex: 1 }}>
                          {ranges.map(([from, to], i) => (
                            <Group key={i} gap={4} wrap="nowrap">
                              <TextInput
                                type="time"
                                size="xs"
                                w={124}
                                aria-label={`${WEEKDAY_LABELS[d]} range ${i + 1} opens`}
                                value={from}
                                error={!!dayError(d)}
                                onChange={(e) =>
                                  setDay(
                                    d,
                                    ranges.map((r, j) =>
                                      j === i ? [e.currentTarget.value, r[1]] : r,
                                    ),
                                  )
                                }
                              />
                              <Text size="xs" c="dimmed">
                                to
                              </Text>
                              <TextInput
                                type="time"
                                size="xs"
                                w={124}
                                aria-label={`${WEEKDAY_LABELS[d]} range ${i + 1} closes`}
                                value={to === '24:00' ? '23:59' : to}
                                error={!!dayError(d)}
                                onChange={(e) =>
                                  setDay(
                                    d,
                                    ranges.map((r, j) =>
                                      j === i ? [r[0], e.currentTarget.value] : r,
                                    ),
                                  )
                                }
                              />
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                size="sm"
                                aria-label={`Remove ${WEEKDAY_LABELS[d]} range ${i + 1}`}
                                onClick={() =>
                                  setDay(
                                    d,
                                    ranges.filter((_, j) => j !== i),
                                  )
                                }
                              >
                                <IconX size={13} />
                              </ActionIcon>
                            </Group>
                          ))}
                          {ranges.length < 12 ? (
                            <Tooltip label="Add a range (e.g. after lunch)">
                              <ActionIcon
                                variant="subtle"
                                size="sm"
                                aria-label={`Add a ${WEEKDAY_LABELS[d]} range`}
                                onClick={() => {
                                  const last = ranges[ranges.length - 1]
                                  setDay(d, [...ranges, [last?.[1] ?? '09:00', '19:00']])
                                }}
                              >
                                <IconPlus size={14} />
                              </ActionIcon>
                            </Tooltip>
                          ) : null}
                        </Group>
                      ) : (
                        <Text size="xs" c="dimmed">
                          Closed
                        </Text>
                      )}
                      {d === 'mon' && open ? (
                        <Tooltip label="Use Monday's hours Tuesday to Friday">
                          <ActionIcon
                            variant="subtle"
                            size="sm"
                            aria-label="Copy Monday to Tuesday–Friday"
                            onClick={() =>
                              WORKDAYS.forEach((w) =>
                                setDay(
                                  w,
                                  ranges.map((r) => [...r]),
                                ),
                              )
                            }
                          >
                            <IconCopy size={14} />
                          </ActionIcon>
                        </Tooltip>
                      ) : null}
                    </Group>
                    {dayError(d) ? (
                      <Text size="xs" c="red" pl={136}>
                        {dayError(d)}
                      </Text>
                    ) : null}
                  </Stack>
                )
              })}
              {form.errors.weeklyHours ? (
                <Text size="xs" c="red">
                  {form.errors.weeklyHours}
                </Text>
              ) : null}
            </Stack>

            <Divider label="Closed dates" labelPosition="left" mt="xs" />
            <Group gap="xs" align="flex-end">
              <TextInput
                type="date"
                size="xs"
                aria-label="A closed date"
                value={closedDate}
                onChange={(e) => setClosedDate(e.currentTarget.value)}
              />
              <Button
                size="xs"
                variant="light"
                disabled={
                  !/^\d{4}-\d{2}-\d{2}$/.test(closedDate) || v.closedDates.includes(closedDate)
                }
                onClick={() => {
                  form.setFieldValue('closedDates', [...v.closedDates, closedDate].sort())
                  setClosedDate('')
                }}
              >
                Add closed date
              </Button>
            </Group>
            {v.closedDates.length ? (
              <Group gap={6}>
                {v.closedDates.map((date) => (
                  <Pill
                    key={date}
                    withRemoveButton
                    removeButtonProps={{ 'aria-label': `Open again on ${date}` }}
                    onRemove={() =>
                      form.setFieldValue(
                        'closedDates',
                        v.closedDates.filter((x) => x !== date),
                      )
                    }
                  >
                    {formatDate(date, locale)}
                  </Pill>
                ))}
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                Holidays and days off: no times are offered on them.
              </Text>
            )}
          </Stack>
          <Paper
            withBorder
            radius="md"
            p="sm"
            bg="gray.0"
            w={290}
            style={{ flexShrink: 0, position: 'sticky', top: 0 }}
            aria-label="Next free times"
          >
            <Text size="xs" fw={600} mb={4}>
              Next times offered{' '}
              <Text span size="xs" c="dimmed" fw={400}>
                (before bookings, in {v.timezone || 'the calendar’s zone'})
              </Text>
            </Text>
            {!preview ? (
              <Text size="xs" c="dimmed">
                Fix the highlighted fields to see the times.
              </Text>
            ) : preview.length === 0 ? (
              <Text size="xs" c="orange">
                No times in the next three weeks.
              </Text>
            ) : (
              <Stack gap="sm">
                {preview.map((day) => (
                  <Stack key={day.date} gap={4}>
                    <Text size="xs" fw={500}>
                      {formatDate(day.date, locale)}
                    </Text>
                    <Group gap={4}>
                      {day.times.slice(0, 10).map((t) => (
                        <Badge key={t} size="sm" variant="light" radius="sm">
                          {t}
                        </Badge>
                      ))}
                      {day.times.length > 10 ? (
                        <Text size="xs" c="dimmed">
                          +{day.times.length - 10} more
                        </Text>
                      ) : null}
                    </Group>
                  </Stack>
                ))}
              </Stack>
            )}
          </Paper>
        </Group>

        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit">Save calendar</Button>
        </Group>
      </Stack>
    </form>
  )
}

/** `2026-11-24` → "Tue 24 Nov" in the flow's language (a date, so read in UTC). */
function formatDate(date: string, locale: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}
