import { sql, type Kysely } from 'kysely'

/**
 * The first schema. Never edit a migration that has shipped: add the next numbered one instead,
 * because databases in the field already ran this one. Status columns carry CHECK constraints:
 * a mistyped status fails at the write instead of leaving a row no query ever picks up again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('access_token', 'text', (c) => c.notNull())
    .addColumn('app_secret', 'text', (c) => c.notNull())
    .addColumn('verify_token', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('paused_reason', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addCheckConstraint('pages_status', sql`status in ('active', 'paused')`)
    .execute()

  await db.schema
    .createTable('flow_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('flow_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('flow_versions_flow_number', ['flow_id', 'number'])
    .execute()

  // No foreign key to pages: the simulator and deploy-from-export publish before (or without)
  // a connected Page row, and the runtime already refuses to process unknown Pages.
  await db.schema
    .createTable('publications')
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('flow_versions.id'))
    .addColumn('published_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('publications_pk', ['page_id', 'flow_id'])
    .execute()

  await db.schema
    .createTable('contacts')
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('profile_fetched_at', 'integer')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_interaction_at', 'integer')
    .addColumn('unreachable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_pk', ['page_id', 'psid'])
    .execute()

  await db.schema
    .createTable('conversations')
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('flow_version_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['page_id', 'psid'])
    .execute()

  // AUTOINCREMENT: ids are never reused, so "lower id = arrived earlier" holds even after
  // `forget` deleted the newest rows; the per-conversation order relies on it.
  await db.schema
    .createTable('inbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addCheckConstraint('inbox_status', sql`status in ('pending', 'done', 'failed')`)
    .execute()
  // Finds a conversation's next pending item (for the heads below) and, with `status IN (…)`,
  // a person's rows for `forget`.
  await db.schema
    .createIndex('inbox_next')
    .on('inbox')
    .columns(['status', 'page_id', 'psid', 'id'])
    .execute()
  await createQueueHeads(db, 'inbox')

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'integer')
    .addColumn('finished_at', 'integer')
    .addCheckConstraint('outbox_status', sql`status in ('pending', 'sent', 'failed', 'blocked')`)
    .execute()
  // The first pending item per conversation decides (order per person), so the relay reads
  // the heads below; a (status, next_attempt_at) index would serve no query.
  await db.schema
    .createIndex('outbox_next')
    .on('outbox')
    .columns(['status', 'page_id', 'psid', 'id'])
    .execute()
  await createQueueHeads(db, 'outbox')

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('timer_id', 'text', (c) => c.notNull())
    .addColumn('run_at', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addCheckConstraint('jobs_status', sql`status in ('pending', 'done', 'cancelled')`)
    .execute()
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute()

  await db.schema
    .createTable('analytics_events')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('flow_version_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text')
    .addColumn('output', 'text')
    .addColumn('data', 'text')
    .addColumn('at', 'integer', (c) => c.notNull())
    .execute()
  // Covers `countByNode` without touching the table. Deliberately no index by person (nor on
  // jobs): each index is one more page written per worker commit, while only `forget`, a rare
  // data-deletion request, would use it; it scans instead.
  await db.schema
    .createIndex('analytics_by_node')
    .on('analytics_events')
    .columns(['flow_version_id', 'event', 'node_id'])
    .execute()
}

/**
 * `<queue>_heads` holds, for every conversation with pending items, the id of its oldest one:
 * the only item of that conversation allowed to run. Triggers keep it exact on every insert,
 * status change and delete, whoever writes, so the workers read the next item of each
 * conversation in O(limit) instead of grouping the whole pending backlog on every poll (7 ms
 * at 100k pending rows, paid once per poll, exactly when a backlog needs the CPU).
 */
async function createQueueHeads(db: Kysely<unknown>, queue: 'inbox' | 'outbox'): Promise<void> {
  const heads = sql.raw(`${queue}_heads`)
  const table = sql.raw(queue)
  const name = (suffix: string) => sql.raw(`${queue}_heads_${suffix}`)
  await sql`
    create table ${heads} (
      page_id text not null,
      psid text not null,
      head_id integer,
      primary key (page_id, psid)
    ) without rowid`.execute(db)
  await sql`create unique index ${name('order')} on ${heads} (head_id)`.execute(db)

  // An item arriving pending (or put back to pending) is the head unless an older one is. The
  // WHERE spares the usual case, a later item of a busy conversation, from any write.
  const enter = sql`
    insert into ${heads} (page_id, psid, head_id) values (new.page_id, new.psid, new.id)
    on conflict (page_id, psid) do update set head_id = excluded.head_id
    where excluded.head_id < head_id;`
  // The head leaving pending hands the turn to its conversation's next pending item: one
  // update in place, then the row goes if there was none (head_id became null).
  const leave = sql`
    update ${heads} set head_id = (
      select id from ${table}
      where status = 'pending' and page_id = old.page_id and psid = old.psid
      order by id limit 1
    )
    where page_id = old.page_id and psid = old.psid and head_id = old.id;
    delete from ${heads} where page_id = old.page_id and psid = old.psid and head_id is null;`

  await sql`
    create trigger ${name('insert')} after insert on ${table}
    when new.status = 'pending'
    begin ${enter} end`.execute(db)
  await sql`
    create trigger ${name('requeue')} after update of status on ${table}
    when new.status = 'pending' and old.status <> 'pending'
    begin ${enter} end`.execute(db)
  await sql`
    create trigger ${name('leave')} after update of status on ${table}
    when old.status = 'pending' and new.status <> 'pending'
    begin ${leave} end`.execute(db)
  await sql`
    create trigger ${name('delete')} after delete on ${table}
    when old.status = 'pending'
    begin ${leave} end`.execute(db)
}
