import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconMessageChatbot } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { AuthError } from './authApi'

/**
 * The one form behind both the first-run setup and the login: an email, a password (twice for
 * setup) and the runtime's answer in plain words.
 */
export function AuthScreen(props: {
  mode: 'setup' | 'login'
  onSubmit: (email: string, password: string) => Promise<void>
}) {
  const setup = props.mode === 'setup'
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    if (setup && password !== again) return setError('The two passwords differ.')
    setBusy(true)
    try {
      await props.onSubmit(email, password)
    } catch (err) {
      setError(
        err instanceof AuthError && err.code === 'too_many_attempts'
          ? `Too many failed logins. Try again in ${Math.ceil((err.retryAfterSec ?? 60) / 60)} minutes.`
          : err instanceof Error
            ? capitalize(err.message)
            : String(err),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="ch-auth">
      <Paper component="form" onSubmit={submit} withBorder shadow="sm" radius="md" p="xl" w={400}>
        <Stack gap="md">
          <Stack gap={4} align="center">
            <IconMessageChatbot size={40} color="var(--mantine-color-blue-6)" aria-hidden />
            <Title order={2}>{setup ? 'Welcome to Charla' : 'Log in to Charla'}</Title>
            <Text c="dimmed" size="sm" ta="center">
              {setup
                ? 'Create the admin account. You will use it to log in to the flow builder.'
                : 'Use the admin account of this Charla.'}
            </Text>
          </Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete={setup ? 'email' : 'username'}
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            description={setup ? 'At least 10 characters.' : undefined}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {setup && (
            <PasswordInput
              label="Password again"
              autoComplete="new-password"
              required
              value={again}
              onChange={(e) => setAgain(e.currentTarget.value)}
            />
          )}
          <Button type="submit" loading={busy} fullWidth>
            {setup ? 'Create admin account' : 'Log in'}
          </Button>
        </Stack>
      </Paper>
    </div>
  )
}

function capitalize(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1)
  return /[.!?]$/.test(t) ? t : `${t}.`
}
