import { z } from 'zod'
import type { Millis } from './ports'

/**
 * Where an order is. `pending` until the provider says otherwise; `paid`, `expired` and `failed`
 * are set by verified webhooks (or the checkout's own expiry); `shipped` and `refunded` by the
 * shop from the orders view.
 */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'expired',
  'failed',
  'refunded',
  'shipped',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const PAYMENT_PROVIDERS = ['stripe', 'paypal'] as const
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number]

export const orderItemSchema = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int().min(1),
  /** Minor units (cents), like every amount. */
  unitMinor: z.number().int().min(0),
  imageUrl: z.string().optional(),
})
export type OrderItem = z.infer<typeof orderItemSchema>

export const orderAddressSchema = z.object({
  street1: z.string(),
  street2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  state: z.string().optional(),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
})
export type OrderAddress = z.infer<typeof orderAddressSchema>

export const orderCollectSchema = z.object({
  shippingAddress: z.boolean(),
  email: z.boolean(),
  phone: z.boolean(),
})

export interface Order {
  /** Also the order number on the receipt: short enough to read out on the phone. */
  id: string
  /** The secret in the payment link (`/pay/<token>`): unguessable, never listed publicly. */
  token: string
  pageId: string
  psid: string
  flowVersionId: string
  /** The checkout node that made it. */
  nodeId: string
  items: OrderItem[]
  /** ISO 4217. */
  currency: string
  totalMinor: number
  status: OrderStatus
  /** Which providers the person may pay with. */
  providers: PaymentProvider[]
  /** The provider the person paid (or started paying) with. */
  provider?: PaymentProvider
  /** Stripe Checkout Session id. */
  providerSessionId?: string
  /** PayPal order id (or Stripe PaymentIntent id once paid). */
  providerOrderId?: string
  /** Sent with every session creation, so a retried request never makes a second session. */
  idempotencyKey: string
  collect: z.infer<typeof orderCollectSchema>
  customerName?: string
  email?: string
  phone?: string
  address?: OrderAddress
  paymentMethod?: string
  expiresAt: Millis
  createdAt: Millis
  updatedAt: Millis
  paidAt?: Millis
}

export type NewOrder = Omit<
  Order,
  'status' | 'provider' | 'providerSessionId' | 'providerOrderId' | 'updatedAt' | 'paidAt'
>

/** What a verified webhook (or the shop) learnt about the order along with a status change. */
export type OrderPatch = Partial<
  Pick<
    Order,
    | 'provider'
    | 'providerSessionId'
    | 'providerOrderId'
    | 'customerName'
    | 'email'
    | 'phone'
    | 'address'
    | 'paymentMethod'
    | 'paidAt'
  >
>

export interface OrderListQuery {
  pageId?: string
  status?: OrderStatus
  /** Orders created before this time (paging, newest first). */
  before?: Millis
  /** Created at or after this time. */
  from?: Millis
  /** Created before this time (exclusive, like `before`). */
  to?: Millis
  /**
   * Case-insensitive substring of the order number, the buyer's name or email, or a product
   * name (ASCII case folding, as SQLite's `lower`).
   */
  q?: string
  /**
   * true: only the simulator's orders (their Page is not a connected one); false: only live
   * orders.
   */
  test?: boolean
  limit: number
}

export interface OrderRepository {
  create(order: NewOrder): Promise<Order>
  get(id: string): Promise<Order | undefined>
  getByToken(token: string): Promise<Order | undefined>
  /** By the provider's session (Stripe) or order (PayPal) id. */
  getByProviderRef(provider: PaymentProvider, ref: string): Promise<Order | undefined>
  /** Newest first. */
  list(query: OrderListQuery): Promise<Order[]>
  /**
   * Remembers the provider session made for a pending order; resolves false (and changes
   * nothing) when the order is no longer pending.
   */
  attachSession(
    id: string,
    provider: PaymentProvider,
    ref: { sessionId?: string; orderId?: string },
    now: Millis,
  ): Promise<boolean>
  /**
   * Compare-and-set: moves the order to `to` only if its status is one of `from`, with the
   * patch. Resolves the updated order, or undefined when it was elsewhere (a duplicate or
   * late event), in which case nothing changed.
   */
  transition(
    id: string,
    from: readonly OrderStatus[],
    to: OrderStatus,
    patch: OrderPatch,
    now: Millis,
  ): Promise<Order | undefined>
  /**
   * Records a provider's webhook event once: resolves false when that event id was seen before
   * (the provider retried, or it was replayed), so it is not acted on twice.
   */
  recordPaymentEvent(event: {
    provider: PaymentProvider
    eventId: string
    type: string
    orderId?: string
    receivedAt: Millis
  }): Promise<boolean>
}
