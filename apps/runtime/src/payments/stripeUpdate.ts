import type Stripe from 'stripe'
import type { OrderAddress, OrderPatch } from '@charla/storage'
import type { PaymentUpdate } from './applyPaymentUpdate'

const OUTCOMES: Record<string, (s: Stripe.Checkout.Session) => PaymentUpdate['outcome']> = {
  // A completed session may still wait for a delayed method (SEPA, Boleto): then it is paid
  // only at async_payment_succeeded.
  'checkout.session.completed': (s) =>
    s.payment_status === 'paid' || s.payment_status === 'no_payment_required' ? 'paid' : 'none',
  'checkout.session.async_payment_succeeded': () => 'paid',
  'checkout.session.async_payment_failed': () => 'failed',
  'checkout.session.expired': () => 'expired',
}

/** The update a verified Stripe event means, or undefined for events Charla does not use. */
export async function stripeUpdate(
  stripe: Stripe,
  event: Stripe.Event,
): Promise<PaymentUpdate | undefined> {
  const outcomeOf = OUTCOMES[event.type]
  if (!outcomeOf) return undefined
  const session = event.data.object as Stripe.Checkout.Session
  const outcome = outcomeOf(session)
  const shipping = session.collected_information?.shipping_details
  const details = session.customer_details
  const address = toAddress(shipping?.address ?? null)
  const patch: OrderPatch = {
    providerSessionId: session.id,
    ...(typeof session.payment_intent === 'string'
      ? { providerOrderId: session.payment_intent }
      : {}),
    ...((shipping?.name ?? details?.name)
      ? { customerName: shipping?.name ?? details?.name ?? '' }
      : {}),
    ...(details?.email ? { email: details.email } : {}),
    ...(details?.phone ? { phone: details.phone } : {}),
    ...(address ? { address } : {}),
  }
  if (outcome === 'paid') patch.paymentMethod = await paymentMethodOf(stripe, session)
  return {
    provider: 'stripe',
    eventId: event.id,
    type: event.type,
    ...(session.client_reference_id ? { orderId: session.client_reference_id } : {}),
    ref: session.id,
    outcome,
    patch,
  }
}

/** "Visa •••• 4242" for the receipt; "Card" when Stripe cannot say. */
async function paymentMethodOf(stripe: Stripe, session: Stripe.Checkout.Session): Promise<string> {
  if (typeof session.payment_intent !== 'string') return 'Card'
  try {
    const intent = await stripe.paymentIntents.retrieve(session.payment_intent, {
      expand: ['latest_charge'],
    })
    const charge = intent.latest_charge
    const details = typeof charge === 'object' && charge ? charge.payment_method_details : null
    if (details?.card?.last4) {
      const brand = details.card.brand ?? 'card'
      return `${brand.charAt(0).toUpperCase()}${brand.slice(1)} •••• ${details.card.last4}`
    }
    return details?.type ? details.type.replace(/_/g, ' ') : 'Card'
  } catch {
    return 'Card'
  }
}

function toAddress(a: Stripe.Address | null): OrderAddress | undefined {
  if (!a?.line1 || !a.city || !a.country) return undefined
  return {
    street1: a.line1,
    ...(a.line2 ? { street2: a.line2 } : {}),
    city: a.city,
    postalCode: a.postal_code ?? '',
    ...(a.state ? { state: a.state } : {}),
    country: a.country,
  }
}
