import { inboundEventSchema } from '@charla/flow-schema'
import type { Kysely, Selectable } from 'kysely'
import { conversationKey, type InboxItem, type InboxRepository } from '../ports'
import { chunked, INSERT_CHUNK_ROWS } from './chunked'
import type { Database, InboxTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { prepared, preparedInsert } from './prepared'

/** Ids per UPDATE: well below SQLite's limit on bound values. */
const MARK_PER_QUERY = 500

type NewInboxRow = Parameters<InboxRepository['add']>[0][number]

export function createInboxRepository({ db, atomic }: SqlContext): InboxRepository {
  return {
    async add(items) {
      if (!items.length) return 0
      const rows = items.map(toRow)
      // One statement is atomic by itself; a batch too big for one runs in a transaction.
      if (rows.length <= INSERT_CHUNK_ROWS) return insertNew(db, rows)
      return atomic(async (db) => {
        let added = 0
        for (const chunk of chunked(rows)) added += await insertNew(db, chunk)
        return added
      })
    },

    async nextPerConversation(limit, busy) {
      if (limit <= 0) return []
      // The head of each conversation's queue, kept by the database (see QueueHeadsTable).
      // Busy conversations are dropped afterwards rather than in SQL: asking for `busy.size`
      // more rows is enough (a conversation has one head) and keeps the SQL text, and so the
      // prepared statement, the same on every call.
      const { rows } = await selectHeads(db, { limit: limit + busy.size })
      const items: InboxItem[] = []
      for (const row of rows) {
        if (items.length === limit) break
        if (!busy.has(conversationKey(row.page_id, row.psid))) items.push(toItem(row))
      }
      return items
    },

    async markDone(id) {
      await markDone(db, { id })
    },

    async markAllDone(ids) {
      if (ids.length <= 1) {
        for (const id of ids) await markDone(db, { id })
        return
      }
      await atomic(async (db) => {
        for (const chunk of chunked(ids, MARK_PER_QUERY))
          await db.updateTable('inbox').set({ status: 'done' }).where('id', 'in', chunk).execute()
      })
    },

    async markFailed(id, error, maxAttempts) {
      await db
        .updateTable('inbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          error,
          // Past the limit the item stops blocking its conversation: the next one gets its turn.
          status: eb
            .case()
            .when(eb('attempts', '+', 1), '>=', maxAttempts)
            .then('failed' as const)
            .else(eb.ref('status'))
            .end(),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute()
    },

    async countPending() {
      const { count } = await db
        .selectFrom('inbox')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
      return Number(count)
    },
  }
}

function toRow(item: NewInboxRow) {
  return {
    dedupe_key: item.dedupeKey,
    page_id: item.pageId,
    psid: item.psid,
    event: JSON.stringify(item.event),
    occurred_at: item.occurredAt,
    received_at: item.receivedAt,
  }
}

/** Inserts what is not there yet; duplicates (by `dedupe_key`) are skipped by the database. */
async function insertNew(db: Kysely<Database>, rows: ReturnType<typeof toRow>[]): Promise<number> {
  const result = await insertRows(db, rows)
  return Number(result.numAffectedRows ?? 0n)
}

const insertRows = preparedInsert(
  ['dedupe_key', 'page_id', 'psid', 'event', 'occurred_at', 'received_at'],
  (db, rows) =>
    db
      .insertInto('inbox')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing()),
)

const selectHeads = prepared(['limit'], (db, v) =>
  db
    .selectFrom('inbox_heads as heads')
    .innerJoin('inbox', 'inbox.id', 'heads.head_id')
    .selectAll('inbox')
    .orderBy('heads.head_id')
    .limit(v.limit),
)

const markDone = prepared(['id'], (db, v) =>
  db.updateTable('inbox').set({ status: 'done' }).where('id', '=', v.id),
)

function toItem(row: Selectable<InboxTable>): InboxItem {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    pageId: row.page_id,
    psid: row.psid,
    event: decodeJson(inboundEventSchema, row.event, `inbox item ${row.id}`),
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    status: row.status,
    attempts: row.attempts,
    ...(row.error !== null ? { error: row.error } : {}),
  }
}
