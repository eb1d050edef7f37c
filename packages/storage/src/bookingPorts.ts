type Millis = number

export const BOOKING_STATUSES = ['confirmed', 'cancelled'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

/** Who cancelled: the person (Cancel button), the business (admin), or a reschedule. */
export type CancelledBy = 'person' | 'business' | 'reschedule'

/**
 * The places a hold or a booking takes: one in each grid slot its service spans. `scope`
 * separates the simulator's test Pages (their page id) from live bookings (`''`), so trying a
 * flow never takes a real customer's place; live bookings share a calendar across every flow
 * and Page of the runtime.
 */
export interface SlotClaim {
  scope: string
  calendarId: string
  /** Starts of the grid slots taken (see the runtime's slot generation). */
  covers: Millis[]
  /** The calendar's capacity now: a slot never holds more than this many. */
  capacity: number
}

export interface HoldWrite extends SlotClaim {
  id: string
  pageId: string
  psid: string
  nodeId: string
  start: Millis
  end: Millis
  expiresAt: Millis
}

export type Hold = HoldWrite & { createdAt: Millis }

export interface BookingWrite {
  id: string
  /** Unguessable: the public calendar file's name. */
  token: string
  flowVersionId: string
  calendarName: string
  timezone: string
  service: string
  firstName?: string
  lastName?: string
  /** Job keys of the reminders, written in the same transaction as the booking. */
  reminderKeys: string[]
  /** A booking this one replaces (reschedule): cancelled in the same transaction. */
  replaces?: string
}

export interface Booking extends SlotClaim {
  id: string
  token: string
  holdId: string
  pageId: string
  psid: string
  flowVersionId: string
  nodeId: string
  calendarName: string
  timezone: string
  service: string
  start: Millis
  end: Millis
  status: BookingStatus
  firstName?: string
  lastName?: string
  reminderKeys: string[]
  replaces?: string
  createdAt: Millis
  cancelledAt?: Millis
  cancelledBy?: CancelledBy
}

export interface BookingFilter {
  /** `''` live bookings (the default), or a simulator Page's id. */
  scope?: string
  /** Every simulator Page's test bookings at once (instead of `scope`). */
  test?: boolean
  calendarId?: string
  pageId?: string
  status?: BookingStatus
  /** Appointments starting at or after. */
  from?: Millis
  /** Appointments starting before. */
  to?: Millis
}

/**
 * Holds and bookings. Capacity is the database's: each grid slot is a row whose `used` can
 * only rise by a conditional update (`used < capacity`) and is bounded by a CHECK constraint,
 * so two writers, in one process or several, can never put a slot over its capacity.
 */
export interface BookingRepository {
  /** Places taken per grid slot start in [from, to): bookings and holds not yet released. */
  usage(scope: string, calendarId: string, from: Millis, to: Millis): Promise<Map<Millis, number>>
  /**
   * Takes a place in every slot of the claim and records the hold; resolves false, with
   * nothing written, when any slot is full.
   */
  hold(write: HoldWrite, now: Millis): Promise<boolean>
  getHold(id: string): Promise<Hold | undefined>
  /** Gives a hold's places back; false when there is no such hold (released or booked). */
  releaseHold(id: string): Promise<boolean>
  /** Releases holds whose time ran out (at most `limit`); resolves how many. */
  releaseExpiredHolds(now: Millis, limit: number): Promise<number>
  /** When the next hold runs out, so the sweeper can sleep until then. */
  nextHoldExpiry(): Promise<Millis | undefined>
  /**
   * Turns a hold into a confirmed booking that keeps its places. Confirming the same hold again
   * resolves the booking it made; a hold that is gone (released) resolves undefined.
   */
  confirm(holdId: string, write: BookingWrite, now: Millis): Promise<Booking | undefined>
  /**
   * Cancels a confirmed booking and gives its places back. Resolves the cancelled booking, or
   * undefined when it was not confirmed (unknown, or cancelled already).
   */
  cancel(id: string, by: CancelledBy, now: Millis): Promise<Booking | undefined>
  get(id: string): Promise<Booking | undefined>
  getByToken(token: string): Promise<Booking | undefined>
  /** By appointment time, earliest first; `total` counts every match. */
  list(
    filter: BookingFilter,
    page: { limit: number; offset: number },
  ): Promise<{ bookings: Booking[]; total: number }>
  /** Every booking matching, earliest first, row by row (the CSV export). */
  stream(filter: BookingFilter): AsyncIterable<Booking>
}
