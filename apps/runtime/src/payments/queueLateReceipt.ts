import { phrasebookFor } from '@charla/flow-schema'
import { currencyDigits, toSendRequests } from '@charla/messenger'
import type { Order, Storage } from '@charla/storage'

type Tx = Parameters<Parameters<Storage['transaction']>[0]>[0]

/**
 * A payment that arrives after the checkout expired: the conversation has already left the
 * checkout (through `abandoned`), so the engine will not answer a `payment` event any more.
 * The person still paid, so the runtime tells them itself, in the same transaction as the
 * order's move to paid: the flow's "payment confirmed" phrase and, when the checkout node asks
 * for one, the receipt, both under POST_PURCHASE_UPDATE (the 24-hour window may be closed).
 * Resolves how many messages were queued.
 */
export async function queueLateReceipt(tx: Tx, order: Order, now: number): Promise<number> {
  const version = await tx.flows.getVersion(order.flowVersionId)
  const flow = version?.flow
  const node = flow?.nodes.find((n) => n.id === order.nodeId)
  const checkout = node?.type === 'checkout' ? node.data : undefined
  const locale = flow?.locale ?? 'en-US'
  const total = money(order.totalMinor, order.currency, locale)
  const template = checkout?.phrases?.order_paid ?? phrasebookFor(locale).order_paid
  const text = template.replace(/\{total\}/g, total)

  const requests = [
    ...toSendRequests({ type: 'send', message: { kind: 'text', text } }, { psid: order.psid }),
    ...(checkout?.receipt === false
      ? []
      : toSendRequests(
          {
            type: 'send',
            message: {
              kind: 'receipt',
              receipt: {
                recipientName: await recipientName(tx, order),
                orderNumber: order.id,
                currency: order.currency,
                paymentMethod: order.paymentMethod ?? '-',
                timestamp: Math.floor(now / 1000),
                ...(order.address ? { address: order.address } : {}),
                subtotalMinor: order.totalMinor,
                totalMinor: order.totalMinor,
                elements: order.items.map((i) => ({
                  title: i.name,
                  quantity: i.quantity,
                  priceMinor: i.unitMinor * i.quantity,
                  ...(i.imageUrl ? { imageUrl: i.imageUrl } : {}),
                })),
              },
            },
          },
          { psid: order.psid },
        )),
  ]
  await tx.outbox.add(
    requests.map((request) => ({
      pageId: order.pageId,
      psid: order.psid,
      body: { op: 'message', request: { ...request } },
      tag: 'POST_PURCHASE_UPDATE',
      nextAttemptAt: now,
      createdAt: now,
    })),
  )
  return requests.length
}

/**
 * Who the receipt is for: the name the provider collected, else the person's Messenger name
 * (as the engine's own receipt does), else "-" (Meta requires the field).
 */
async function recipientName(tx: Tx, order: Order): Promise<string> {
  if (order.customerName?.trim()) return order.customerName
  const contact = await tx.contacts.get(order.pageId, order.psid)
  return [contact?.firstName, contact?.lastName].filter(Boolean).join(' ') || '-'
}

function money(minor: number, currency: string, locale: string): string {
  const major = minor / 10 ** currencyDigits(currency)
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(major)
  } catch {
    return `${major} ${currency}`
  }
}
