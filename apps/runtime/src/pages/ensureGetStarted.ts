import type { Storage } from '@charla/storage'
import type { ProfileSync, SyncOutcome } from './createProfileSync'
import { EMPTY_PROFILE } from './profileSettings'

/**
 * At start, the Page gets a Get Started button (the payload get_started triggers listen for)
 * unless its Messenger profile was set from the editor: through the profile sync, so the call
 * counts against Meta's 10 per 10 minutes like any other, and the editor shows it.
 */
export async function ensureGetStarted(
  storage: Storage,
  profileSync: ProfileSync,
  pageId: string,
  payload: string,
  now: number,
): Promise<SyncOutcome> {
  if (!(await storage.pageProfiles.get(pageId)))
    await storage.pageProfiles.saveSettings(
      pageId,
      { ...EMPTY_PROFILE, getStarted: { payload } },
      now,
    )
  return profileSync.sync(pageId)
}
