import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { MessengerProfileSettings, PageProfile, PageProfileRepository } from '../ports'
import type { PageProfilesTable } from './SecurityTables'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'

/** The stored shape; the runtime validates Meta's limits before saving. */
const settingsSchema: z.ZodType<MessengerProfileSettings> = z.object({
  getStarted: z.object({ payload: z.string() }).optional(),
  greeting: z.array(z.object({ locale: z.string(), text: z.string() })),
  persistentMenu: z.array(
    z.object({
      title: z.string(),
      payload: z.string().optional(),
      url: z.string().optional(),
      flowId: z.string().optional(),
    }),
  ),
  composerInputDisabled: z.boolean().optional(),
  iceBreakers: z.array(
    z.object({ question: z.string(), payload: z.string(), flowId: z.string().optional() }),
  ),
  whitelistedDomains: z.array(z.string()),
})
const callsSchema = z.array(z.number())

export function createPageProfileRepository({ db }: SqlContext): PageProfileRepository {
  return {
    async get(pageId) {
      const row = await db
        .selectFrom('page_profiles')
        .selectAll()
        .where('page_id', '=', pageId)
        .executeTakeFirst()
      return row && toProfile(row)
    },

    async saveSettings(pageId, settings, now) {
      const json = JSON.stringify(settingsSchema.parse(settings))
      const row = await db
        .insertInto('page_profiles')
        .values({ page_id: pageId, settings: json, updated_at: now })
        .onConflict((oc) => oc.column('page_id').doUpdateSet({ settings: json, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow()
      return toProfile(row)
    },

    async recordSync(pageId, result, now) {
      await db
        .updateTable('page_profiles')
        .set({
          calls: JSON.stringify(result.calls),
          sync_error: result.error ?? null,
          ...(result.synced ? { synced: JSON.stringify(result.synced), synced_at: now } : {}),
        })
        .where('page_id', '=', pageId)
        .execute()
    },
  }
}

function toProfile(row: Selectable<PageProfilesTable>): PageProfile {
  const what = `the Messenger profile of ${row.page_id}`
  return {
    pageId: row.page_id,
    settings: decodeJson(settingsSchema, row.settings, what),
    ...(row.synced !== null ? { synced: decodeJson(settingsSchema, row.synced, what) } : {}),
    ...(row.synced_at !== null ? { syncedAt: row.synced_at } : {}),
    ...(row.sync_error !== null ? { syncError: row.sync_error } : {}),
    calls: decodeJson(callsSchema, row.calls, what),
    updatedAt: row.updated_at,
  }
}
