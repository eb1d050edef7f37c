import { Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { pagesApi, type PageDetail } from './pagesApi'

/** Connecting a Page: its id and secrets go to the runtime once and never come back. */
export function ConnectPageModal(props: {
  opened: boolean
  onClose: () => void
  onConnected: (page: PageDetail) => void
}) {
  const [id, setId] = useState('')
  const [name, setName] = useState('')
  const [accessToken, setAccessToken] = useState('')
  const [appSecret, setAppSecret] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const connect = async () => {
    setBusy(true)
    setError(null)
    try {
      const page = await pagesApi.connect({
        id: id.trim(),
        ...(name.trim() ? { name: name.trim() } : {}),
        accessToken: accessToken.trim(),
        appSecret: appSecret.trim(),
      })
      setAccessToken('')
      setAppSecret('')
      props.onConnected(page)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Connect a Facebook Page" size="md">
      <Stack>
        <Text size="sm" c="dimmed">
          From Meta’s app dashboard: the Page id and a Page access token (Messenger › Settings), and
          the app secret (App settings › Basic). They are stored encrypted and never shown again.
        </Text>
        <TextInput
          label="Page id"
          placeholder="1234567890"
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
          required
        />
        <TextInput
          label="Name"
          description="How the editor calls this Page"
          placeholder="My shop"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <PasswordInput
          label="Page access token"
          value={accessToken}
          onChange={(e) => setAccessToken(e.currentTarget.value)}
          required
        />
        <PasswordInput
          label="App secret"
          value={appSecret}
          onChange={(e) => setAppSecret(e.currentTarget.value)}
          required
        />
        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
        <Button
          onClick={connect}
          loading={busy}
          disabled={!id.trim() || !accessToken.trim() || !appSecret.trim()}
        >
          Connect
        </Button>
      </Stack>
    </Modal>
  )
}
