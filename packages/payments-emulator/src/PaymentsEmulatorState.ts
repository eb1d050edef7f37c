/** A Checkout Session as the emulator keeps it: the fields Stripe returns that Charla reads. */
export interface StripeSession {
  id: string
  object: 'checkout.session'
  mode: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'paid' | 'unpaid'
  client_reference_id: string | null
  metadata: Record<string, string>
  currency: string
  amount_total: number
  line_items: { name: string; quantity: number; unit_amount: number }[]
  success_url: string
  cancel_url: string
  url: string | null
  expires_at: number
  created: number
  payment_intent: string | null
  customer_email: string | null
  customer_details: {
    email: string | null
    name: string | null
    phone: string | null
    address: StripeAddress | null
  } | null
  collected_information: {
    shipping_details: { name: string; address: StripeAddress } | null
  } | null
  shipping_address_collection: { allowed_countries: string[] } | null
  phone_number_collection: { enabled: boolean }
}

export interface StripeAddress {
  line1: string
  line2: string | null
  city: string
  postal_code: string
  state: string | null
  country: string
}

export interface PaypalOrder {
  id: string
  intent: string
  status: 'CREATED' | 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED'
  purchase_units: Record<string, unknown>[]
  returnUrl: string
  cancelUrl: string
  shipping: boolean
  payer?: { name: { given_name: string; surname: string }; email_address: string; payer_id: string }
  shippingAddress?: Record<string, string>
  captureId?: string
  create_time: string
}

/** One webhook the emulator sent and what the receiver answered. */
export interface Delivery {
  provider: 'stripe' | 'paypal'
  type: string
  eventId: string
  status: number
  body: string
}

export interface PaymentsEmulatorState {
  stripeSessions: Map<string, StripeSession>
  /** Idempotency-Key → the session it created: a retried create returns the same session. */
  stripeIdempotency: Map<string, string>
  /** How many sessions a create actually made (not replayed): tests count these. */
  stripeCreates: number
  paypalOrders: Map<string, PaypalOrder>
  /** PayPal-Request-Id → the order it created. */
  paypalRequests: Map<string, string>
  paypalCreates: number
  paypalTokens: Set<string>
  deliveries: Delivery[]
  /** Every Stripe API call (`POST /v1/checkout/sessions/cs_…/expire`), in order. */
  stripeCalls: string[]
  /** Tests: the next `remaining` Stripe API calls answer `status` (an outage), not retryable. */
  stripeOutage?: { remaining: number; status: number }
}
