import { sql, type Kysely } from 'kysely'

/**
 * Calls an order owes a payment provider (today: expiring a Stripe Checkout Session when the
 * checkout expires first). Written in the transaction that decided them, run after the commit
 * by the runtime's task runner, retried with backoff; one per kind and provider reference.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('order_provider_tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('order_provider_tasks_once', ['kind', 'ref'])
    .addCheckConstraint('order_provider_tasks_status', sql`status in ('pending', 'done', 'failed')`)
    .execute()
  await db.schema
    .createIndex('order_provider_tasks_due')
    .on('order_provider_tasks')
    .columns(['status', 'run_at'])
    .execute()
  await db.schema
    .createIndex('order_provider_tasks_order')
    .on('order_provider_tasks')
    .columns(['order_id'])
    .execute()
}
