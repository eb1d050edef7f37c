import type { Page, PageRepository, Storage } from '@charla/storage'

/**
 * Pages are read for every event (webhook secret, worker, relay) and change rarely: keep them
 * for `ttlMs`, and forget one at once when this process changes it. Another process's change
 * (scale-out) is seen within `ttlMs`.
 */
export function withPageCache(
  storage: Storage,
  ttlMs: number,
  now: () => number = Date.now,
): Storage {
  const cache = new Map<string, { page: Page | undefined; at: number }>()
  const inner = storage.pages
  const pages: PageRepository = {
    async get(id) {
      const hit = cache.get(id)
      if (hit && now() - hit.at < ttlMs) return hit.page
      const page = await inner.get(id)
      cache.set(id, { page, at: now() })
      return page
    },
    async upsert(page, at) {
      cache.delete(page.id)
      return inner.upsert(page, at)
    },
    async setStatus(id, status, reason, at) {
      cache.delete(id)
      return inner.setStatus(id, status, reason, at)
    },
    list: () => inner.list(),
  }
  return { ...storage, pages }
}
