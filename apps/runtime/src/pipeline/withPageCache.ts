import type { FlowRepository, FlowVersion, Page, PageRepository, Storage } from '@charla/storage'

/**
 * Pages and the flows published on them are read for every event (webhook secret, worker,
 * relay) and change rarely: keep them for `ttlMs`, and forget an entry at once when this
 * process changes it. Another process's change (scale-out) is seen within `ttlMs`.
 */
export function withPageCache(
  storage: Storage,
  ttlMs: number,
  now: () => number = Date.now,
): Storage {
  const cachedPages = new Map<string, { page: Page | undefined; at: number }>()
  const live = new Map<string, { versions: FlowVersion[]; at: number }>()
  const innerPages = storage.pages
  const innerFlows = storage.flows
  const pages: PageRepository = {
    async get(id) {
      const hit = cachedPages.get(id)
      if (hit && now() - hit.at < ttlMs) return hit.page
      const page = await innerPages.get(id)
      cachedPages.set(id, { page, at: now() })
      return page
    },
    async upsert(page, at) {
      cachedPages.delete(page.id)
      return innerPages.upsert(page, at)
    },
    async setStatus(id, status, reason, at) {
      cachedPages.delete(id)
      return innerPages.setStatus(id, status, reason, at)
    },
    list: () => innerPages.list(),
    async reencryptSecrets() {
      cachedPages.clear()
      return innerPages.reencryptSecrets()
    },
    async delete(id) {
      cachedPages.delete(id)
      live.delete(id)
      return innerPages.delete(id)
    },
  }
  const flows: FlowRepository = {
    saveDraft: (flow, expected, at) => innerFlows.saveDraft(flow, expected, at),
    getDraft: (id) => innerFlows.getDraft(id),
    listDrafts: () => innerFlows.listDrafts(),
    deleteDraft: (id) => innerFlows.deleteDraft(id),
    getVersion: (id) => innerFlows.getVersion(id),
    listVersions: (flowId) => innerFlows.listVersions(flowId),
    publications: (flowId) => innerFlows.publications(flowId),
    findByHash: (flowId, hash) => innerFlows.findByHash(flowId, hash),
    history: (flowId) => innerFlows.history(flowId),
    async makeLive(versionId, pageId, at, options) {
      live.delete(pageId)
      return innerFlows.makeLive(versionId, pageId, at, options)
    },
    async published(pageId) {
      const hit = live.get(pageId)
      if (hit && now() - hit.at < ttlMs) return hit.versions
      const versions = await innerFlows.published(pageId)
      live.set(pageId, { versions, at: now() })
      return versions
    },
    async publish(flow, pageId, at, options) {
      live.delete(pageId)
      return innerFlows.publish(flow, pageId, at, options)
    },
  }
  return { ...storage, pages, flows }
}
