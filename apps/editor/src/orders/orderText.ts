import { formatMoney } from '../money'
import type { Order, OrderAddress, OrderStatus } from './ordersApi'

export const STATUS_LABEL: Record<OrderStatus, { label: string; color: string }> = {
  pending: { label: 'Awaiting payment', color: 'yellow' },
  paid: { label: 'Paid', color: 'green' },
  shipped: { label: 'Shipped', color: 'blue' },
  refunded: { label: 'Refunded', color: 'grape' },
  expired: { label: 'Expired', color: 'gray' },
  failed: { label: 'Failed', color: 'red' },
}

export const PROVIDER_LABEL: Record<string, string> = { stripe: 'Stripe', paypal: 'PayPal' }

export const money = (o: Pick<Order, 'currency'>, minor: number) => formatMoney(minor, o.currency)

export function buyerName(o: Order): string {
  return o.customerName || o.email || `Messenger ${o.psid}`
}

export function itemsText(o: Order): string {
  return o.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name)).join(', ')
}

export function addressLines(a: OrderAddress): string[] {
  return [
    a.street1,
    a.street2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    [a.state, regionName(a.country)].filter(Boolean).join(', '),
  ].filter((l): l is string => !!l)
}

function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

export const when = (ms: number | undefined) =>
  ms === undefined
    ? ''
    : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
