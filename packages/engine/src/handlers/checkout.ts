import type { CheckoutNode, InboundEventOf, LineItem, WaitOf } from '@charla/flow-schema'
import { go, unhandled, waitFor, type NodeHandler, type Outcome } from '../NodeHandler'
import { formatMoney } from '../format'
import { phrase } from '../phrase'
import { emit, nextId, type Run } from '../Run'
import { send, sendText } from '../send'
import { cancelTimer, scheduleTimer } from '../timers'
import { readVariable, render } from '../variables'
import { asList, findProduct } from './catalog'

type CheckoutWait = WaitOf<'checkout'>

/**
 * Asks the runtime for a hosted payment page (Stripe Checkout / PayPal order), sends the link,
 * and waits for the provider's verified webhook. Reminds once, and gives up when the page
 * expires.
 */
export const checkout: NodeHandler<'checkout'> = {
  enter(run, node) {
    const d = node.data
    const items = lineItems(run, node)
    if (!items.length) return go('failed')
    const totalMinor = items.reduce((sum, i) => sum + i.unitMinor * i.quantity, 0)
    const requestId = nextId(run, 'o')
    emit(run, {
      type: 'create_checkout',
      requestId,
      nodeId: node.id,
      items,
      currency: d.currency,
      totalMinor,
      provider: d.provider,
      collect: d.collect,
      expiresMinutes: d.expiresMinutes,
    })
    return waitFor({ kind: 'checkout', nodeId: node.id, stage: 'creating', requestId, totalMinor })
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'checkout') return unhandled
    if (
      event.type === 'checkout_created' &&
      event.requestId === wait.requestId &&
      wait.stage === 'creating'
    )
      return created(run, node, wait, event)
    if (event.type === 'payment' && event.orderId === wait.orderId)
      return paid(run, node, wait, event)
    if (event.type === 'timer' && event.timerId === wait.reminderTimerId && node.data.reminder) {
      sendText(run, render(run, node.data.reminder.text), { nodeId: node.id })
      const { reminderTimerId: _r, ...rest } = wait
      return waitFor(rest)
    }
    if (event.type === 'timer' && event.timerId === wait.expiryTimerId) {
      cancelTimer(run, wait.reminderTimerId)
      if (wait.orderId) emit(run, { type: 'expire_checkout', orderId: wait.orderId })
      run.state.vars['order.status'] = 'expired'
      return go('abandoned')
    }
    return unhandled
  },
}

function created(
  run: Run,
  node: CheckoutNode,
  wait: CheckoutWait,
  event: InboundEventOf<'checkout_created'>,
): Outcome {
  const d = node.data
  const ph = d.phrases
  const { stripe, paypal } = event.urls ?? {}
  if (!event.ok || !event.orderId || (!stripe && !paypal)) {
    sendText(run, phrase(run, 'checkout_failed', {}, ph), { nodeId: node.id })
    return go('failed')
  }
  const total = formatMoney(run.locale, wait.totalMinor, d.currency)
  const vars = run.state.vars
  vars['order.id'] = event.orderId
  vars['order.total'] = total
  vars['order.currency'] = d.currency
  vars['order.status'] = 'pending'
  vars['order.url'] = stripe ?? paypal ?? ''
  vars['order.items'] = lineItems(run, node).map((i) => `${i.quantity} × ${i.name}`)
  const buttons =
    d.provider === 'choice' && stripe && paypal
      ? [
          { type: 'url' as const, title: phrase(run, 'pay_with_card', {}, ph), url: stripe },
          { type: 'url' as const, title: phrase(run, 'pay_with_paypal', {}, ph), url: paypal },
        ]
      : [{ type: 'url' as const, title: render(run, d.buttonText), url: stripe ?? paypal ?? '' }]
  const text = d.text
    ? render(run, d.text)
    : phrase(run, d.provider === 'choice' ? 'choose_payment' : 'pay', { total }, ph)
  send(run, { kind: 'buttons', text, buttons }, { nodeId: node.id })
  const expiryTimerId = scheduleTimer(run, run.ctx.now + d.expiresMinutes * 60_000, {
    purpose: 'wait',
    nodeId: node.id,
  })
  const reminderTimerId =
    d.reminder && d.reminder.afterMinutes < d.expiresMinutes
      ? scheduleTimer(run, run.ctx.now + d.reminder.afterMinutes * 60_000, {
          purpose: 'wait',
          nodeId: node.id,
        })
      : undefined
  return waitFor({
    ...wait,
    stage: 'pending',
    orderId: event.orderId,
    expiryTimerId,
    ...(reminderTimerId ? { reminderTimerId } : {}),
  })
}

function paid(
  run: Run,
  node: CheckoutNode,
  wait: CheckoutWait,
  event: InboundEventOf<'payment'>,
): Outcome {
  cancelTimer(run, wait.reminderTimerId)
  cancelTimer(run, wait.expiryTimerId)
  const ph = node.data.phrases
  if (event.status === 'expired') {
    run.state.vars['order.status'] = 'expired'
    return go('abandoned')
  }
  if (event.status === 'failed') {
    run.state.vars['order.status'] = 'failed'
    sendText(run, phrase(run, 'payment_failed', {}, ph), { nodeId: node.id })
    return go('failed')
  }
  run.state.vars['order.status'] = 'paid'
  const total = formatMoney(run.locale, wait.totalMinor, node.data.currency)
  // Receipts and order updates may go out after the window closes, under POST_PURCHASE_UPDATE.
  sendText(run, phrase(run, 'order_paid', { total }, ph), {
    nodeId: node.id,
    tag: 'POST_PURCHASE_UPDATE',
  })
  if (node.data.receipt) {
    const items = lineItems(run, node)
    send(
      run,
      {
        kind: 'receipt',
        receipt: {
          recipientName:
            event.customerName ??
            ([run.state.contact.firstName, run.state.contact.lastName].filter(Boolean).join(' ') ||
              '-'),
          orderNumber: event.orderId,
          currency: node.data.currency,
          paymentMethod: event.paymentMethod ?? '-',
          timestamp: Math.floor(run.ctx.now / 1000),
          ...(event.address ? { address: event.address } : {}),
          subtotalMinor: wait.totalMinor,
          totalMinor: wait.totalMinor,
          elements: items.map((i) => ({
            title: i.name,
            quantity: i.quantity,
            priceMinor: i.unitMinor * i.quantity,
            ...(i.imageUrl ? { imageUrl: i.imageUrl } : {}),
          })),
        },
      },
      { nodeId: node.id, tag: 'POST_PURCHASE_UPDATE' },
    )
  }
  return go('paid')
}

/** Fixed items, or the cart variable's product ids counted into quantities. */
function lineItems(run: Run, node: CheckoutNode): LineItem[] {
  const d = node.data
  const wanted = new Map<string, number>()
  if (d.items?.length)
    for (const i of d.items) wanted.set(i.productId, (wanted.get(i.productId) ?? 0) + i.quantity)
  else
    for (const id of asList(readVariable(run, d.cartVariable ?? '')))
      wanted.set(id, (wanted.get(id) ?? 0) + 1)
  return [...wanted].flatMap(([id, quantity]) => {
    const p = findProduct(run, id)
    if (!p || p.currency !== d.currency) return []
    return [
      {
        productId: p.id,
        name: p.name,
        quantity,
        unitMinor: p.priceMinor,
        ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
      },
    ]
  })
}
