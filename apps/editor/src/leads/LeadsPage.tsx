import {
  Alert,
  Badge,
  Button,
  Center,
  Container,
  Group,
  Loader,
  Pagination,
  Select,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconSearch } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import { api, type FlowSummary } from '../api'
import { LeadDrawer } from './LeadDrawer'
import { leadsApi, type Lead, type LeadFilters, type LeadStatus } from './leadsApi'
import { keyAnswers, personName, PUSH_LABEL, sourceText, STATUS_LABEL, when } from './leadText'
import { ScreenHeader } from '../home/ScreenHeader'

const PAGE_SIZE = 25

/**
 * The leads of every lead form: filter by flow, status and dates, search answers and names,
 * open one for its answers and CRM deliveries, download what is shown as CSV.
 */
export function LeadsPage({ onBack }: { onBack: () => void }) {
  const [flows, setFlows] = useState<FlowSummary[]>([])
  const [filters, setFilters] = useState<LeadFilters>({})
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const [page, setPage] = useState(1)
  const [result, setResult] = useState<{ leads: Lead[]; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)

  const active: LeadFilters = { ...filters, ...(q.trim() ? { q } : {}) }
  const key = JSON.stringify(active)

  const load = useCallback(() => {
    const f = JSON.parse(key) as LeadFilters
    leadsApi.list(f, PAGE_SIZE, (page - 1) * PAGE_SIZE).then(
      (r) => {
        setResult(r)
        setError(null)
      },
      (e: Error) => setError(e.message),
    )
  }, [key, page])

  useEffect(load, [load])
  useEffect(() => {
    api.listFlows().then(setFlows, () => setFlows([]))
  }, [])
  // A new filter starts from the first page.
  useEffect(() => setPage(1), [key])

  const set = (patch: Partial<LeadFilters>) =>
    setFilters((f) => {
      const next = { ...f, ...patch }
      for (const k of Object.keys(next) as (keyof LeadFilters)[]) if (!next[k]) delete next[k]
      return next
    })

  const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1
  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader back={{ label: 'Flows', onClick: onBack }} current="Leads" />
      <Container size="xl" py="xl">
        <Group justify="space-between" mb="md" align="flex-end">
          <div>
            <Title order={2}>Leads</Title>
            <Text c="dimmed" size="sm">
              {result
                ? `${result.total.toLocaleString()} lead${result.total === 1 ? '' : 's'}`
                : 'Loading…'}
              {' · '}saved as people answer, so unfinished forms are here too.
            </Text>
          </div>
          <Button
            component="a"
            href={leadsApi.exportUrl(active)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            Download CSV
          </Button>
        </Group>

        <Group mb="md" gap="sm" align="flex-end" role="search" aria-label="Filter leads">
          <TextInput
            label="Search"
            placeholder="Email, name, any answer"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <Select
            label="Flow"
            placeholder="All flows"
            clearable
            data={flows.map((f) => ({ value: f.id, label: f.name }))}
            value={filters.flowId ?? null}
            onChange={(v) => set({ flowId: v ?? undefined })}
            w={220}
          />
          <Select
            label="Status"
            placeholder="Any status"
            clearable
            data={(Object.keys(STATUS_LABEL) as LeadStatus[]).map((s) => ({
              value: s,
              label: STATUS_LABEL[s].label,
            }))}
            value={filters.status ?? null}
            onChange={(v) => set({ status: (v as LeadStatus | null) ?? undefined })}
            w={160}
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
          <Alert color="red" title="The leads could not be loaded" mb="md">
            {error}
          </Alert>
        ) : null}

        {!result ? (
          <Center py="xl">
            <Loader />
          </Center>
        ) : result.leads.length === 0 ? (
          <Center py={60}>
            <Text c="dimmed">
              {Object.keys(active).length
                ? 'No lead matches these filters.'
                : 'No leads yet. Publish a flow with a lead form, or try one in the simulator.'}
            </Text>
          </Center>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" aria-label="Leads">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Flow</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>CRM</Table.Th>
                <Table.Th>Started</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.leads.map((lead) => (
                <Table.Tr
                  key={lead.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => setOpen(lead.id)}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') setOpen(lead.id)
                  }}
                >
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {personName(lead)}
                    </Text>
                    {lead.test ? (
                      <Badge size="xs" color="gray" variant="outline">
                        Simulator
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{keyAnswers(lead)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{lead.flowName ?? flowName(lead.flowId)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_LABEL[lead.status].color} variant="light">
                      {STATUS_LABEL[lead.status].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{sourceText(lead)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {lead.push ? (
                      <Badge color={PUSH_LABEL[lead.push.status]?.color} variant="dot">
                        {PUSH_LABEL[lead.push.status]?.label}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(lead.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        {result && result.total > PAGE_SIZE ? (
          <Group justify="center" mt="lg">
            <Pagination total={pages} value={page} onChange={setPage} />
          </Group>
        ) : null}
      </Container>

      <LeadDrawer
        leadId={open}
        onClose={() => setOpen(null)}
        onForgotten={(lead, n) => {
          setOpen(null)
          notifications.show({
            color: 'green',
            message: `Deleted ${personName(lead)}’s data (${n} lead${n === 1 ? '' : 's'}).`,
          })
          load()
        }}
      />
    </div>
  )
}
