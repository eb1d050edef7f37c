/** The booking tables (migration 004), as Kysely sees them. */

/** One row per grid slot of a calendar that was ever taken: the capacity guard. */
export interface BookingSlotsTable {
  scope: string
  calendar_id: string
  start_at: number
  /** CHECK (used >= 0 AND used <= capacity). */
  used: number
  capacity: number
}

export interface BookingHoldsTable {
  id: string
  scope: string
  calendar_id: string
  page_id: string
  psid: string
  node_id: string
  start_at: number
  end_at: number
  /** JSON `number[]`: the grid slots it takes. */
  covers: string
  capacity: number
  expires_at: number
  created_at: number
}

export interface BookingsTable {
  id: string
  token: string
  hold_id: string
  scope: string
  calendar_id: string
  calendar_name: string
  timezone: string
  page_id: string
  psid: string
  flow_version_id: string
  node_id: string
  service: string
  start_at: number
  end_at: number
  covers: string
  capacity: number
  status: 'confirmed' | 'cancelled'
  first_name: string | null
  last_name: string | null
  /** JSON `string[]`. */
  reminder_keys: string
  replaces: string | null
  created_at: number
  cancelled_at: number | null
  cancelled_by: 'person' | 'business' | 'reschedule' | null
}
