import {
  Alert,
  Badge,
  Button,
  Code,
  Container,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconKey, IconPlus } from '@tabler/icons-react'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { authApi, type ApiTokenInfo } from './authApi'
import { ScreenHeader } from '../home/ScreenHeader'

const day = (ms?: number) => (ms === undefined ? '—' : new Date(ms).toLocaleString())

/** Settings: the API tokens programs (the CLI, CI) use, created and revoked here. */
export function SettingsPage({ onBack }: { onBack: () => void }) {
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const [name, setName] = useState('')
  const [made, setMade] = useState<{ token: string; name: string } | null>(null)
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null)

  const load = useCallback(async () => {
    try {
      setTokens(await authApi.listTokens())
    } catch (e) {
      setError((e as Error).message)
    }
  }, [])
  useEffect(() => void load(), [load])

  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const r = await authApi.createToken(name)
      setCreating(false)
      setName('')
      setMade({ token: r.token, name: r.info.name })
      await load()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  const revoke = async (t: ApiTokenInfo) => {
    try {
      await authApi.revokeToken(t.id)
      setRevoking(null)
      await load()
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader back={{ label: '← Flows', onClick: onBack }} />
      <Container size="lg" py="xl">
        <Title order={2} mb="lg">
          Settings
        </Title>
        {error && (
          <Alert color="red" mb="md" withCloseButton onClose={() => setError(null)}>
            {error}
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg">
          <Group justify="space-between" mb="sm">
            <div>
              <Title order={3}>API tokens</Title>
              <Text c="dimmed" size="sm">
                For scripts and CI: send <Code>Authorization: Bearer charla_…</Code> to the admin
                API. Or create one on the server with{' '}
                <Code>pnpm charla token create --name CI</Code>.
              </Text>
            </div>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New token
            </Button>
          </Group>
          {tokens && tokens.length === 0 && (
            <Text c="dimmed" py="md">
              No API tokens yet.
            </Text>
          )}
          {tokens && tokens.length > 0 && (
            <Table verticalSpacing="sm" aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>
                      <Code>{t.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>{day(t.createdAt)}</Table.Td>
                    <Table.Td>{day(t.lastUsedAt)}</Table.Td>
                    <Table.Td ta="right">
                      {t.revokedAt ? (
                        <Badge color="gray" variant="light">
                          Revoked
                        </Badge>
                      ) : (
                        <Button
                          size="xs"
                          color="red"
                          variant="subtle"
                          onClick={() => setRevoking(t)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </Container>

      <Modal opened={creating} onClose={() => setCreating(false)} title="New API token">
        <form onSubmit={create}>
          <Stack>
            <TextInput
              label="Name"
              description="What uses it, to recognise it later (e.g. GitHub Actions)."
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCreating(false)}>
                Cancel
              </Button>
              <Button type="submit">Create token</Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={made !== null} onClose={() => setMade(null)} title="Copy your new token">
        {made && (
          <Stack>
            <Alert color="yellow" icon={<IconKey size={18} />}>
              This is the only time “{made.name}” is shown. Charla keeps only a fingerprint of it.
            </Alert>
            <Code block data-testid="new-token" style={{ wordBreak: 'break-all' }}>
              {made.token}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={made.token}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={() => setMade(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke token?">
        {revoking && (
          <Stack>
            <Text>
              Programs using “{revoking.name}” will be refused from now on. This cannot be undone.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                Cancel
              </Button>
              <Button color="red" onClick={() => void revoke(revoking)}>
                Revoke
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </div>
  )
}
