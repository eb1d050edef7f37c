import {
  ActionIcon,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCircleCheck, IconCopy } from '@tabler/icons-react'
import { useState } from 'react'
import { pagesApi, type ConnectionReport, type PageDetail } from './pagesApi'

export function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Group gap={6} wrap="nowrap">
        <Code style={{ flex: 1, overflowWrap: 'anywhere' }} aria-label={label}>
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon
                variant="subtle"
                onClick={copy}
                aria-label={`Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </div>
  )
}

/** What Meta needs from us (ready to paste), and what Meta thinks of this Page's settings. */
export function ConnectionPanel({ page }: { page: PageDetail }) {
  const [report, setReport] = useState<ConnectionReport | null>(null)
  const [busy, setBusy] = useState<'check' | 'subscribe' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (what: 'check' | 'subscribe') => {
    setBusy(what)
    setError(null)
    try {
      setReport(
        what === 'check' ? await pagesApi.check(page.id) : await pagesApi.subscribe(page.id),
      )
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  const subscriptionFailed = report?.checks.some((c) => c.id === 'subscription' && !c.ok)
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={4}>Connection</Title>
          <Text size="sm" c="dimmed">
            Token ····{page.accessToken.last4} · app secret {page.appSecret.set ? 'set' : 'missing'}
          </Text>
        </Group>
        <Text size="sm">In Meta’s app dashboard (Messenger › Settings › Webhooks), paste:</Text>
        <Copyable label="Callback URL" value={page.webhookUrl} />
        <Copyable label="Verify token" value={page.verifyToken} />
        <Group>
          <Button onClick={() => run('check')} loading={busy === 'check'}>
            Check connection
          </Button>
          {subscriptionFailed ? (
            <Button variant="light" onClick={() => run('subscribe')} loading={busy === 'subscribe'}>
              Subscribe the app
            </Button>
          ) : null}
        </Group>
        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
        {report ? (
          <Stack gap={6} aria-label="Connection checks">
            {report.checks.map((c) => (
              <Group key={c.id} gap={8} wrap="nowrap" align="flex-start" data-ok={c.ok}>
                {c.ok ? (
                  <IconCircleCheck size={18} color="var(--mantine-color-green-7)" aria-label="OK" />
                ) : (
                  <IconAlertTriangle
                    size={18}
                    color="var(--mantine-color-orange-7)"
                    aria-label="Problem"
                  />
                )}
                <Text size="sm">{c.message}</Text>
              </Group>
            ))}
            {report.ok ? (
              <Text size="sm" c="green.8" fw={600}>
                Everything is connected.
              </Text>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  )
}
