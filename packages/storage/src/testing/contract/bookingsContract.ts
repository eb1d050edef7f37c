import { describe, expect, it } from 'vitest'
import type { BookingWrite, HoldWrite } from '../../bookingPorts'
import type { Storage } from '../../ports'

const H = 3_600_000
const T0 = 1_900_000_000_000

const hold = (id: string, over: Partial<HoldWrite> = {}): HoldWrite => ({
  id,
  scope: '',
  calendarId: 'chair',
  covers: [T0],
  capacity: 1,
  pageId: 'p1',
  psid: `u-${id}`,
  nodeId: 'book',
  start: T0,
  end: T0 + H / 2,
  expiresAt: 1_000 + 10 * 60_000,
  ...over,
})

const booking = (id: string, over: Partial<BookingWrite> = {}): BookingWrite => ({
  id,
  token: `token-${id}`,
  flowVersionId: 'v1',
  calendarName: 'Chair 1',
  timezone: 'Europe/Madrid',
  service: 'Haircut',
  reminderKeys: [`p1:u:r:${id}:0`],
  ...over,
})

export function bookingsContract(storage: () => Storage): void {
  describe('bookings', () => {
    const used = (s: Storage, scope = '', calendarId = 'chair') =>
      s.bookings.usage(scope, calendarId, T0 - H, T0 + 24 * H)

    it('holds the last place once: a second hold is refused and writes nothing', async () => {
      const s = storage()
      expect(await s.bookings.hold(hold('h1'), 1_000)).toBe(true)
      expect(await s.bookings.hold(hold('h2'), 1_000)).toBe(false)
      expect(await s.bookings.getHold('h2')).toBeUndefined()
      expect(await s.bookings.getHold('h1')).toMatchObject({
        id: 'h1',
        covers: [T0],
        createdAt: 1_000,
      })
      expect(await used(s)).toEqual(new Map([[T0, 1]]))
    })

    it('lets as many in as the capacity, and a grown capacity lets more in', async () => {
      const s = storage()
      for (const id of ['a', 'b'])
        expect(await s.bookings.hold(hold(id, { capacity: 2 }), 1)).toBe(true)
      expect(await s.bookings.hold(hold('c', { capacity: 2 }), 1)).toBe(false)
      expect(await s.bookings.hold(hold('c', { capacity: 3 }), 1)).toBe(true)
      // Shrunk below what is taken: nobody else gets in, nobody is thrown out.
      expect(await s.bookings.hold(hold('d', { capacity: 1 }), 1)).toBe(false)
      expect(await used(s)).toEqual(new Map([[T0, 3]]))
    })

    it('takes every slot a long service spans, or none of them', async () => {
      const s = storage()
      const later = T0 + H / 2
      expect(await s.bookings.hold(hold('x', { covers: [later] }), 1)).toBe(true)
      expect(await s.bookings.hold(hold('long', { covers: [T0, later], end: T0 + H }), 1)).toBe(
        false,
      )
      expect(await used(s)).toEqual(new Map([[later, 1]]))
    })

    it('keeps live bookings and each simulator Page apart', async () => {
      const s = storage()
      expect(await s.bookings.hold(hold('live'), 1)).toBe(true)
      expect(await s.bookings.hold(hold('sim', { scope: 'sim_page' }), 1)).toBe(true)
      expect(await used(s, 'sim_page')).toEqual(new Map([[T0, 1]]))
      expect(await used(s, '', 'other')).toEqual(new Map())
    })

    it('gives a released hold back once; the sweeper releases holds whose time ran out', async () => {
      const s = storage()
      await s.bookings.hold(hold('h1', { expiresAt: 500 }), 1)
      await s.bookings.hold(hold('h2', { covers: [T0 + H], expiresAt: 900 }), 1)
      expect(await s.bookings.releaseHold('h1')).toBe(true)
      expect(await s.bookings.releaseHold('h1')).toBe(false)
      expect(await s.bookings.nextHoldExpiry()).toBe(900)
      expect(await s.bookings.releaseExpiredHolds(899, 10)).toBe(0)
      expect(await s.bookings.releaseExpiredHolds(900, 10)).toBe(1)
      expect(await s.bookings.nextHoldExpiry()).toBeUndefined()
      expect(await used(s)).toEqual(new Map())
      expect(await s.bookings.hold(hold('h3'), 1)).toBe(true)
    })

    it('confirms a hold into a booking that keeps its place, once', async () => {
      const s = storage()
      await s.bookings.hold(hold('h1'), 1)
      const made = await s.bookings.confirm('h1', booking('b1', { firstName: 'Ana' }), 2)
      expect(made).toMatchObject({
        id: 'b1',
        token: 'token-b1',
        holdId: 'h1',
        status: 'confirmed',
        start: T0,
        end: T0 + H / 2,
        psid: 'u-h1',
        firstName: 'Ana',
        reminderKeys: ['p1:u:r:b1:0'],
        createdAt: 2,
      })
      expect(await s.bookings.getHold('h1')).toBeUndefined()
      expect(await used(s)).toEqual(new Map([[T0, 1]]))
      // A step redone after a crash confirms the same hold again: the same booking.
      expect(await s.bookings.confirm('h1', booking('b2'), 3)).toEqual(made)
      expect(await s.bookings.confirm('gone', booking('b3'), 3)).toBeUndefined()
      expect(await s.bookings.getByToken('token-b1')).toEqual(made)
      expect(await s.bookings.get('b3')).toBeUndefined()
    })

    it('cancels once and gives the place back', async () => {
      const s = storage()
      await s.bookings.hold(hold('h1'), 1)
      await s.bookings.confirm('h1', booking('b1'), 2)
      const cancelled = await s.bookings.cancel('b1', 'business', 5)
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelledAt: 5,
        cancelledBy: 'business',
      })
      expect(await s.bookings.cancel('b1', 'person', 6)).toBeUndefined()
      expect(await s.bookings.cancel('nope', 'person', 6)).toBeUndefined()
      expect(await used(s)).toEqual(new Map())
      expect(await s.bookings.hold(hold('h2'), 7)).toBe(true)
    })

    it('lists and streams by appointment time with filters', async () => {
      const s = storage()
      for (const [i, start] of [T0 + 2 * H, T0, T0 + H].entries()) {
        await s.bookings.hold(
          hold(`h${i}`, { start, covers: [start], calendarId: i === 2 ? 'other' : 'chair' }),
          1,
        )
        await s.bookings.confirm(`h${i}`, booking(`b${i}`), 1)
      }
      await s.bookings.cancel('b0', 'person', 2)
      const all = await s.bookings.list({}, { limit: 10, offset: 0 })
      expect(all.total).toBe(3)
      expect(all.bookings.map((b) => b.id)).toEqual(['b1', 'b2', 'b0'])
      expect(
        (await s.bookings.list({}, { limit: 1, offset: 1 })).bookings.map((b) => b.id),
      ).toEqual(['b2'])
      const confirmed = await s.bookings.list(
        { status: 'confirmed', calendarId: 'chair' },
        { limit: 10, offset: 0 },
      )
      expect(confirmed.bookings.map((b) => b.id)).toEqual(['b1'])
      const window = await s.bookings.list(
        { from: T0 + H, to: T0 + 2 * H },
        { limit: 10, offset: 0 },
      )
      expect(window.bookings.map((b) => b.id)).toEqual(['b2'])
      expect((await s.bookings.list({ scope: 'sim' }, { limit: 10, offset: 0 })).total).toBe(0)
      expect((await s.bookings.list({ test: true }, { limit: 10, offset: 0 })).total).toBe(0)
      await s.bookings.hold(hold('hs', { scope: 'sim_page', covers: [T0 + 3 * H] }), 1)
      await s.bookings.confirm('hs', booking('bs'), 2)
      const tests = await s.bookings.list({ test: true }, { limit: 10, offset: 0 })
      expect(tests.bookings.map((b) => b.id)).toEqual(['bs'])
      expect((await s.bookings.list({}, { limit: 10, offset: 0 })).total).toBe(3)
      const streamed: string[] = []
      for await (const b of s.bookings.stream({})) streamed.push(b.id)
      expect(streamed).toEqual(['b1', 'b2', 'b0'])
    })

    it('50 concurrent holds of the last place: exactly one gets it', async () => {
      const s = storage()
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          s.transaction((tx) => tx.bookings.hold(hold(`c${i}`), 1)),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await used(s)).toEqual(new Map([[T0, 1]]))
    })
  })
}
