import type { GraphClient } from '@charla/messenger'
import { canonicalJson, type Page, type PageProfile, type Storage } from '@charla/storage'
import type { Logger } from '../pipeline/PipelineDeps'
import { plainGraphError } from './plainGraphError'
import { EMPTY_PROFILE, profileCalls } from './profileSettings'

/** Meta: 10 Messenger Profile API calls per Page per 10 minutes (reference §9). */
export const PROFILE_CALLS_PER_WINDOW = 10
export const PROFILE_WINDOW_MS = 10 * 60_000

export type SyncOutcome =
  | { status: 'synced'; calls: number }
  | { status: 'unchanged' }
  | { status: 'queued'; nextSyncAt: number }
  | { status: 'failed'; error: string }

export interface ProfileSync {
  /** Pushes the Page's wanted profile now, or queues it for when Meta's limit allows. */
  sync(pageId: string): Promise<SyncOutcome>
  /** When the next sync of one call could start (now if it can). */
  nextSyncAt(profile: PageProfile | undefined): number
  /** Pages whose sync waits for the limit, and when it runs. */
  queued(pageId: string): number | undefined
  close(): void
}

/**
 * The per-Page limiter in front of the Messenger Profile API. The calls made are stored with
 * the profile, so a restart does not forget them. Changes saved while a sync waits merge into
 * it: the sync sends whatever is wanted when it runs, once.
 */
export function createProfileSync(deps: {
  storage: Storage
  graphFor: (page: Page) => GraphClient
  now: () => number
  log: Logger
}): ProfileSync {
  const timers = new Map<string, { at: number; timer: NodeJS.Timeout }>()
  const running = new Map<string, Promise<SyncOutcome>>()

  const recent = (calls: number[], now: number) => calls.filter((t) => now - t < PROFILE_WINDOW_MS)
  /** When `needed` more calls fit in the window. */
  const fitsAt = (calls: number[], needed: number, now: number) => {
    const live = recent(calls, now).sort((a, b) => a - b)
    const over = live.length + needed - PROFILE_CALLS_PER_WINDOW
    return over <= 0 ? now : live[over - 1]! + PROFILE_WINDOW_MS
  }

  function queue(pageId: string, at: number) {
    if (timers.get(pageId)?.at === at) return
    clearTimeout(timers.get(pageId)?.timer)
    const timer = setTimeout(
      () => {
        timers.delete(pageId)
        sync(pageId).catch((err: unknown) => deps.log.warn({ err, pageId }, 'profile sync failed'))
      },
      Math.max(0, at - deps.now()),
    )
    timer.unref()
    timers.set(pageId, { at, timer })
  }

  async function run(pageId: string): Promise<SyncOutcome> {
    const page = await deps.storage.pages.get(pageId)
    if (!page) return { status: 'failed', error: `there is no Page ${pageId}` }
    const profile = await deps.storage.pageProfiles.get(pageId)
    const wanted = profile?.settings ?? EMPTY_PROFILE
    if (profile?.synced && canonicalJson(profile.synced) === canonicalJson(wanted))
      return { status: 'unchanged' }
    const { set, unset } = profileCalls(wanted, profile?.synced)
    const needed = (set ? 1 : 0) + (unset.length ? 1 : 0)
    if (needed === 0) return { status: 'unchanged' }
    const now = deps.now()
    const calls = recent(profile?.calls ?? [], now)
    const at = fitsAt(calls, needed, now)
    if (at > now) {
      queue(pageId, at)
      return { status: 'queued', nextSyncAt: at }
    }
    if (!profile) await deps.storage.pageProfiles.saveSettings(pageId, wanted, now)
    const graph = deps.graphFor(page)
    let error: string | undefined
    if (set) {
      calls.push(deps.now())
      const res = await graph.setMessengerProfile(page.accessToken, set)
      if (!res.ok) error = plainGraphError(res.error)
    }
    if (!error && unset.length) {
      calls.push(deps.now())
      const res = await graph.deleteMessengerProfile(page.accessToken, unset)
      if (!res.ok) error = plainGraphError(res.error)
    }
    await deps.storage.pageProfiles.recordSync(
      pageId,
      error ? { calls, error } : { calls, synced: wanted },
      deps.now(),
    )
    if (error) {
      deps.log.warn({ pageId }, 'the Messenger profile sync failed')
      return { status: 'failed', error }
    }
    return { status: 'synced', calls: needed }
  }

  function sync(pageId: string): Promise<SyncOutcome> {
    // One sync per Page at a time: a second click waits for the first and then sees it done.
    const previous = running.get(pageId) ?? Promise.resolve<SyncOutcome>({ status: 'unchanged' })
    const next = previous.catch(() => undefined).then(() => run(pageId))
    running.set(pageId, next)
    void next.finally(() => {
      if (running.get(pageId) === next) running.delete(pageId)
    })
    return next
  }

  return {
    sync,
    nextSyncAt: (profile) => fitsAt(profile?.calls ?? [], 1, deps.now()),
    queued: (pageId) => timers.get(pageId)?.at,
    close() {
      for (const { timer } of timers.values()) clearTimeout(timer)
      timers.clear()
    },
  }
}
