import { sql, type Kysely, type Selectable } from 'kysely'
import { z } from 'zod'
import { conversationKey, type OutboxItem, type OutboxRepository } from '../ports'
import { chunked, INSERT_CHUNK_ROWS } from './chunked'
import type { Database, OutboxTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { prepared, preparedInsert } from './prepared'

/** The Send API body is packages/messenger's shape: here it only has to be a JSON object. */
const bodySchema = z.record(z.string(), z.unknown())

type NewOutboxRow = Parameters<OutboxRepository['add']>[0][number]

/** Rows per UPDATE when marking many: two CASE values and an id each, well within SQLite's limit. */
const MARK_PER_QUERY = 300

const ALL_STATUSES = ['pending', 'sent', 'failed', 'blocked'] as const

export function createOutboxRepository({ db, atomic }: SqlContext): OutboxRepository {
  return {
    async add(items) {
      if (!items.length) return
      const rows = items.map(toRow)
      if (rows.length <= INSERT_CHUNK_ROWS) return insert(db, rows)
      await atomic(async (db) => {
        for (const chunk of chunked(rows)) await insert(db, chunk)
      })
    },

    async nextPerConversation(now, limit, busy) {
      if (limit <= 0) return []
      // The head is the lowest pending id whatever its `next_attempt_at` (see QueueHeadsTable):
      // a message waiting for its retry holds back everything after it for that person,
      // because order per person is the contract. Only then is the head checked for being due.
      const { rows } = await selectDueHeads(db, { now, limit: limit + busy.size })
      const items: OutboxItem[] = []
      for (const row of rows) {
        if (items.length === limit) break
        if (!busy.has(conversationKey(row.page_id, row.psid))) items.push(toItem(row))
      }
      return items
    },

    async markSent(id, messageId, now) {
      await markSent(db, { id, messageId, now })
    },

    async markAllSent(sent) {
      if (sent.length <= 1) {
        for (const s of sent)
          await markSent(db, { id: s.id, messageId: s.messageId, now: s.sentAt })
        return
      }
      await atomic(async (db) => {
        for (const chunk of chunked(sent, MARK_PER_QUERY)) {
          const byId = <T>(value: (s: (typeof chunk)[number]) => T) =>
            sql<T>`case id ${sql.join(
              chunk.map((s) => sql`when ${s.id} then ${value(s)}`),
              sql` `,
            )} end`
          await db
            .updateTable('outbox')
            .set({
              status: 'sent',
              message_id: byId((s) => s.messageId),
              sent_at: byId((s) => s.sentAt),
              finished_at: byId((s) => s.sentAt),
            })
            .where(
              'id',
              'in',
              chunk.map((s) => s.id),
            )
            .execute()
        }
      })
    },

    async retryAt(id, nextAttemptAt, error) {
      await db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: nextAttemptAt, error }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute()
    },

    async markFinal(id, status, error, now) {
      await db
        .updateTable('outbox')
        .set({ status, error, finished_at: now })
        .where('id', '=', id)
        .execute()
    },

    async listForContact(pageId, psid) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        // Every status listed, so the (status, page_id, psid, id) index finds the rows.
        .where('status', 'in', ALL_STATUSES)
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .orderBy('id')
        .execute()
      return rows.map(toItem)
    },

    async shift(pageId, psid, ms) {
      await db
        .updateTable('outbox')
        .set((eb) => ({ next_attempt_at: eb('next_attempt_at', '-', ms) }))
        .where('status', '=', 'pending')
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .execute()
    },
  }
}

function toRow(item: NewOutboxRow) {
  return {
    page_id: item.pageId,
    psid: item.psid,
    body: JSON.stringify(item.body),
    tag: item.tag ?? null,
    next_attempt_at: item.nextAttemptAt,
    created_at: item.createdAt,
  }
}

async function insert(db: Kysely<Database>, rows: ReturnType<typeof toRow>[]): Promise<void> {
  await insertRows(db, rows)
}

const insertRows = preparedInsert(
  ['page_id', 'psid', 'body', 'tag', 'next_attempt_at', 'created_at'],
  (db, rows) => db.insertInto('outbox').values(rows),
)

const selectDueHeads = prepared(['now', 'limit'], (db, v) =>
  db
    .selectFrom('outbox_heads as heads')
    .innerJoin('outbox', 'outbox.id', 'heads.head_id')
    .selectAll('outbox')
    .where('outbox.next_attempt_at', '<=', v.now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pages')
            .select('pages.id')
            .whereRef('pages.id', '=', 'outbox.page_id')
            .where('pages.status', '=', 'paused'),
        ),
      ),
    )
    .orderBy('heads.head_id')
    .limit(v.limit),
)

const markSent = prepared(['id', 'messageId', 'now'], (db, v) =>
  db
    .updateTable('outbox')
    .set({ status: 'sent', message_id: v.messageId, sent_at: v.now, finished_at: v.now })
    .where('id', '=', v.id),
)

function toItem(row: Selectable<OutboxTable>): OutboxItem {
  return {
    id: row.id,
    pageId: row.page_id,
    psid: row.psid,
    body: decodeJson(bodySchema, row.body, `outbox item ${row.id}`),
    ...(row.tag !== null ? { tag: row.tag } : {}),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ...(row.message_id !== null ? { messageId: row.message_id } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    createdAt: row.created_at,
    ...(row.sent_at !== null ? { sentAt: row.sent_at } : {}),
  }
}
