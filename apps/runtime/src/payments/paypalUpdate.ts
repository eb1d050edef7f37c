import type { Order as PaypalOrder } from '@paypal/paypal-server-sdk'
import type { Order, OrderAddress, OrderPatch, Storage } from '@charla/storage'
import { z } from 'zod'
import type { PaymentUpdate } from './applyPaymentUpdate'
import type { PaymentProviders } from './createPaymentProviders'

type Paypal = NonNullable<PaymentProviders['paypal']>

export const paypalEventSchema = z.object({
  id: z.string().min(1),
  event_type: z.string(),
  resource: z.looseObject({
    id: z.string().optional(),
    custom_id: z.string().optional(),
    status: z.string().optional(),
    purchase_units: z.array(z.looseObject({ custom_id: z.string().optional() })).optional(),
    supplementary_data: z
      .object({ related_ids: z.object({ order_id: z.string().optional() }).optional() })
      .optional(),
  }),
})
export type PaypalEvent = z.infer<typeof paypalEventSchema>

/** The transmission headers PayPal signs a webhook with. */
export const paypalHeadersSchema = z.object({
  'paypal-transmission-id': z.string().min(1),
  'paypal-transmission-time': z.string().min(1),
  'paypal-transmission-sig': z.string().min(1),
  'paypal-cert-url': z.string().min(1),
  'paypal-auth-algo': z.string().min(1),
})

/**
 * Asks PayPal whether it sent this event (verify-webhook-signature), after refusing stale
 * transmissions on our side: a replay of an old, genuinely signed event is refused too.
 */
export async function verifyPaypalWebhook(
  paypal: Paypal,
  headers: z.infer<typeof paypalHeadersSchema>,
  event: unknown,
  now: number,
  toleranceSec: number,
): Promise<boolean> {
  const sent = Date.parse(headers['paypal-transmission-time'])
  if (!Number.isFinite(sent) || Math.abs(now - sent) > toleranceSec * 1000) return false
  const res = await fetch(`${paypal.apiUrl}/v1/notifications/verify-webhook-signature`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await paypal.accessToken()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      auth_algo: headers['paypal-auth-algo'],
      cert_url: headers['paypal-cert-url'],
      transmission_id: headers['paypal-transmission-id'],
      transmission_sig: headers['paypal-transmission-sig'],
      transmission_time: headers['paypal-transmission-time'],
      webhook_id: paypal.webhookId,
      webhook_event: event,
    }),
    signal: AbortSignal.timeout(20_000),
  })
  if (!res.ok) throw new Error(`PayPal verify-webhook-signature answered ${res.status}`)
  const body = (await res.json()) as { verification_status?: unknown }
  return body.verification_status === 'SUCCESS'
}

/**
 * The update a verified PayPal event means. An approved order is captured here (the money
 * moves only then), with a request id tied to the order so a repeated approval never captures
 * twice; the capture's own webhook then finds the order already paid.
 */
export async function paypalUpdate(
  paypal: Paypal,
  storage: Storage,
  event: PaypalEvent,
): Promise<PaymentUpdate | undefined> {
  const r = event.resource
  const base = { provider: 'paypal' as const, eventId: event.id, type: event.event_type }
  switch (event.event_type) {
    case 'CHECKOUT.ORDER.APPROVED': {
      if (!r.id) return undefined
      const orderId = r.purchase_units?.[0]?.custom_id
      const order =
        (orderId ? await storage.orders.get(orderId) : undefined) ??
        (await storage.orders.getByProviderRef('paypal', r.id))
      if (!order || order.status !== 'pending')
        return { ...base, ref: r.id, outcome: 'none', patch: {} }
      return { ...base, orderId: order.id, ...(await capturePaypalOrder(paypal, order, r.id)) }
    }
    case 'PAYMENT.CAPTURE.COMPLETED':
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED': {
      const ref = r.supplementary_data?.related_ids?.order_id
      return {
        ...base,
        ...(r.custom_id ? { orderId: r.custom_id } : {}),
        ...(ref ? { ref } : {}),
        outcome: event.event_type === 'PAYMENT.CAPTURE.COMPLETED' ? 'paid' : 'failed',
        patch: { ...(ref ? { providerOrderId: ref } : {}), paymentMethod: 'PayPal' },
      }
    }
    default:
      return undefined
  }
}

/** Captures an approved PayPal order; also used when the person comes back from PayPal. */
export async function capturePaypalOrder(
  paypal: Paypal,
  order: Order,
  paypalOrderId: string,
): Promise<Pick<PaymentUpdate, 'ref' | 'outcome' | 'patch'>> {
  try {
    const { result } = await paypal.orders.captureOrder({
      id: paypalOrderId,
      paypalRequestId: `${order.idempotencyKey}:capture`,
      prefer: 'return=representation',
    })
    const capture = result.purchaseUnits?.[0]?.payments?.captures?.[0]
    const outcome =
      result.status === 'COMPLETED' && capture?.status !== 'DECLINED'
        ? 'paid'
        : capture?.status === 'DECLINED' || capture?.status === 'FAILED'
          ? 'failed'
          : 'none'
    return { ref: paypalOrderId, outcome, patch: patchOf(result, paypalOrderId) }
  } catch (err) {
    // Already captured (by the other path): the capture webhook settles it.
    if (String(err instanceof Error ? err.message : err).includes('ORDER_ALREADY_CAPTURED'))
      return { ref: paypalOrderId, outcome: 'none', patch: {} }
    throw err
  }
}

function patchOf(o: PaypalOrder, paypalOrderId: string): OrderPatch {
  const shipping = o.purchaseUnits?.[0]?.shipping
  const a = shipping?.address
  const name =
    shipping?.name?.fullName ??
    [o.payer?.name?.givenName, o.payer?.name?.surname].filter(Boolean).join(' ')
  const address: OrderAddress | undefined =
    a?.addressLine1 && a.adminArea2 && a.countryCode
      ? {
          street1: a.addressLine1,
          ...(a.addressLine2 ? { street2: a.addressLine2 } : {}),
          city: a.adminArea2,
          postalCode: a.postalCode ?? '',
          ...(a.adminArea1 ? { state: a.adminArea1 } : {}),
          country: a.countryCode,
        }
      : undefined
  const email = o.payer?.emailAddress ?? o.paymentSource?.paypal?.emailAddress
  return {
    providerOrderId: paypalOrderId,
    paymentMethod: 'PayPal',
    ...(name ? { customerName: name } : {}),
    ...(email ? { email } : {}),
    ...(address ? { address } : {}),
  }
}
