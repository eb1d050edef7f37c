import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { adminFetch } from '../auth/session'
import { Copyable } from './ConnectionPanel'

interface SigningSecret {
  pageId: string
  secret: string
  header: string
  algorithm: string
}

async function signingSecret(pageId: string, rotate: boolean): Promise<SigningSecret> {
  const path = `/api/leads/webhook-secrets/${encodeURIComponent(pageId)}${rotate ? '/rotate' : ''}`
  const res = await adminFetch(path, {
    method: rotate ? 'POST' : 'GET',
    headers: { accept: 'application/json' },
  })
  const json = (await res.json().catch(() => ({}))) as Partial<SigningSecret> & {
    message?: string
  }
  if (!res.ok || typeof json.secret !== 'string')
    throw new Error(json.message ?? `the runtime answered ${res.status}`)
  return json as SigningSecret
}

/**
 * The secret that signs this Page's CRM pushes (lead forms with a webhook): hidden until asked
 * for, and replaceable when it leaked; the new one is shown once, right after rotating.
 */
export function SigningSecretPanel({ pageId }: { pageId: string }) {
  const [shown, setShown] = useState<{ secret: string; rotated: boolean } | null>(null)
  const [busy, setBusy] = useState<'show' | 'rotate' | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (what: 'show' | 'rotate') => {
    setBusy(what)
    setError(null)
    try {
      const got = await signingSecret(pageId, what === 'rotate')
      setShown({ secret: got.secret, rotated: what === 'rotate' })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
      setConfirming(false)
    }
  }
  return (
    <Paper withBorder p="lg" radius="md" aria-label="CRM signing secret">
      <Stack gap="md">
        <Title order={4}>CRM signing secret</Title>
        <Text size="sm">
          Lead forms that send leads to a CRM webhook sign each request with this secret (header{' '}
          <code>X-Charla-Signature: sha256=…</code>). Give it to the receiving side so it can check
          the lead came from Charla.
        </Text>
        {shown ? (
          <>
            <Copyable label="Signing secret" value={shown.secret} />
            {shown.rotated ? (
              <Text size="sm" c="orange.8" role="status">
                New secret: pushes are signed with it from now on and the old one no longer
                verifies. Update your CRM now.
              </Text>
            ) : null}
          </>
        ) : null}
        <Group>
          {shown ? (
            <Button variant="default" onClick={() => setShown(null)}>
              Hide secret
            </Button>
          ) : (
            <Button variant="default" onClick={() => run('show')} loading={busy === 'show'}>
              Show secret
            </Button>
          )}
          <Button color="orange" variant="light" onClick={() => setConfirming(true)}>
            Rotate secret
          </Button>
        </Group>
        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Rotate the secret?">
        <Stack>
          <Text size="sm">
            A new secret replaces this one at once: CRMs checking signatures with the old one will
            refuse the next leads until you give them the new one.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="orange" onClick={() => run('rotate')} loading={busy === 'rotate'}>
              Rotate secret
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  )
}
