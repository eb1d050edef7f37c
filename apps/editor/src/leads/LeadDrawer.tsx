import {
  Alert,
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { leadsApi, type Lead, type LeadDelivery } from './leadsApi'
import { answerText, personName, PUSH_LABEL, sourceText, STATUS_LABEL, when } from './leadText'

/** One lead: every answer, where it came from, and each attempt to send it to the CRM. */
export function LeadDrawer({
  leadId,
  onClose,
  onForgotten,
}: {
  leadId: string | null
  onClose: () => void
  onForgotten: (lead: Lead, deletedLeads: number) => void
}) {
  const [data, setData] = useState<{ lead: Lead; deliveries: LeadDelivery[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [deleting, setDeleting] = useState(false)

  useEffect(() => {
    setData(null)
    setError(null)
    if (!leadId) return
    let live = true
    leadsApi.get(leadId).then(
      (d) => live && setData(d),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [leadId])

  const lead = data?.lead
  const forget = async () => {
    if (!lead) return
    setDeleting(true)
    try {
      const { deletedLeads } = await leadsApi.forgetContact(lead.pageId, lead.psid)
      setConfirming(false)
      onForgotten(lead, deletedLeads)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setDeleting(false)
    }
  }

  return (
    <Drawer
      opened={leadId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={lead ? personName(lead) : 'Lead'}
      aria-label="Lead details"
    >
      {error ? (
        <Alert color="red" icon={<IconAlertTriangle size={16} />}>
          {error}
        </Alert>
      ) : null}
      {!lead && !error ? <Loader size="sm" /> : null}
      {lead && data ? (
        <Stack gap="lg">
          <Group gap="xs">
            <Badge color={STATUS_LABEL[lead.status].color}>{STATUS_LABEL[lead.status].label}</Badge>
            {lead.push ? (
              <Badge color={PUSH_LABEL[lead.push.status]?.color} variant="light">
                {PUSH_LABEL[lead.push.status]?.label}
              </Badge>
            ) : null}
            {lead.test ? (
              <Badge color="gray" variant="outline">
                Simulator
              </Badge>
            ) : null}
          </Group>

          <section aria-label="Answers">
            <Title order={5} mb="xs">
              Answers
            </Title>
            {Object.keys(lead.answers).length ? (
              <Table withTableBorder>
                <Table.Tbody>
                  {Object.entries(lead.answers).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Th w={160}>{k}</Table.Th>
                      <Table.Td style={{ wordBreak: 'break-word' }}>{answerText(v)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text c="dimmed" size="sm">
                No answers yet.
              </Text>
            )}
          </section>

          <section aria-label="About this lead">
            <Title order={5} mb="xs">
              About
            </Title>
            <Table withTableBorder>
              <Table.Tbody>
                {[
                  ['Source', sourceText(lead)],
                  ['Consent', lead.consent === undefined ? '—' : lead.consent ? 'Yes' : 'No'],
                  ['Flow', lead.flowName ?? lead.flowId],
                  ['Page', lead.pageName ?? lead.pageId],
                  ['Messenger id (PSID)', lead.psid],
                  ['Started', when(lead.createdAt)],
                  ['Last answer', when(lead.updatedAt)],
                  ['Completed', when(lead.completedAt) || '—'],
                ].map(([k, v]) => (
                  <Table.Tr key={k}>
                    <Table.Th w={160}>{k}</Table.Th>
                    <Table.Td>{v}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>

          <section aria-label="CRM deliveries">
            <Title order={5} mb="xs">
              CRM deliveries
            </Title>
            {!lead.push ? (
              <Text c="dimmed" size="sm">
                This form has no CRM webhook
                {lead.status === 'completed' ? '' : ' (or it is not complete yet)'}.
              </Text>
            ) : (
              <Stack gap="xs">
                <Text size="sm">
                  To <Code>{lead.push.url}</Code>
                  {lead.push.status === 'pending' && lead.push.nextAttemptAt
                    ? ` · next try ${when(lead.push.nextAttemptAt)}, until ${when(lead.push.deadline)}`
                    : ''}
                  {lead.push.status === 'failed'
                    ? ` · given up after ${lead.push.attempts} attempts`
                    : ''}
                </Text>
                {data.deliveries.length ? (
                  <Table withTableBorder striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>#</Table.Th>
                        <Table.Th>When</Table.Th>
                        <Table.Th>Result</Table.Th>
                        <Table.Th>Time</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.deliveries.map((d) => (
                        <Table.Tr key={d.id}>
                          <Table.Td>{d.attempt}</Table.Td>
                          <Table.Td>{when(d.at)}</Table.Td>
                          <Table.Td>
                            <Badge color={d.ok ? 'green' : 'red'} variant="light" mr="xs">
                              {d.statusCode ?? (d.ok ? 'OK' : 'Error')}
                            </Badge>
                            {d.error ? (
                              <Text span size="xs" c="dimmed">
                                {d.error}
                              </Text>
                            ) : null}
                          </Table.Td>
                          <Table.Td>{d.durationMs} ms</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : (
                  <Text c="dimmed" size="sm">
                    Not attempted yet.
                  </Text>
                )}
              </Stack>
            )}
          </section>

          <Group justify="flex-end">
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={() => setConfirming(true)}
            >
              Delete this person’s data
            </Button>
          </Group>
        </Stack>
      ) : null}

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Delete this person’s data?"
        centered
      >
        <Stack>
          <Text size="sm">
            Every lead of {lead ? personName(lead) : 'this person'} on this Page, their CRM delivery
            log, their conversation and contact record will be deleted for good. Leads already sent
            to your CRM stay there.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={deleting} onClick={() => void forget()}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Drawer>
  )
}
