import { sql, type Kysely } from 'kysely'
import type { ContactExport } from '../ports'
import type { Database } from './Database'

/**
 * One person's data across every table that holds any: what `contacts.export` returns and
 * `contacts.forget` removes. A new table keyed by page and PSID belongs here too (the security
 * tests read every table of the schema after a forget and fail on a forgotten one).
 */
const PERSON_TABLES = [
  'contacts',
  'conversations',
  'inbox',
  'outbox',
  'jobs',
  'leads',
  'booking_holds',
  'bookings',
  'orders',
  'analytics_steps',
] as const

export async function exportContact(
  db: Kysely<Database>,
  pageId: string,
  psid: string,
): Promise<ContactExport> {
  const out: ContactExport = {}
  for (const table of PERSON_TABLES) {
    const rows = await db
      .selectFrom(table)
      .selectAll()
      .where('page_id', '=', pageId)
      .where('psid', '=', psid)
      .execute()
    out[table] = rows.map((row) => decodeRow(row))
  }
  const leadIds = (out.leads ?? []).map((l) => String(l.id))
  out.lead_deliveries = leadIds.length
    ? (
        await db.selectFrom('lead_deliveries').selectAll().where('lead_id', 'in', leadIds).execute()
      ).map((row) => decodeRow(row))
    : []
  const orderIds = (out.orders ?? []).map((o) => String(o.id))
  out.payment_events = orderIds.length
    ? (
        await db
          .selectFrom('payment_events')
          .selectAll()
          .where('order_id', 'in', orderIds)
          .execute()
      ).map((row) => decodeRow(row))
    : []
  return out
}

/** Deletes everything about the person; the caller runs it in one transaction. */
export async function forgetContact(
  db: Kysely<Database>,
  pageId: string,
  psid: string,
): Promise<void> {
  // Every person table has page_id and psid; Kysely cannot type a union of tables, so one
  // stands for all of them.
  const mine = (table: (typeof PERSON_TABLES)[number]) =>
    db
      .deleteFrom(table as 'contacts')
      .where('page_id', '=', pageId)
      .where('psid', '=', psid)
  await mine('contacts').execute()
  await mine('conversations').execute()
  // Listing every status lets the (status, page_id, psid, id) indexes find the rows.
  await db
    .deleteFrom('inbox')
    .where('status', 'in', ['pending', 'done', 'failed'])
    .where('page_id', '=', pageId)
    .where('psid', '=', psid)
    .execute()
  await db
    .deleteFrom('outbox')
    .where('status', 'in', ['pending', 'sent', 'failed', 'blocked'])
    .where('page_id', '=', pageId)
    .where('psid', '=', psid)
    .execute()
  await mine('jobs').execute()
  await db
    .deleteFrom('lead_deliveries')
    .where('lead_id', 'in', (q) =>
      q
        .selectFrom('leads')
        .select('leads.id')
        .where('leads.page_id', '=', pageId)
        .where('leads.psid', '=', psid),
    )
    .execute()
  await mine('leads').execute()

  // Holds and confirmed bookings take places in their slots: give them back, or a forgotten
  // person would keep a slot full for ever.
  const holds = await db
    .selectFrom('booking_holds')
    .select(['scope', 'calendar_id', 'covers'])
    .where('page_id', '=', pageId)
    .where('psid', '=', psid)
    .execute()
  const confirmed = await db
    .selectFrom('bookings')
    .select(['scope', 'calendar_id', 'covers'])
    .where('page_id', '=', pageId)
    .where('psid', '=', psid)
    .where('status', '=', 'confirmed')
    .execute()
  for (const taken of [...holds, ...confirmed])
    for (const start of numbers(taken.covers))
      await db
        .updateTable('booking_slots')
        .set((eb) => ({ used: eb('used', '-', 1) }))
        .where('scope', '=', taken.scope)
        .where('calendar_id', '=', taken.calendar_id)
        .where('start_at', '=', start)
        .where('used', '>', 0)
        .execute()
  await mine('booking_holds').execute()
  await mine('bookings').execute()

  await db
    .deleteFrom('payment_events')
    .where('order_id', 'in', (q) =>
      q
        .selectFrom('orders')
        .select('orders.id')
        .where('orders.page_id', '=', pageId)
        .where('orders.psid', '=', psid),
    )
    .execute()
  await mine('orders').execute()
  // Funnels keep their counts, but nothing ties an event to the person any more (nor says
  // what they answered).
  await sql`
    update analytics_steps set psid = '', events = (
      select json_group_array(json_array(e.value ->> 0, e.value ->> 1, e.value ->> 2, null))
      from json_each(analytics_steps.events) e
    )
    where page_id = ${pageId} and psid = ${psid}`.execute(db)
}

/** JSON text columns come back parsed, so an export reads as data rather than escaped strings. */
function decodeRow(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value) as unknown
        continue
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    out[key] = value
  }
  return out
}

function numbers(json: string): number[] {
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : []
}
