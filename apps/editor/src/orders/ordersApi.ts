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
  /** Made in the editor's simulator. */
  test: boolean
}

export interface OrderFilters {
  status?: OrderStatus
  /** `YYYY-MM-DD`, inclusive, the marketer's own days. */
  from?: string
  to?: string
  q?: string
  /** `live`: orders on connected Pages; `test`: the simulator's. */
  source?: 'live' | 'test'
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

/**
 * The filters as the API's query: days are the marketer's local days, sent as the milliseconds
 * of their local midnights (`to` exclusive), so the list, the CSV and the screen agree.
 */
export function orderQuery(f: OrderFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (f.status) params.set('status', f.status)
  if (f.from) params.set('from', String(localDay(f.from)))
  if (f.to) params.set('to', String(localDay(f.to, 1)))
  if (f.q?.trim()) params.set('q', f.q.trim())
  if (f.source) params.set('test', String(f.source === 'test'))
  return params
}

export const ordersApi = {
  /** Newest first; `before` pages back by creation time. */
  list: (f: OrderFilters, page: { before?: number; limit: number }) => {
    const params = orderQuery(f)
    params.set('limit', String(page.limit))
    if (page.before !== undefined) params.set('before', String(page.before))
    return call<{ orders: Order[] }>('GET', `/api/orders?${params}`)
  },
  get: (id: string) => call<{ order: Order }>('GET', `/api/orders/${encodeURIComponent(id)}`),
  /** Moves the order and, with `notify`, tells the person in Messenger. */
  setStatus: (
    id: string,
    body: { status: 'shipped' | 'refunded'; note?: string; notify: boolean },
  ) => call<{ order: Order }>('POST', `/api/orders/${encodeURIComponent(id)}/status`, body),
  /** The CSV of exactly what the filters show. */
  exportUrl: (f: OrderFilters) => {
    const params = orderQuery(f)
    return `/api/orders/export.csv${params.size ? `?${params}` : ''}`
  },
}
