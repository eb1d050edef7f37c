import { adminFetch } from '../auth/session'

/** The runtime's `/api/orders` (docs/api.md), for the Orders page. */

export const ORDER_STATUSES = [
  'pending',
  'paid',
  'shipped',
  'refunded',
  'expired',
  'failed',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export interface OrderItem {
  productId: string
  name: string
  quantity: number
  /** Minor units (cents), like every amount. */
  unitMinor: number
  imageUrl?: string
}

export interface OrderAddress {
  street1: string
  street2?: string
  city: string
  postalCode: string
  state?: string
  country: string
}

export interface Order {
  id: string
  pageId: string
  psid: string
  flowVersionId: string
  nodeId: string
  items: OrderItem[]
  currency: string
  totalMinor: number
  status: OrderStatus
  providers: ('stripe' | 'paypal')[]
  provider?: 'stripe' | 'paypal'
  providerSessionId?: string
  providerOrderId?: string
  collect: { shippingAddress: boolean; email: boolean; phone: boolean }
  customerName?: string
  email?: string
  phone?: string
  address?: OrderAddress
  paymentMethod?: string
  expiresAt: number
  createdAt: number
  updatedAt: number
  paidAt?: number
}

export interface OrderFilters {
  status?: OrderStatus
  /** `YYYY-MM-DD`, inclusive, the marketer's own days. */
  from?: string
  to?: string
  q?: string
}

/** A date input's day as the local midnight starting it, in ms. */
export function localDay(day: string, plusDays = 0): number {
  const d = new Date(`${day}T00:00:00`)
  d.setDate(d.getDate() + plusDays)
  return d.getTime()
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await adminFetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  const parsed = text ? (JSON.parse(text) as unknown) : undefined
  if (!res.ok) {
    const message =
      parsed &&
      typeof parsed === 'object' &&
      'message' in parsed &&
      typeof parsed.message === 'string'
        ? parsed.message
        : `${res.status} ${res.statusText}`
    throw new Error(message)
  }
  return parsed as T
}

export const ordersApi = {
  /** Newest first; `before` pages back by creation time. */
  list: (q: { status?: OrderStatus; before?: number; limit: number }) => {
    const params = new URLSearchParams({ limit: String(q.limit) })
    if (q.status) params.set('status', q.status)
    if (q.before !== undefined) params.set('before', String(q.before))
    return call<{ orders: Order[] }>('GET', `/api/orders?${params}`)
  },
  get: (id: string) => call<{ order: Order }>('GET', `/api/orders/${encodeURIComponent(id)}`),
  /** Moves the order and, with `notify`, tells the person in Messenger. */
  setStatus: (
    id: string,
    body: { status: 'shipped' | 'refunded'; note?: string; notify: boolean },
  ) => call<{ order: Order }>('POST', `/api/orders/${encodeURIComponent(id)}/status`, body),
  exportUrl: (f: { status?: OrderStatus }) =>
    `/api/orders/export.csv${f.status ? `?status=${encodeURIComponent(f.status)}` : ''}`,
}
