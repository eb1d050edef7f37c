import { sql, type Kysely } from 'kysely'

/**
 * Holds and bookings, and the capacity guard: `booking_slots` has a row per grid slot taken,
 * whose `used` can never exceed `capacity` (CHECK). Holds and bookings move `used` in the same
 * write transaction that creates, releases or cancels them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('booking_slots')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_slots_pk', ['scope', 'calendar_id', 'start_at'])
    .addCheckConstraint('booking_slots_capacity', sql`used >= 0 and used <= capacity`)
    .execute()

  await db.schema
    .createTable('booking_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'integer', (c) => c.notNull())
    .addColumn('end_at', 'integer', (c) => c.notNull())
    .addColumn('covers', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('booking_holds_expiry')
    .on('booking_holds')
    .columns(['expires_at'])
    .execute()

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('hold_id', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull())
    .addColumn('calendar_name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('psid', 'text', (c) => c.notNull())
    .addColumn('flow_version_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('start_at', 'integer', (c) => c.notNull())
    .addColumn('end_at', 'integer', (c) => c.notNull())
    .addColumn('covers', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('reminder_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('replaces', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('cancelled_at', 'integer')
    .addColumn('cancelled_by', 'text')
    .addCheckConstraint('bookings_status', sql`status in ('confirmed', 'cancelled')`)
    .addCheckConstraint(
      'bookings_cancelled_by',
      sql`cancelled_by is null or cancelled_by in ('person', 'business', 'reschedule')`,
    )
    .execute()
  // The bookings view reads by appointment time, per scope and calendar.
  await db.schema
    .createIndex('bookings_by_start')
    .on('bookings')
    .columns(['scope', 'start_at', 'id'])
    .execute()
  await db.schema
    .createIndex('bookings_by_contact')
    .on('bookings')
    .columns(['page_id', 'psid'])
    .execute()
}
