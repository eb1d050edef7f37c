import { sql, type Kysely } from 'kysely'

/**
 * Leads from lead forms, their CRM deliveries and the secret that signs them.
 *
 * A lead carries its own CRM push (`push_*`): the push is queued by the same write that
 * completes the lead, so a crash can never leave a completed lead without its push nor push a
 * lead that was rolled back. `lead_deliveries` is the log of every attempt, shown in the editor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_key', 'text', (c) => c.notNull().unique())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('flow_version_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('consent', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'integer')
    .addColumn('push_url', 'text')
    .addColumn('push_status', 'text')
    .addColumn('push_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('push_next_at', 'integer')
    .addColumn('push_deadline', 'integer')
    .addColumn('push_error', 'text')
    .addCheckConstraint(
      'leads_status',
      sql`status in ('in_progress', 'completed', 'abandoned', 'declined')`,
    )
    .addCheckConstraint(
      'leads_push_status',
      sql`push_status is null or push_status in ('pending', 'delivered', 'failed')`,
    )
    .execute()
  // The leads table lists newest first, filtered by Page and flow; the export reads oldest first.
  await db.schema
    .createIndex('leads_by_page')
    .on('leads')
    .columns(['page_id', 'created_at', 'id'])
    .execute()
  await db.schema
    .createIndex('leads_by_created')
    .on('leads')
    .columns(['created_at', 'id'])
    .execute()
  await db.schema.createIndex('leads_by_contact').on('leads').columns(['page_id', 'psid']).execute()
  await db.schema
    .createIndex('leads_push_due')
    .on('leads')
    .columns(['push_status', 'push_next_at'])
    .execute()

  await db.schema
    .createTable('lead_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .execute()
  await db.schema
    .createIndex('lead_deliveries_by_lead')
    .on('lead_deliveries')
    .columns(['lead_id', 'id'])
    .execute()

  await db.schema
    .createTable('lead_webhook_secrets')
    .addColumn('page_id', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute()
}
