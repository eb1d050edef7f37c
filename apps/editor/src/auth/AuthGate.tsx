import { Center, Loader, Text } from '@mantine/core'
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { authApi, type AuthUser } from './authApi'
import { AuthContext } from './AuthContext'
import { AuthScreen } from './AuthScreen'
import { onUnauthorized } from './session'

type Status =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup' }
  | { kind: 'login' }
  | { kind: 'in'; user: AuthUser }

/**
 * Shows the editor only to a logged-in admin: the setup screen on the first run, the login
 * screen otherwise, and the login screen again whenever the API says the session ended.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>({ kind: 'loading' })

  const refresh = useCallback(async () => {
    try {
      const s = await authApi.state()
      setStatus(s.user ? { kind: 'in', user: s.user } : { kind: s.setupNeeded ? 'setup' : 'login' })
    } catch (e) {
      setStatus({ kind: 'unreachable', message: (e as Error).message })
    }
  }, [])

  useEffect(() => {
    void refresh()
    return onUnauthorized(() => setStatus({ kind: 'login' }))
  }, [refresh])

  const logout = useCallback(async () => {
    await authApi.logout().catch(() => undefined)
    setStatus({ kind: 'login' })
  }, [])
  const value = useMemo(
    () => (status.kind === 'in' ? { user: status.user, logout } : null),
    [status, logout],
  )

  switch (status.kind) {
    case 'loading':
      return (
        <Center h="100vh">
          <Loader aria-label="Loading" />
        </Center>
      )
    case 'unreachable':
      return (
        <Center h="100vh">
          <Text c="red">{status.message}</Text>
        </Center>
      )
    case 'setup':
      return (
        <AuthScreen
          mode="setup"
          onSubmit={async (email, password) => {
            const r = await authApi.setup(email, password)
            setStatus({ kind: 'in', user: r.user })
          }}
        />
      )
    case 'login':
      return (
        <AuthScreen
          mode="login"
          onSubmit={async (email, password) => {
            const r = await authApi.login(email, password)
            setStatus({ kind: 'in', user: r.user })
          }}
        />
      )
    case 'in':
      return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
  }
}
