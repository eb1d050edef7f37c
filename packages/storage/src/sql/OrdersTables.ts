import type { Generated } from 'kysely'

/** The orders tables (migration 005) as Kysely sees them. */
export interface OrdersTable {
  id: string
  token: string
  page_id: string
  psid: string
  flow_version_id: string
  node_id: string
  /** JSON `OrderItem[]`. */
  items: string
  currency: string
  total_minor: number
  status: 'pending' | 'paid' | 'expired' | 'failed' | 'refunded' | 'shipped'
  /** JSON `PaymentProvider[]`. */
  providers: string
  provider: 'stripe' | 'paypal' | null
  provider_session_id: string | null
  provider_order_id: string | null
  idempotency_key: string
  /** JSON of what the provider's page collects. */
  collect: string
  customer_name: string | null
  email: string | null
  phone: string | null
  /** JSON `OrderAddress`. */
  address: string | null
  payment_method: string | null
  expires_at: number
  created_at: number
  updated_at: number
  paid_at: number | null
}

export interface PaymentEventsTable {
  provider: string
  event_id: string
  type: string
  order_id: string | null
  received_at: number
}

export interface OrderProviderTasksTable {
  id: Generated<number>
  kind: string
  order_id: string
  /** The provider's id the call is about (a Stripe Checkout Session id). */
  ref: string
  status: Generated<'pending' | 'done' | 'failed'>
  attempts: Generated<number>
  run_at: number
  deadline: number
  last_error: string | null
  created_at: number
  updated_at: number
}
