import { sql, type Kysely } from 'kysely'
import { contentHashOf } from '../../sql/canonicalJson'

/**
 * Pages, publishing and privacy (issue 8): content hashes and authors on flow versions, the
 * history of what went live (rollbacks included), each Page's Messenger profile and its sync
 * state, and Meta's data-deletion requests. Page secrets stay in their columns, now holding
 * `enc:v1:` ciphertexts (the runtime re-encrypts plaintext rows at start).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('flow_versions').addColumn('content_hash', 'text').execute()
  await db.schema.alterTable('flow_versions').addColumn('published_by', 'text').execute()
  // Versions written before hashes existed get theirs now, so republishing them is recognised.
  const rows = await sql<{ id: string; flow: string }>`select id, flow from flow_versions`.execute(
    db,
  )
  for (const row of rows.rows) {
    const hash = contentHashOf(JSON.parse(row.flow))
    await sql`update flow_versions set content_hash = ${hash} where id = ${row.id}`.execute(db)
  }
  await db.schema
    .createIndex('flow_versions_hash')
    .on('flow_versions')
    .columns(['flow_id', 'content_hash'])
    .execute()

  await db.schema
    .createTable('publication_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('at', 'integer', (c) => c.notNull())
    .addCheckConstraint('publication_history_action', sql`action in ('publish', 'rollback')`)
    .execute()
  await db.schema
    .createIndex('publication_history_flow')
    .on('publication_history')
    .columns(['flow_id', 'id'])
    .execute()

  await db.schema
    .createTable('page_profiles')
    .addColumn('page_id', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('synced', 'text')
    .addColumn('synced_at', 'integer')
    .addColumn('sync_error', 'text')
    .addColumn('calls', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('deletion_requests')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contacts_deleted', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'integer', (c) => c.notNull())
    .addColumn('completed_at', 'integer')
    .addCheckConstraint('deletion_requests_status', sql`status in ('pending', 'completed')`)
    .execute()
}
