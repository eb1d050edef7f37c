import type { Selectable } from 'kysely'
import type { Job, JobRepository } from '../ports'
import type { JobsTable } from './Database'
import type { SqlContext } from './SqlContext'

export function createJobRepository({ db, atomic }: SqlContext): JobRepository {
  return {
    async schedule(job) {
      // Re-scheduling replaces the row rather than updating it, so the job gets a new id: a
      // scheduler that read the old run from `due()` and then calls `markDone(oldId)` cannot
      // swallow the new one.
      await atomic(async (db) => {
        await db.deleteFrom('jobs').where('key', '=', job.key).execute()
        await db
          .insertInto('jobs')
          .values({
            key: job.key,
            page_id: job.pageId,
            psid: job.psid,
            timer_id: job.timerId,
            run_at: job.runAt,
          })
          .execute()
      })
    },

    async cancel(key) {
      await db
        .updateTable('jobs')
        .set({ status: 'cancelled' })
        .where('key', '=', key)
        .where('status', '=', 'pending')
        .execute()
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
        .execute()
      return rows.map(toJob)
    },

    async markDone(id) {
      await db
        .updateTable('jobs')
        .set({ status: 'done' })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute()
    },

    async nextRunAt() {
      const { next } = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.min('run_at').as('next'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
      return next ?? undefined
    },

    async pending(pageId, psid) {
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .where('status', '=', 'pending')
        .orderBy('run_at')
        .orderBy('id')
        .execute()
      return rows.map(toJob)
    },

    async shift(pageId, psid, ms) {
      await db
        .updateTable('jobs')
        .set((eb) => ({ run_at: eb('run_at', '-', ms) }))
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .where('status', '=', 'pending')
        .execute()
    },
  }
}

function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    key: row.key,
    pageId: row.page_id,
    psid: row.psid,
    timerId: row.timer_id,
    runAt: row.run_at,
    status: row.status,
  }
}
