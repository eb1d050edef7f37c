import type { Selectable } from 'kysely'
import type { Page, PageRepository } from '../ports'
import type { PagesTable } from './Database'
import type { SqlContext } from './SqlContext'

export function createPageRepository({ db, atomic }: SqlContext): PageRepository {
  return {
    async upsert(page, now) {
      const row = await db
        .insertInto('pages')
        .values({
          id: page.id,
          name: page.name,
          kind: page.kind ?? 'connected',
          access_token: page.accessToken,
          app_secret: page.appSecret,
          verify_token: page.verifyToken,
          status: 'active',
          paused_reason: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            // A Page paused on a token error (190) waits for a new token; the same token again
            // would only fail again, so it keeps the pause.
            const tokenChanged = eb('pages.access_token', '<>', eb.ref('excluded.access_token'))
            return {
              name: eb.ref('excluded.name'),
              kind: eb.ref('excluded.kind'),
              access_token: eb.ref('excluded.access_token'),
              app_secret: eb.ref('excluded.app_secret'),
              verify_token: eb.ref('excluded.verify_token'),
              updated_at: eb.ref('excluded.updated_at'),
              status: eb
                .case()
                .when(tokenChanged)
                .then('active' as const)
                .else(eb.ref('pages.status'))
                .end(),
              paused_reason: eb
                .case()
                .when(tokenChanged)
                .then(null)
                .else(eb.ref('pages.paused_reason'))
                .end(),
            }
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      return toPage(row)
    },

    async get(id) {
      const row = await db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toPage(row)
    },

    async list() {
      const rows = await db
        .selectFrom('pages')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(toPage)
    },

    async delete(id) {
      await atomic(async (db) => {
        await db.deleteFrom('publications').where('page_id', '=', id).execute()
        await db.deleteFrom('pages').where('id', '=', id).execute()
      })
    },

    async setStatus(id, status, reason, now) {
      await db
        .updateTable('pages')
        .set({
          status,
          paused_reason: status === 'paused' ? (reason ?? null) : null,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute()
    },
  }
}

function toPage(row: Selectable<PagesTable>): Page {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    accessToken: row.access_token,
    appSecret: row.app_secret,
    verifyToken: row.verify_token,
    status: row.status,
    ...(row.paused_reason !== null ? { pausedReason: row.paused_reason } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
