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

/** What the runtime may owe a provider about an order; a Record of kinds, not a closed union. */
export const ORDER_PROVIDER_TASK_KINDS = ['stripe_expire_session'] as const
export type OrderProviderTaskKind = (typeof ORDER_PROVIDER_TASK_KINDS)[number]

/** A call to a payment provider, queued durably with the decision that needs it. */
export interface OrderProviderTask {
  id: number
  /** An `OrderProviderTaskKind`, or one a newer runtime wrote (the runner fails it, unknown). */
  kind: string
  orderId: string
  /** The provider's id the call is about (a Stripe Checkout Session id). */
  ref: string
  status: 'pending' | 'done' | 'failed'
  attempts: number
  /** When it is due (or, while claimed, when the claim lapses). */
  runAt: Millis
  /** No attempt after this: the provider has settled it by then (a session expires itself). */
  deadline: Millis
  lastError?: string
  createdAt: Millis
  updatedAt: Millis
}

export type OrderProviderTaskOutcome =
  | { status: 'done'; note?: string }
  | { status: 'failed'; error: string }
  | { status: 'pending'; runAt: Millis; error: string }

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
  /**
   * Queues a provider call (in the caller's transaction, so it exists iff the decision
   * committed). Once per kind and `ref`: queuing it again changes nothing.
   */
  queueProviderTask(
    task: {
      kind: OrderProviderTaskKind
      orderId: string
      ref: string
      runAt: Millis
      deadline: Millis
    },
    now: Millis,
  ): Promise<void>
  /** Pending tasks due at `now`, oldest first. */
  dueProviderTasks(now: Millis, limit: number): Promise<OrderProviderTask[]>
  /** When the next pending task is due, so the runner can sleep until then. */
  nextProviderTaskAt(): Promise<Millis | undefined>
  /**
   * Takes a due task for one attempt (compare-and-set on its `runAt`, pushed to `leaseUntil`):
   * false when another runner took it first. A runner that dies retries it at `leaseUntil`.
   */
  claimProviderTask(id: number, runAt: Millis, leaseUntil: Millis): Promise<boolean>
  /** Records an attempt (counted) and what comes next. */
  finishProviderTask(id: number, outcome: OrderProviderTaskOutcome, now: Millis): Promise<void>
  /** An order's tasks, oldest first. */
  providerTasks(orderId: string): Promise<OrderProviderTask[]>
}
