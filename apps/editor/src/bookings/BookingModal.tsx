import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { personName } from './BookingsGrid'
import { bookingsApi, type Booking } from './bookingsApi'
import { whenIn } from './bookingTime'

/**
 * One booking's details, and cancelling it from the business side: a second, explicit step
 * says what happens (the place is freed, reminders stop, the person is told in Messenger).
 */
export function BookingModal(props: {
  booking: Booking | null
  onClose: () => void
  onCancelled: (b: Booking) => void
}) {
  const b = props.booking
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setConfirming(false)
    setError(null)
  }, [b?.id])

  const cancel = async () => {
    if (!b) return
    setBusy(true)
    try {
      const { booking } = await bookingsApi.cancel(b.id)
      props.onCancelled(booking)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const rows: [string, string][] = b
    ? [
        ['When', `${whenIn(b.start, b.timezone)} – ${whenIn(b.end, b.timezone).split(', ')[1]}`],
        ['Time zone', b.timezone],
        ['Service', b.service],
        ['Calendar', b.calendarName],
        ['Reminders', b.status === 'confirmed' ? String(b.reminders) : 'none (cancelled)'],
        ['Booked', new Date(b.createdAt).toLocaleString()],
        ...(b.cancelledAt
          ? ([['Cancelled', new Date(b.cancelledAt).toLocaleString()]] as [string, string][])
          : []),
        ['Booking id', b.id],
      ]
    : []

  return (
    <Modal
      opened={b !== null}
      onClose={props.onClose}
      centered
      title={
        b ? (
          <Group gap="xs">
            <Text fw={600}>{personName(b)}</Text>
            <Badge color={b.status === 'confirmed' ? 'green' : 'gray'} variant="light">
              {b.status === 'confirmed' ? 'Confirmed' : 'Cancelled'}
            </Badge>
            {b.test ? (
              <Badge color="gray" variant="outline">
                Simulator
              </Badge>
            ) : null}
          </Group>
        ) : null
      }
    >
      {b ? (
        <Stack gap="md">
          <Table withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Td w={110}>
                    <Text size="sm" c="dimmed">
                      {k}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff={k === 'Booking id' ? 'monospace' : undefined}>
                      {v}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {error ? (
            <Alert color="red" title="The booking could not be cancelled">
              {error}
            </Alert>
          ) : null}
          {b.status !== 'confirmed' ? null : confirming ? (
            <Alert color="red" variant="light" title={`Cancel ${personName(b)}’s booking?`}>
              <Text size="sm" mb="sm">
                The place is freed, no reminder is sent, and {personName(b)} is told in Messenger
                that the appointment was cancelled.
              </Text>
              <Group justify="flex-end" gap="xs">
                <Button variant="default" onClick={() => setConfirming(false)} disabled={busy}>
                  Keep it
                </Button>
                <Button color="red" loading={busy} onClick={() => void cancel()}>
                  Yes, cancel and tell them
                </Button>
              </Group>
            </Alert>
          ) : (
            <Group justify="flex-end">
              <Button color="red" variant="light" onClick={() => setConfirming(true)}>
                Cancel booking
              </Button>
            </Group>
          )}
        </Stack>
      ) : null}
    </Modal>
  )
}
