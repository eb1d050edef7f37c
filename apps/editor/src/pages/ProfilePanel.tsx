import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { pagesApi, type ProfileSettings, type ProfileView } from './pagesApi'

const GREETING_MAX = 160
const MENU_MAX = 20
const BREAKERS_MAX = 4
const time = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
const chars = (s: string) => [...s].length

/**
 * The Page's Messenger profile: Get Started, greeting, persistent menu and ice breakers (each
 * opening a flow), whitelisted domains. Saved to Charla, then synced to Meta within its limit
 * of 10 calls per 10 minutes.
 */
export function ProfilePanel({ pageId }: { pageId: string }) {
  const [view, setView] = useState<ProfileView | null>(null)
  const [draft, setDraft] = useState<ProfileSettings | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    pagesApi.profile(pageId).then(
      (p) => {
        setView(p)
        setDraft(p.settings)
      },
      (e: Error) => setError(e.message),
    )
  }, [pageId])
  if (!view || !draft)
    return (
      <Paper withBorder p="lg" radius="md">
        <Text size="sm" c={error ? 'red' : 'dimmed'}>
          {error ?? 'Loading the Messenger profile…'}
        </Text>
      </Paper>
    )
  const set = (patch: Partial<ProfileSettings>) => setDraft({ ...draft, ...patch })
  const flowOptions = view.triggers.map((t) => ({
    value: t.payload,
    label: `${t.flowName}${t.live ? '' : ' (not published)'} · ${t.payload}`,
  }))
  const flowOf = (payload: string) => view.triggers.find((t) => t.payload === payload)?.flowId
  const greeting = draft.greeting.find((g) => g.locale === 'default')?.text ?? ''

  const saveAndSync = async () => {
    setBusy(true)
    setError(null)
    try {
      const saved = await pagesApi.saveProfile(pageId, draft)
      setView(saved)
      const { outcome, profile } = await pagesApi.syncProfile(pageId)
      setView(profile)
      if (outcome.status === 'failed') setError(outcome.error)
      else
        notifications.show({
          color: outcome.status === 'queued' ? 'yellow' : 'green',
          title:
            outcome.status === 'queued'
              ? `Saved; Messenger gets it at ${time(outcome.nextSyncAt)}`
              : outcome.status === 'unchanged'
                ? 'Messenger already shows this'
                : 'Messenger profile updated',
          message:
            outcome.status === 'queued'
              ? 'Meta allows 10 profile changes per 10 minutes; changes made until then go together.'
              : 'Changes can take a few minutes to show in Messenger.',
        })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="lg">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={4}>Messenger profile</Title>
            <Text size="sm" c="dimmed">
              What people see before they write: the Get Started button, a greeting, the menu and
              suggested questions.
            </Text>
          </div>
          <SyncStatus view={view} />
        </Group>

        <Switch
          label="Get Started button"
          description="Starts the flows whose trigger is Get Started. Messenger needs it for the menu."
          checked={draft.getStarted !== undefined}
          onChange={(e) => {
            const { getStarted: _drop, ...rest } = draft
            setDraft(
              e.currentTarget.checked ? { ...rest, getStarted: { payload: 'GET_STARTED' } } : rest,
            )
          }}
        />

        <Textarea
          label="Greeting"
          description={`Shown before the first message. ${'{{user_first_name}}'} puts in the person's first name.`}
          autosize
          minRows={2}
          value={greeting}
          error={chars(greeting) > GREETING_MAX ? `At most ${GREETING_MAX} characters` : undefined}
          rightSection={
            <Text size="xs" c={chars(greeting) > GREETING_MAX ? 'red' : 'dimmed'} pr={8}>
              {chars(greeting)}/{GREETING_MAX}
            </Text>
          }
          rightSectionWidth={64}
          onChange={(e) => {
            const text = e.currentTarget.value
            const others = draft.greeting.filter((g) => g.locale !== 'default')
            set({ greeting: text ? [{ locale: 'default', text }, ...others] : others })
          }}
        />

        <div>
          <Group justify="space-between" mb={6}>
            <Text fw={600} size="sm">
              Menu ({draft.persistentMenu.length}/{MENU_MAX})
            </Text>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={draft.persistentMenu.length >= MENU_MAX}
              onClick={() =>
                // Messenger shows the menu only with a Get Started button: turn it on with it.
                set({
                  persistentMenu: [...draft.persistentMenu, { title: '' }],
                  getStarted: draft.getStarted ?? { payload: 'GET_STARTED' },
                })
              }
            >
              Add menu item
            </Button>
          </Group>
          <Stack gap={6}>
            {draft.persistentMenu.map((item, i) => (
              <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                <TextInput
                  aria-label={`Menu item ${i + 1} title`}
                  placeholder="Title (30 characters)"
                  value={item.title}
                  maxLength={30}
                  style={{ flex: 1 }}
                  onChange={(e) => {
                    const next = [...draft.persistentMenu]
                    next[i] = { ...item, title: e.currentTarget.value }
                    set({ persistentMenu: next })
                  }}
                />
                <Select
                  aria-label={`Menu item ${i + 1} opens`}
                  placeholder="Opens the flow…"
                  data={flowOptions}
                  value={item.payload ?? null}
                  style={{ flex: 1.4 }}
                  onChange={(payload) => {
                    const next = [...draft.persistentMenu]
                    const flowId = payload ? flowOf(payload) : undefined
                    next[i] = {
                      title: item.title,
                      ...(payload ? { payload } : {}),
                      ...(flowId ? { flowId } : {}),
                    }
                    set({ persistentMenu: next })
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={6}
                  aria-label={`Remove menu item ${i + 1}`}
                  onClick={() =>
                    set({ persistentMenu: draft.persistentMenu.filter((_, j) => j !== i) })
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            {flowOptions.length === 0 ? (
              <Text size="xs" c="dimmed">
                Menu items open flows through a Get Started or menu/postback trigger: add one to a
                flow first.
              </Text>
            ) : null}
          </Stack>
        </div>

        <div>
          <Group justify="space-between" mb={6}>
            <Text fw={600} size="sm">
              Ice breakers ({draft.iceBreakers.length}/{BREAKERS_MAX})
            </Text>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              disabled={draft.iceBreakers.length >= BREAKERS_MAX || !flowOptions.length}
              onClick={() =>
                set({
                  iceBreakers: [
                    ...draft.iceBreakers,
                    { question: '', payload: flowOptions[0]!.value },
                  ],
                })
              }
            >
              Add question
            </Button>
          </Group>
          <Stack gap={6}>
            {draft.iceBreakers.map((item, i) => (
              <Group key={i} gap={6} wrap="nowrap">
                <TextInput
                  aria-label={`Ice breaker ${i + 1}`}
                  placeholder="A question people can tap (80 characters)"
                  value={item.question}
                  maxLength={80}
                  style={{ flex: 1 }}
                  onChange={(e) => {
                    const next = [...draft.iceBreakers]
                    next[i] = { ...item, question: e.currentTarget.value }
                    set({ iceBreakers: next })
                  }}
                />
                <Select
                  aria-label={`Ice breaker ${i + 1} opens`}
                  data={flowOptions}
                  value={item.payload}
                  style={{ flex: 1.4 }}
                  onChange={(payload) => {
                    if (!payload) return
                    const next = [...draft.iceBreakers]
                    const flowId = flowOf(payload)
                    next[i] = { question: item.question, payload, ...(flowId ? { flowId } : {}) }
                    set({ iceBreakers: next })
                  }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove ice breaker ${i + 1}`}
                  onClick={() => set({ iceBreakers: draft.iceBreakers.filter((_, j) => j !== i) })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </div>

        <TagsInput
          label="Whitelisted domains"
          description="https:// sites that open inside Messenger (webviews, checkout pages)"
          placeholder="https://shop.example.com"
          value={draft.whitelistedDomains}
          onChange={(v) => set({ whitelistedDomains: v })}
        />

        {error ? (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button onClick={saveAndSync} loading={busy}>
            Save and sync to Messenger
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}

function SyncStatus({ view }: { view: ProfileView }) {
  const now = Date.now()
  const lines: string[] = []
  if (view.queuedUntil) lines.push(`Next sync at ${time(view.queuedUntil)} (Meta’s limit)`)
  else if (view.syncedAt) lines.push(`Synced at ${time(view.syncedAt)}`)
  else lines.push('Not synced yet')
  lines.push(
    view.nextSyncAt > now
      ? `Limit reached: next change possible at ${time(view.nextSyncAt)}`
      : `${10 - view.callsInWindow} of 10 changes left in these 10 minutes`,
  )
  return (
    <Stack gap={0} align="flex-end" aria-label="Sync status">
      {lines.map((l) => (
        <Text key={l} size="xs" c="dimmed">
          {l}
        </Text>
      ))}
      {view.syncError ? (
        <Text size="xs" c="red" maw={320} ta="right">
          Last sync failed: {view.syncError}
        </Text>
      ) : null}
    </Stack>
  )
}
