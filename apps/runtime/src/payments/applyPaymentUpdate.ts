import type { InboundEvent } from '@charla/flow-schema'
import type { Order, OrderPatch, OrderStatus, PaymentProvider, Storage } from '@charla/storage'
import { queueLateReceipt } from './queueLateReceipt'

/** What a verified provider event says about an order. */
export interface PaymentUpdate {
  provider: PaymentProvider
  /** The provider's event id: the same event twice is acted on once. */
  eventId: string
  type: string
  /** Our order id (client_reference_id / custom_id), when the event carries it. */
  orderId?: string
  /** The provider's session or order id, to find the order otherwise. */
  ref?: string
  /** `none`: nothing to change (a completed session still waiting for a bank transfer). */
  outcome: 'paid' | 'failed' | 'expired' | 'none'
  patch: OrderPatch
}

export type UpdateResult = 'moved' | 'duplicate' | 'unchanged' | 'unknown_order'

/**
 * Where each outcome may come from. Money that moved always wins: a payment after the page
 * expired (or after a failed attempt) still makes the order paid. Expiry and failure only end a
 * pending order, so a late or repeated event never undoes a payment.
 */
const FROM: Record<'paid' | 'failed' | 'expired', readonly OrderStatus[]> = {
  paid: ['pending', 'expired', 'failed'],
  failed: ['pending'],
  expired: ['pending'],
}

/**
 * Records the event, moves the order by compare-and-set, and queues the `payment` event for
 * the conversation, all in one transaction: the order and the conversation never disagree,
 * and a duplicate or out-of-order event changes nothing.
 */
export async function applyPaymentUpdate(
  storage: Storage,
  update: PaymentUpdate,
  now: number,
): Promise<{ result: UpdateResult; order?: Order; messagesQueued?: number }> {
  return storage.transaction(async (tx) => {
    const order =
      (update.orderId ? await tx.orders.get(update.orderId) : undefined) ??
      (update.ref ? await tx.orders.getByProviderRef(update.provider, update.ref) : undefined)
    const fresh = await tx.orders.recordPaymentEvent({
      provider: update.provider,
      eventId: update.eventId,
      type: update.type,
      ...(order ? { orderId: order.id } : {}),
      receivedAt: now,
    })
    if (!fresh) return { result: 'duplicate' }
    if (!order) return { result: 'unknown_order' }
    if (update.outcome === 'none') return { result: 'unchanged', order }
    const to = update.outcome
    const moved = await tx.orders.transition(
      order.id,
      FROM[to],
      to,
      { provider: update.provider, ...update.patch, ...(to === 'paid' ? { paidAt: now } : {}) },
      now,
    )
    if (!moved) return { result: 'unchanged', order }
    // Paid after the checkout expired: the conversation left the checkout, so the engine
    // would ignore the payment event; the receipt is sent from here instead.
    if (to === 'paid' && order.status === 'expired') {
      const messagesQueued = await queueLateReceipt(tx, moved, now)
      return { result: 'moved', order: moved, messagesQueued }
    }
    const event: InboundEvent = {
      type: 'payment',
      orderId: moved.id,
      status: to,
      ...(moved.paymentMethod ? { paymentMethod: moved.paymentMethod } : {}),
      ...(moved.customerName ? { customerName: moved.customerName } : {}),
      ...(moved.address ? { address: moved.address } : {}),
    }
    await tx.inbox.add([
      {
        dedupeKey: `payment:${moved.id}:${to}`,
        pageId: moved.pageId,
        psid: moved.psid,
        event,
        occurredAt: now,
        receivedAt: now,
      },
    ])
    return { result: 'moved', order: moved }
  })
}
