import type { Kysely, Selectable } from 'kysely'
import type { Booking, BookingFilter, BookingRepository, Hold, SlotClaim } from '../bookingPorts'
import type { BookingHoldsTable, BookingsTable } from './BookingTables'
import type { Database } from './Database'
import type { SqlContext } from './SqlContext'

/** Rows read per round trip by `stream`. */
const STREAM_PAGE = 500

export function createBookingRepository({ db, atomic }: SqlContext): BookingRepository {
  const getHold = async (db: Kysely<Database>, id: string) => {
    const row = await db
      .selectFrom('booking_holds')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? toHold(row) : undefined
  }
  const getBooking = async (
    db: Kysely<Database>,
    column: 'id' | 'token' | 'hold_id',
    v: string,
  ) => {
    const row = await db.selectFrom('bookings').selectAll().where(column, '=', v).executeTakeFirst()
    return row ? toBooking(row) : undefined
  }

  return {
    async usage(scope, calendarId, from, to) {
      const rows = await db
        .selectFrom('booking_slots')
        .select(['start_at', 'used'])
        .where('scope', '=', scope)
        .where('calendar_id', '=', calendarId)
        .where('start_at', '>=', from)
        .where('start_at', '<', to)
        .where('used', '>', 0)
        .execute()
      return new Map(rows.map((r) => [r.start_at, r.used]))
    },

    hold(write, now) {
      return atomic(async (db) => {
        if (!(await claim(db, write))) return false
        await db
          .insertInto('booking_holds')
          .values({
            id: write.id,
            scope: write.scope,
            calendar_id: write.calendarId,
            page_id: write.pageId,
            psid: write.psid,
            node_id: write.nodeId,
            start_at: write.start,
            end_at: write.end,
            covers: JSON.stringify(write.covers),
            capacity: write.capacity,
            expires_at: write.expiresAt,
            created_at: now,
          })
          .execute()
        return true
      })
    },

    getHold: (id) => getHold(db, id),

    releaseHold(id) {
      return atomic(async (db) => {
        const hold = await getHold(db, id)
        if (!hold) return false
        await db.deleteFrom('booking_holds').where('id', '=', id).execute()
        await unclaim(db, hold)
        return true
      })
    },

    releaseExpiredHolds(now, limit) {
      return atomic(async (db) => {
        const rows = await db
          .selectFrom('booking_holds')
          .selectAll()
          .where('expires_at', '<=', now)
          .orderBy('expires_at')
          .limit(limit)
          .execute()
        for (const row of rows) {
          const hold = toHold(row)
          await db.deleteFrom('booking_holds').where('id', '=', hold.id).execute()
          await unclaim(db, hold)
        }
        return rows.length
      })
    },

    async nextHoldExpiry() {
      const { next } = await db
        .selectFrom('booking_holds')
        .select((eb) => eb.fn.min('expires_at').as('next'))
        .executeTakeFirstOrThrow()
      return next ?? undefined
    },

    confirm(holdId, write, now) {
      return atomic(async (db) => {
        const existing = await getBooking(db, 'hold_id', holdId)
        if (existing) return existing
        const hold = await getHold(db, holdId)
        if (!hold) return undefined
        // The hold's places become the booking's: `used` does not move.
        await db.deleteFrom('booking_holds').where('id', '=', holdId).execute()
        await db
          .insertInto('bookings')
          .values({
            id: write.id,
            token: write.token,
            hold_id: holdId,
            scope: hold.scope,
            calendar_id: hold.calendarId,
            calendar_name: write.calendarName,
            timezone: write.timezone,
            page_id: hold.pageId,
            psid: hold.psid,
            flow_version_id: write.flowVersionId,
            node_id: hold.nodeId,
            service: write.service,
            start_at: hold.start,
            end_at: hold.end,
            covers: JSON.stringify(hold.covers),
            capacity: hold.capacity,
            status: 'confirmed',
            first_name: write.firstName ?? null,
            last_name: write.lastName ?? null,
            reminder_keys: JSON.stringify(write.reminderKeys),
            replaces: write.replaces ?? null,
            created_at: now,
          })
          .execute()
        return getBooking(db, 'id', write.id)
      })
    },

    cancel(id, by, now) {
      return atomic(async (db) => {
        const res = await db
          .updateTable('bookings')
          .set({ status: 'cancelled', cancelled_at: now, cancelled_by: by })
          .where('id', '=', id)
          .where('status', '=', 'confirmed')
          .executeTakeFirst()
        if (Number(res.numUpdatedRows) !== 1) return undefined
        const booking = await getBooking(db, 'id', id)
        if (booking) await unclaim(db, booking)
        return booking
      })
    },

    get: (id) => getBooking(db, 'id', id),
    getByToken: (token) => getBooking(db, 'token', token),

    async list(filter, page) {
      const rows = await filtered(db, filter)
        .selectAll()
        .orderBy('start_at')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute()
      const { total } = await filtered(db, filter)
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow()
      return { bookings: rows.map(toBooking), total: Number(total) }
    },

    async *stream(filter) {
      // Keyset pages: constant memory and no long read transaction, whatever the count.
      let after: { start: number; id: string } | undefined
      for (;;) {
        let q = filtered(db, filter).selectAll()
        if (after) {
          const a = after
          q = q.where((eb) =>
            eb.or([
              eb('start_at', '>', a.start),
              eb.and([eb('start_at', '=', a.start), eb('id', '>', a.id)]),
            ]),
          )
        }
        const rows = await q.orderBy('start_at').orderBy('id').limit(STREAM_PAGE).execute()
        for (const row of rows) yield toBooking(row)
        const last = rows[rows.length - 1]
        if (!last || rows.length < STREAM_PAGE) return
        after = { start: last.start_at, id: last.id }
      }
    },
  }
}

/**
 * Takes one place in each slot of the claim, or none: a slot's `used` only rises through an
 * update that requires `used < capacity` (atomic under the row's write lock on any SQL
 * database), and the CHECK constraint bounds it whatever runs. A full slot undoes the places
 * taken so far instead of throwing, so the caller's transaction carries on.
 */
async function claim(db: Kysely<Database>, c: SlotClaim): Promise<boolean> {
  const taken: number[] = []
  for (const start of c.covers) {
    await db
      .insertInto('booking_slots')
      .values({
        scope: c.scope,
        calendar_id: c.calendarId,
        start_at: start,
        used: 0,
        capacity: c.capacity,
      })
      .onConflict((oc) => oc.columns(['scope', 'calendar_id', 'start_at']).doNothing())
      .execute()
    const res = await db
      .updateTable('booking_slots')
      .set((eb) => ({
        used: eb('used', '+', 1),
        // A calendar whose capacity grew lets more in; one that shrank keeps the larger bound
        // on the row (lowering it under `used` would break the CHECK), the WHERE enforces it.
        capacity: eb
          .case()
          .when('capacity', '<', c.capacity)
          .then(c.capacity)
          .else(eb.ref('capacity'))
          .end(),
      }))
      .where('scope', '=', c.scope)
      .where('calendar_id', '=', c.calendarId)
      .where('start_at', '=', start)
      .where('used', '<', c.capacity)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) {
      await unclaim(db, { ...c, covers: taken })
      return false
    }
    taken.push(start)
  }
  return true
}

async function unclaim(db: Kysely<Database>, c: Omit<SlotClaim, 'capacity'>): Promise<void> {
  for (const start of c.covers)
    await db
      .updateTable('booking_slots')
      .set((eb) => ({ used: eb('used', '-', 1) }))
      .where('scope', '=', c.scope)
      .where('calendar_id', '=', c.calendarId)
      .where('start_at', '=', start)
      .where('used', '>', 0)
      .execute()
}

function filtered(db: Kysely<Database>, f: BookingFilter) {
  let q = f.test
    ? db.selectFrom('bookings').where('scope', '!=', '')
    : db.selectFrom('bookings').where('scope', '=', f.scope ?? '')
  if (f.calendarId !== undefined) q = q.where('calendar_id', '=', f.calendarId)
  if (f.pageId !== undefined) q = q.where('page_id', '=', f.pageId)
  if (f.status !== undefined) q = q.where('status', '=', f.status)
  if (f.from !== undefined) q = q.where('start_at', '>=', f.from)
  if (f.to !== undefined) q = q.where('start_at', '<', f.to)
  return q
}

function numbers(json: string): number[] {
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : []
}

function strings(json: string): string[] {
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []
}

function toHold(row: Selectable<BookingHoldsTable>): Hold {
  return {
    id: row.id,
    scope: row.scope,
    calendarId: row.calendar_id,
    pageId: row.page_id,
    psid: row.psid,
    nodeId: row.node_id,
    start: row.start_at,
    end: row.end_at,
    covers: numbers(row.covers),
    capacity: row.capacity,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  }
}

function toBooking(row: Selectable<BookingsTable>): Booking {
  return {
    id: row.id,
    token: row.token,
    holdId: row.hold_id,
    scope: row.scope,
    calendarId: row.calendar_id,
    calendarName: row.calendar_name,
    timezone: row.timezone,
    pageId: row.page_id,
    psid: row.psid,
    flowVersionId: row.flow_version_id,
    nodeId: row.node_id,
    service: row.service,
    start: row.start_at,
    end: row.end_at,
    covers: numbers(row.covers),
    capacity: row.capacity,
    status: row.status,
    ...(row.first_name !== null ? { firstName: row.first_name } : {}),
    ...(row.last_name !== null ? { lastName: row.last_name } : {}),
    reminderKeys: strings(row.reminder_keys),
    ...(row.replaces !== null ? { replaces: row.replaces } : {}),
    createdAt: row.created_at,
    ...(row.cancelled_at !== null ? { cancelledAt: row.cancelled_at } : {}),
    ...(row.cancelled_by !== null ? { cancelledBy: row.cancelled_by } : {}),
  }
}
