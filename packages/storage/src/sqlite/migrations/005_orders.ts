import { sql, type Kysely } from 'kysely'

/**
 * Orders made by checkout nodes, and the payment providers' webhook events seen (unique per
 * provider and event id, so a retried or replayed webhook is acted on once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('flow_version_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('providers', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('provider_session_id', 'text')
    .addColumn('provider_order_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('collect', 'text', (c) => c.notNull())
    .addColumn('customer_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('payment_method', 'text')
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('paid_at', 'integer')
    .addCheckConstraint(
      'orders_status',
      sql`status in ('pending', 'paid', 'expired', 'failed', 'refunded', 'shipped')`,
    )
    .addCheckConstraint(
      'orders_provider',
      sql`provider is null or provider in ('stripe', 'paypal')`,
    )
    .addCheckConstraint('orders_total', sql`total_minor >= 0`)
    .execute()
  await db.schema
    .createIndex('orders_page')
    .on('orders')
    .columns(['page_id', 'created_at'])
    .execute()
  await db.schema.createIndex('orders_created').on('orders').columns(['created_at']).execute()
  await db.schema
    .createIndex('orders_session')
    .on('orders')
    .columns(['provider_session_id'])
    .execute()
  await db.schema
    .createIndex('orders_provider_order')
    .on('orders')
    .columns(['provider_order_id'])
    .execute()

  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'event_id'])
    .execute()
}
