import { createContext, useContext } from 'react'
import type { AuthUser } from './authApi'

export interface AuthContextValue {
  user: AuthUser
  logout: () => Promise<void>
}

export const AuthContext = createContext<AuthContextValue | null>(null)

/** The logged-in admin; only inside `AuthGate`. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext)
  if (!value) throw new Error('useAuth is only available inside AuthGate')
  return value
}
