import type { Selectable } from 'kysely'
import type { OrderProviderTask, OrderRepository } from '../orderPorts'
import type { OrderProviderTasksTable } from './OrdersTables'
import type { SqlContext } from './SqlContext'

type TaskMethods = Pick<
  OrderRepository,
  | 'queueProviderTask'
  | 'dueProviderTasks'
  | 'nextProviderTaskAt'
  | 'claimProviderTask'
  | 'finishProviderTask'
  | 'providerTasks'
>

/** The order repository's provider calls (`order_provider_tasks`, migration 008). */
export function createOrderProviderTasks({ db }: SqlContext): TaskMethods {
  return {
    async queueProviderTask(task, now) {
      await db
        .insertInto('order_provider_tasks')
        .values({
          kind: task.kind,
          order_id: task.orderId,
          ref: task.ref,
          run_at: task.runAt,
          deadline: task.deadline,
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['kind', 'ref']).doNothing())
        .execute()
    },

    async dueProviderTasks(now, limit) {
      const rows = await db
        .selectFrom('order_provider_tasks')
        .selectAll()
        .where('status', '=', 'pending')
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
        .execute()
      return rows.map(toTask)
    },

    async nextProviderTaskAt() {
      const row = await db
        .selectFrom('order_provider_tasks')
        .select((eb) => eb.fn.min('run_at').as('next'))
        .where('status', '=', 'pending')
        .executeTakeFirst()
      return row?.next ?? undefined
    },

    async claimProviderTask(id, runAt, leaseUntil) {
      const res = await db
        .updateTable('order_provider_tasks')
        .set({ run_at: leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('run_at', '=', runAt)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) === 1
    },

    async finishProviderTask(id, outcome, now) {
      await db
        .updateTable('order_provider_tasks')
        .set((eb) => ({
          status: outcome.status,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
          last_error:
            outcome.status === 'done' ? (outcome.note ?? null) : outcome.error.slice(0, 1000),
          ...(outcome.status === 'pending' ? { run_at: outcome.runAt } : {}),
        }))
        .where('id', '=', id)
        .execute()
    },

    async providerTasks(orderId) {
      const rows = await db
        .selectFrom('order_provider_tasks')
        .selectAll()
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute()
      return rows.map(toTask)
    },
  }
}

function toTask(row: Selectable<OrderProviderTasksTable>): OrderProviderTask {
  return {
    id: row.id,
    kind: row.kind,
    orderId: row.order_id,
    ref: row.ref,
    status: row.status,
    attempts: row.attempts,
    runAt: row.run_at,
    deadline: row.deadline,
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
