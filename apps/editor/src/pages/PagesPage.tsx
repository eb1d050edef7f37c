import { Badge, Button, Container, Group, NavLink, Paper, Stack, Text, Title } from '@mantine/core'
import { IconBrandMessenger, IconPlus } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import { ConnectionPanel } from './ConnectionPanel'
import { ConnectPageModal } from './ConnectPageModal'
import { pagesApi, type PageDetail, type PageSummary } from './pagesApi'
import { ProfilePanel } from './ProfilePanel'
import { SigningSecretPanel } from './SigningSecretPanel'
import { ScreenHeader } from '../home/ScreenHeader'

/**
 * The Facebook Pages flows are published to: connect one, paste its webhook settings into
 * Meta's dashboard, check what Meta thinks of it, and set its Messenger profile.
 */
export function PagesPage({ onBack }: { onBack: () => void }) {
  const [pages, setPages] = useState<PageSummary[] | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [detail, setDetail] = useState<PageDetail | null>(null)
  const [connecting, setConnecting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(() => {
    pagesApi.list().then(
      (p) => {
        setPages(p)
        setSelected((cur) => cur ?? p[0]?.id ?? null)
      },
      (e: Error) => setError(e.message),
    )
  }, [])
  useEffect(load, [load])
  useEffect(() => {
    setDetail(null)
    if (selected) pagesApi.get(selected).then(setDetail, (e: Error) => setError(e.message))
  }, [selected])

  return (
    <div style={{ minHeight: '100vh' }}>
      <ScreenHeader back={{ label: 'Flows', onClick: onBack }} current="Pages" />
      <Container size="xl" py="xl">
        <Group justify="space-between" mb="lg" align="flex-end">
          <div>
            <Title order={2}>Facebook Pages</Title>
            <Text c="dimmed" size="sm">
              Where your flows run. Tokens and secrets are stored encrypted and never shown again.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setConnecting(true)}>
            Connect a Page
          </Button>
        </Group>
        {error ? (
          <Text c="red" size="sm" mb="md" role="alert">
            {error}
          </Text>
        ) : null}
        <Group align="flex-start" gap="lg" wrap="nowrap">
          <Paper withBorder radius="md" p={4} w={260} style={{ flexShrink: 0 }}>
            {pages?.length ? (
              pages.map((p) => (
                <NavLink
                  key={p.id}
                  active={p.id === selected}
                  label={p.name}
                  description={p.id}
                  leftSection={<IconBrandMessenger size={18} />}
                  rightSection={
                    p.status === 'active' ? null : (
                      <Badge color="orange" size="xs">
                        {p.status}
                      </Badge>
                    )
                  }
                  onClick={() => setSelected(p.id)}
                />
              ))
            ) : (
              <Text size="sm" c="dimmed" p="sm">
                {pages ? 'No Page connected yet.' : 'Loading…'}
              </Text>
            )}
          </Paper>
          <Stack style={{ flex: 1, minWidth: 0 }} gap="lg">
            {detail ? (
              <>
                <Group gap="sm">
                  <Title order={3}>{detail.name}</Title>
                  <Badge color={detail.status === 'active' ? 'green' : 'orange'} variant="light">
                    {detail.status}
                  </Badge>
                  {detail.pausedReason ? (
                    <Text size="sm" c="orange.8">
                      {detail.pausedReason}: paste a new token to resume.
                    </Text>
                  ) : null}
                </Group>
                <ConnectionPanel key={`c-${detail.id}`} page={detail} />
                <ProfilePanel key={`p-${detail.id}`} pageId={detail.id} />
                <SigningSecretPanel key={`s-${detail.id}`} pageId={detail.id} />
              </>
            ) : null}
          </Stack>
        </Group>
      </Container>
      <ConnectPageModal
        opened={connecting}
        onClose={() => setConnecting(false)}
        onConnected={(page) => {
          setConnecting(false)
          setSelected(page.id)
          load()
        }}
      />
    </div>
  )
}
