import type { DeletionRequestRepository } from '../ports'
import type { SqlContext } from './SqlContext'

export function createDeletionRequestRepository({ db }: SqlContext): DeletionRequestRepository {
  return {
    async add(request) {
      await db
        .insertInto('deletion_requests')
        .values({
          code: request.code,
          status: request.status,
          contacts_deleted: request.contactsDeleted,
          requested_at: request.requestedAt,
          completed_at: request.completedAt ?? null,
        })
        .execute()
    },

    async get(code) {
      const row = await db
        .selectFrom('deletion_requests')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst()
      return (
        row && {
          code: row.code,
          status: row.status,
          contactsDeleted: row.contacts_deleted,
          requestedAt: row.requested_at,
          ...(row.completed_at !== null ? { completedAt: row.completed_at } : {}),
        }
      )
    },
  }
}
