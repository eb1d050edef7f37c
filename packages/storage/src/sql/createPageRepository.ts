import type { Kysely, Selectable } from 'kysely'
import type { Page, PageRepository } from '../ports'
import type { SecretBox } from '../secrets/createSecretBox'
import type { Database, PagesTable } from './Database'
import type { SqlContext } from './SqlContext'

const SECRET_COLUMNS = ['access_token', 'app_secret', 'verify_token'] as const

/**
 * Pages. With a `SecretBox`, the access token, app secret and verify token are encrypted before
 * they reach the database (the Page id as associated data) and decrypted on the way out: the
 * rest of the runtime only ever sees plaintext, in memory.
 */
export function createPageRepository(
  { db, atomic }: SqlContext,
  secrets?: SecretBox,
): PageRepository {
  const seal = (value: string, pageId: string) => (secrets ? secrets.encrypt(value, pageId) : value)
  const open = (value: string, pageId: string) => (secrets ? secrets.decrypt(value, pageId) : value)

  function toPage(row: Selectable<PagesTable>): Page {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      accessToken: open(row.access_token, row.id),
      appSecret: open(row.app_secret, row.id),
      verifyToken: open(row.verify_token, row.id),
      status: row.status,
      ...(row.paused_reason !== null ? { pausedReason: row.paused_reason } : {}),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  }

  async function find(db: Kysely<Database>, id: string) {
    return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst()
  }

  return {
    async upsert(page, now) {
      return atomic(async (db) => {
        const existing = await find(db, page.id)
        const secretsOf = {
          access_token: seal(page.accessToken, page.id),
          app_secret: seal(page.appSecret, page.id),
          verify_token: seal(page.verifyToken, page.id),
        }
        if (!existing) {
          const row = await db
            .insertInto('pages')
            .values({
              id: page.id,
              name: page.name,
              kind: page.kind ?? 'connected',
              ...secretsOf,
              status: 'active',
              paused_reason: null,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          return toPage(row)
        }
        // A Page paused on a token error (190) waits for a new token; the same token again
        // would only fail again, so it keeps the pause. Compared as plaintext: ciphertexts of
        // one token differ (random IVs).
        const tokenChanged = open(existing.access_token, existing.id) !== page.accessToken
        const row = await db
          .updateTable('pages')
          .set({
            name: page.name,
            kind: page.kind ?? 'connected',
            ...secretsOf,
            updated_at: now,
            status: tokenChanged ? 'active' : existing.status,
            paused_reason: tokenChanged ? null : existing.paused_reason,
          })
          .where('id', '=', page.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        return toPage(row)
      })
    },

    async get(id) {
      const row = await find(db, id)
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
        await db.deleteFrom('page_profiles').where('page_id', '=', id).execute()
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

    async reencryptSecrets() {
      const box = secrets
      if (!box) return 0
      return atomic(async (db) => {
        const rows = await db.selectFrom('pages').selectAll().execute()
        let rewritten = 0
        for (const row of rows) {
          if (SECRET_COLUMNS.every((column) => box.isCurrent(row[column]))) continue
          await db
            .updateTable('pages')
            .set({
              access_token: box.encrypt(box.decrypt(row.access_token, row.id), row.id),
              app_secret: box.encrypt(box.decrypt(row.app_secret, row.id), row.id),
              verify_token: box.encrypt(box.decrypt(row.verify_token, row.id), row.id),
            })
            .where('id', '=', row.id)
            .execute()
          rewritten++
        }
        return rewritten
      })
    },
  }
}
