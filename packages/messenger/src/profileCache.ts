import type { GraphClient, ProfileResult, UserProfile } from './graphClient'
import type { GraphErrorClass } from './graphErrors'

export interface ProfileCacheOptions {
  client: Pick<GraphClient, 'getProfile'>
  /** How long a fetched profile (or a lasting refusal) is kept. */
  ttlMs: number
  /** The clock; `Date.now` unless a test fixes it. */
  now?: () => number
  /** Least recently used entries go first beyond this. Default 10,000. */
  maxEntries?: number
}

export interface ProfileCache {
  /** The person's first and last name, fetched once per `ttlMs` per Page and PSID. */
  get(pageId: string, pageToken: string, psid: string): Promise<ProfileResult>
  /** Forgets one person (e.g. after a token change). */
  delete(pageId: string, psid: string): void
  readonly size: number
}

interface Entry {
  value: UserProfile | { error: GraphErrorClass }
  expiresAt: number
}

/**
 * A bounded LRU + TTL cache over `getProfile`, in memory (a Map keeps insertion order, so the
 * first key is the least recently used). Concurrent lookups of one person share one request.
 * Refusals that will not change soon (`terminal`, `unreachable`: e.g. 2018218 "No profile
 * available") are cached too; retryable and token errors are not.
 */
export function createProfileCache(options: ProfileCacheOptions): ProfileCache {
  const { client, ttlMs } = options
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 10_000
  const entries = new Map<string, Entry>()
  const pending = new Map<string, Promise<ProfileResult>>()

  const keyOf = (pageId: string, psid: string): string => `${pageId}:${psid}`

  function remember(key: string, value: Entry['value']): void {
    entries.delete(key)
    entries.set(key, { value, expiresAt: now() + ttlMs })
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done) break
      entries.delete(oldest.value)
    }
  }

  return {
    get(pageId, pageToken, psid) {
      const key = keyOf(pageId, psid)
      const hit = entries.get(key)
      if (hit && hit.expiresAt > now()) {
        entries.delete(key)
        entries.set(key, hit)
        return Promise.resolve(hit.value)
      }
      if (hit) entries.delete(key)
      const inFlight = pending.get(key)
      if (inFlight) return inFlight
      const fetching = client
        .getProfile(pageToken, psid)
        .then((result) => {
          if (!('error' in result)) remember(key, result)
          else if (result.error.kind === 'terminal' || result.error.kind === 'unreachable')
            remember(key, result)
          return result
        })
        .finally(() => pending.delete(key))
      pending.set(key, fetching)
      return fetching
    },
    delete(pageId, psid) {
      entries.delete(keyOf(pageId, psid))
    },
    get size() {
      return entries.size
    },
  }
}
