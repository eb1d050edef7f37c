import type { Order } from '@charla/storage'
import { csvCell } from '../leads/leadsCsv'
import { majorUnits } from '../payments/majorUnits'

const COLUMNS = [
  'order',
  'created_at',
  'status',
  'page_id',
  'psid',
  'provider',
  'currency',
  'total',
  'total_minor',
  'items',
  'customer_name',
  'email',
  'phone',
  'street_1',
  'street_2',
  'city',
  'postal_code',
  'state',
  'country',
  'payment_method',
  'paid_at',
]

/** Orders as CSV rows (BOM first, so spreadsheets read UTF-8; formulas neutralised). */
export function* ordersCsv(orders: Iterable<Order>): Generator<string> {
  yield `\uFEFF${COLUMNS.map(csvCell).join(',')}\r\n`
  for (const o of orders) {
    const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString())
    const cells = [
      o.id,
      iso(o.createdAt),
      o.status,
      o.pageId,
      o.psid,
      o.provider ?? '',
      o.currency,
      majorUnits(o.totalMinor, o.currency),
      String(o.totalMinor),
      o.items.map((i) => `${i.quantity} x ${i.name}`).join('; '),
      o.customerName ?? '',
      o.email ?? '',
      o.phone ?? '',
      o.address?.street1 ?? '',
      o.address?.street2 ?? '',
      o.address?.city ?? '',
      o.address?.postalCode ?? '',
      o.address?.state ?? '',
      o.address?.country ?? '',
      o.paymentMethod ?? '',
      iso(o.paidAt),
    ]
    yield `${cells.map(csvCell).join(',')}\r\n`
  }
}
