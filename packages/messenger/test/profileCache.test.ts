import { describe, expect, it } from 'vitest'
import { createProfileCache, type GraphErrorClass, type ProfileResult } from '../src'

function fakeClient(answer: (psid: string) => ProfileResult) {
  const calls: string[] = []
  return {
    calls,
    getProfile: (token: string, psid: string): Promise<ProfileResult> => {
      calls.push(`${token}:${psid}`)
      return Promise.resolve(answer(psid))
    },
  }
}

const error = (kind: GraphErrorClass['kind']): ProfileResult => ({
  error: { kind, message: kind },
})

describe('createProfileCache', () => {
  it('fetches once per page and PSID until the TTL passes', async () => {
    let now = 1000
    const client = fakeClient((psid) => ({ firstName: `F${psid}` }))
    const cache = createProfileCache({ client, ttlMs: 100, now: () => now })
    expect(await cache.get('p1', 't1', '1')).toStrictEqual({ firstName: 'F1' })
    expect(await cache.get('p1', 't1', '1')).toStrictEqual({ firstName: 'F1' })
    expect(await cache.get('p2', 't2', '1')).toStrictEqual({ firstName: 'F1' })
    expect(client.calls).toStrictEqual(['t1:1', 't2:1'])
    now += 99
    await cache.get('p1', 't1', '1')
    expect(client.calls).toHaveLength(2)
    now += 1
    await cache.get('p1', 't1', '1')
    expect(client.calls).toStrictEqual(['t1:1', 't2:1', 't1:1'])
  })

  it('shares one request between concurrent lookups', async () => {
    const client = fakeClient(() => ({ firstName: 'A' }))
    const cache = createProfileCache({ client, ttlMs: 1000 })
    await Promise.all(Array.from({ length: 10 }, () => cache.get('p', 't', '1')))
    expect(client.calls).toHaveLength(1)
  })

  it('evicts the least recently used beyond maxEntries', async () => {
    const client = fakeClient((psid) => ({ firstName: psid }))
    const cache = createProfileCache({ client, ttlMs: 1e9, now: () => 0, maxEntries: 2 })
    await cache.get('p', 't', '1')
    await cache.get('p', 't', '2')
    await cache.get('p', 't', '1') // 1 is now the most recent
    await cache.get('p', 't', '3') // evicts 2
    expect(cache.size).toBe(2)
    await cache.get('p', 't', '1')
    expect(client.calls).toStrictEqual(['t:1', 't:2', 't:3'])
    await cache.get('p', 't', '2')
    expect(client.calls).toStrictEqual(['t:1', 't:2', 't:3', 't:2'])
  })

  it('remembers lasting refusals but not passing trouble', async () => {
    const answers: Record<string, ProfileResult> = {
      a: error('terminal'),
      b: error('retryable'),
      c: error('token'),
    }
    const client = fakeClient((psid) => answers[psid] ?? {})
    const cache = createProfileCache({ client, ttlMs: 1000 })
    for (const psid of ['a', 'a', 'b', 'b', 'c', 'c']) await cache.get('p', 't', psid)
    expect(client.calls).toStrictEqual(['t:a', 't:b', 't:b', 't:c', 't:c'])
    cache.delete('p', 'a')
    await cache.get('p', 't', 'a')
    expect(client.calls).toHaveLength(6)
  })
})
