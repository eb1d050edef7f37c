import { sql } from 'kysely'
import type { AnalyticsEvent, AnalyticsRepository } from '../ports'
import { chunked, INSERT_CHUNK_ROWS } from './chunked'
import { preparedInsert } from './prepared'
import type { SqlContext } from './SqlContext'

export function createAnalyticsRepository({ db, atomic }: SqlContext): AnalyticsRepository {
  return {
    async record(events) {
      if (!events.length) return
      const rows = toSteps(events)
      if (rows.length <= INSERT_CHUNK_ROWS) {
        await insertSteps(db, rows)
        return
      }
      await atomic(async (db) => {
        for (const chunk of chunked(rows)) await insertSteps(db, chunk)
      })
    },

    async countByNode(flowVersionId) {
      const { rows } = await sql<{ event: string; node_id: string | null; count: number }>`
        select e.value ->> 0 as event, e.value ->> 1 as node_id, count(*) as count
        from analytics_steps s, json_each(s.events) e
        where s.flow_version_id = ${flowVersionId}
        group by 1, 2
        order by 1, 2`.execute(db)
      return rows.map((row) => ({
        event: row.event,
        nodeId: row.node_id,
        count: Number(row.count),
      }))
    },
  }
}

type StepRow = {
  flow_version_id: string
  page_id: string
  psid: string
  at: number
  events: string
}

/**
 * One row per run of events of the same step (same flow version, person and moment), which
 * is how the worker and the webhook hand them over: a step's eight events are one row.
 */
function toSteps(events: readonly AnalyticsEvent[]): StepRow[] {
  const rows: StepRow[] = []
  let current: { key: AnalyticsEvent; items: unknown[] } | undefined
  const close = () => {
    if (!current) return
    const { key, items } = current
    rows.push({
      flow_version_id: key.flowVersionId,
      page_id: key.pageId,
      psid: key.psid,
      at: key.at,
      events: JSON.stringify(items),
    })
  }
  for (const e of events) {
    const item = [e.event, e.nodeId ?? null, e.output ?? null, e.data ?? null]
    const k = current?.key
    if (
      k &&
      k.flowVersionId === e.flowVersionId &&
      k.pageId === e.pageId &&
      k.psid === e.psid &&
      k.at === e.at
    )
      current?.items.push(item)
    else {
      close()
      current = { key: e, items: [item] }
    }
  }
  close()
  return rows
}

const insertSteps = preparedInsert(
  ['flow_version_id', 'page_id', 'psid', 'at', 'events'],
  (db, rows) => db.insertInto('analytics_steps').values(rows),
)
