import type { Kysely } from 'kysely'
import type { AnalyticsEvent, AnalyticsRepository } from '../ports'
import { chunked, INSERT_CHUNK_ROWS } from './chunked'
import type { Database } from './Database'
import type { SqlContext } from './SqlContext'
import { preparedInsert } from './prepared'

export function createAnalyticsRepository({ db, atomic }: SqlContext): AnalyticsRepository {
  return {
    async record(events) {
      if (!events.length) return
      const rows = events.map(toRow)
      if (rows.length <= INSERT_CHUNK_ROWS) return insert(db, rows)
      await atomic(async (db) => {
        for (const chunk of chunked(rows)) await insert(db, chunk)
      })
    },

    async countByNode(flowVersionId) {
      const rows = await db
        .selectFrom('analytics_events')
        .select((eb) => ['event', 'node_id', eb.fn.countAll().as('count')])
        .where('flow_version_id', '=', flowVersionId)
        .groupBy(['event', 'node_id'])
        .orderBy('event')
        .orderBy('node_id')
        .execute()
      return rows.map((row) => ({
        event: row.event,
        nodeId: row.node_id,
        count: Number(row.count),
      }))
    },
  }
}

function toRow(event: AnalyticsEvent) {
  return {
    flow_version_id: event.flowVersionId,
    page_id: event.pageId,
    psid: event.psid,
    event: event.event,
    node_id: event.nodeId ?? null,
    output: event.output ?? null,
    data: event.data ? JSON.stringify(event.data) : null,
    at: event.at,
  }
}

async function insert(db: Kysely<Database>, rows: ReturnType<typeof toRow>[]): Promise<void> {
  await insertRows(db, rows)
}

const insertRows = preparedInsert(
  ['flow_version_id', 'page_id', 'psid', 'event', 'node_id', 'output', 'data', 'at'],
  (db, rows) => db.insertInto('analytics_events').values(rows),
)
