import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'

const user = (id: string, email = `${id}@example.com`) => ({
  id,
  email,
  passwordHash: `scrypt$hash-of-${id}`,
})

export function authContract(storage: () => Storage): void {
  describe('auth', () => {
    it('creates the first user once, then refuses another first user', async () => {
      expect(await storage().auth.countUsers()).toBe(0)
      const first = await storage().auth.createFirstUser(user('u1'), 100)
      expect(first).toEqual({ ...user('u1'), createdAt: 100, updatedAt: 100 })
      expect(await storage().auth.createFirstUser(user('u2'), 200)).toBeUndefined()
      expect(await storage().auth.countUsers()).toBe(1)
      expect(await storage().auth.userByEmail('u1@example.com')).toEqual(first)
      expect(await storage().auth.userById('u1')).toEqual(first)
      expect(await storage().auth.userByEmail('u2@example.com')).toBeUndefined()
    })

    it('refuses a second user with a taken email', async () => {
      await storage().auth.createUser(user('u1', 'a@example.com'), 100)
      await expect(storage().auth.createUser(user('u2', 'a@example.com'), 100)).rejects.toThrow()
    })

    it('keeps sessions until deleted or pruned, and a password change ends them', async () => {
      await storage().auth.createUser(user('u1'), 100)
      const s = { idHash: 'h1', userId: 'u1', createdAt: 100, lastSeenAt: 100, expiresAt: 1000 }
      await storage().auth.createSession(s)
      await storage().auth.createSession({ ...s, idHash: 'h2' })
      await storage().auth.createSession({ ...s, idHash: 'h3', expiresAt: 5000 })
      expect(await storage().auth.session('h1')).toEqual(s)
      await storage().auth.touchSession('h1', 500)
      expect(await storage().auth.session('h1')).toMatchObject({ lastSeenAt: 500 })
      await storage().auth.deleteSession('h2')
      expect(await storage().auth.session('h2')).toBeUndefined()
      // h1 expired at 1000; h3 idle since 100.
      expect(await storage().auth.pruneSessions(1000, 50)).toBe(1)
      expect(await storage().auth.session('h3')).toBeDefined()
      await storage().auth.setPassword('u1', 'scrypt$new', 2000)
      expect(await storage().auth.session('h3')).toBeUndefined()
      expect(await storage().auth.userById('u1')).toMatchObject({
        passwordHash: 'scrypt$new',
        updatedAt: 2000,
      })
    })

    it('lists, finds, touches and revokes API tokens', async () => {
      const t = { id: 't1', name: 'CI', tokenHash: 'th1', prefix: 'charla_ab', createdAt: 100 }
      expect(await storage().auth.createToken(t)).toEqual(t)
      await storage().auth.createToken({
        ...t,
        id: 't2',
        tokenHash: 'th2',
        createdAt: 200,
        userId: 'u1',
      })
      expect((await storage().auth.listTokens()).map((x) => x.id)).toEqual(['t2', 't1'])
      await storage().auth.touchToken('t1', 300)
      expect(await storage().auth.tokenByHash('th1')).toEqual({ ...t, lastUsedAt: 300 })
      expect(await storage().auth.revokeToken('t1', 400)).toBe(true)
      expect(await storage().auth.revokeToken('t1', 500)).toBe(false)
      expect(await storage().auth.revokeToken('nope', 500)).toBe(false)
      expect(await storage().auth.tokenByHash('th1')).toMatchObject({ revokedAt: 400 })
      expect(await storage().auth.tokenByHash('nope')).toBeUndefined()
    })
  })
}
